"""The report's outline (`kerangka` in laporan.yaml) as data: chapters, sections, tables.

A report declares its own chapters and sections with their numbers and titles, and places tables
by kind with the number and title the document gives them. From the outline come the site's pages
(a chapter, or a section with its own `halaman`), headings and their anchors, table captions and
anchors, the Daftar Isi and the Daftar Tabel, and the place a finding's `sumber` ("Tabel <nomor>",
"Teks <nomor bagian>") points to. Nothing here knows one document's numbering.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .i18n import N_, _
from .problems import ERROR, WARNING

BLOCK_KEYS = ("teks", "bagian", "tabel", "daftar", "catatan", "uraian", "tanda_tangan", "identitas", "rumus_capaian", "kesinambungan")
RESERVED_PAGES = {"index", "kualitas-data", "dokumen", "perbandingan", "data", "glosarium", "akuntabilitas-iku", "iku", "program", "assets"}
_CHAPTER_WORD = {"bab": "Bab", "lampiran": "Lampiran"}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def same_number(a, b) -> bool:
    """'c.' and 'C' and 'c' name the same section; '3.2' and '3.2.' the same table."""
    return a is not None and b is not None and str(a).strip().rstrip(".").lower() == str(b).strip().rstrip(".").lower()


def slugify(text: str) -> str:
    return _NON_WORD.sub("-", str(text).lower()).strip("-") or "bagian"


@dataclass
class Heading:
    """A chapter or section: what the Daftar Isi lists and a finding's `Teks x.y` points to."""

    id: str
    nomor: str | None
    judul: str
    tingkat: int  # 1 chapter, 2 section, 3 subsection, ...
    halaman: str  # the page it is on (path inside the report folder)
    anchor: str
    jenis: str = "bagian"
    judul_daftar: str | None = None

    @property
    def label(self) -> str:
        """'Bab III Akuntabilitas Kinerja', '3.1.6 Analisis ...', 'Kata Pengantar'."""
        if self.tingkat == 1 and self.jenis in _CHAPTER_WORD:
            return f"{_CHAPTER_WORD[self.jenis]} {self.nomor} {self.judul}".replace("  ", " ").strip() if self.nomor else self.judul
        return f"{self.nomor} {self.judul}" if self.nomor else self.judul


@dataclass
class TablePlace:
    """Where a table stands: its id, number, page and anchor."""

    id: str
    spec: dict
    halaman: str
    anchor: str
    path: tuple  # where its spec stands in laporan.yaml (or in program.yaml for a tree node's table)
    file: str = "laporan"

    @property
    def nomor(self) -> str | None:
        return self.spec.get("nomor")


@dataclass
class Page:
    """One page of the site made from the outline: a chapter, or a section with its own page."""

    path: str  # inside the report folder: "profil.md"
    heading: Heading
    node: dict  # the chapter or section mapping
    blocks: list  # its `isi`


@dataclass
class Outline:
    pages: list = field(default_factory=list)
    headings: list = field(default_factory=list)
    tables: list = field(default_factory=list)  # TablePlace, document order
    front: list = field(default_factory=list)  # chapters of jenis pengantar (Kata Pengantar), no page of their own
    item_pages: dict = field(default_factory=dict)  # "iku" / "program" -> the page whose `uraian` lists them
    section_anchors: dict = field(default_factory=dict)  # id() of a section's mapping -> its anchor (unique in the report)

    def anchor_of(self, section: dict) -> str:
        return self.section_anchors.get(id(section)) or _section_anchor(section)

    def table(self, table_id: str) -> TablePlace | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def by_number(self, nomor: str) -> TablePlace | None:
        return next((t for t in self.tables if same_number(t.nomor, nomor) and not t.spec.get("lanjutan")), None)

    def table_by_number_or_id(self, key: str) -> TablePlace | None:
        """'Tabel <nomor>' names a table by its number; an unnumbered table is named by its id."""
        return self.by_number(key) or next((t for t in self.tables if t.id == key), None)

    def heading_by_number(self, nomor: str, words: str = "") -> Heading | None:
        """The section with this number. Numbers may repeat across chapters ('1.' under two
        sections): then the one whose title the source's words name, else the first."""
        found = [h for h in self.headings if same_number(h.nomor, nomor)]
        named = [h for h in found if h.judul and h.judul.lower() in words.lower()]
        return (named or found or [None])[0]

    def daftar_isi(self, deepest: int = 3) -> list:
        """(heading, depth) for the table of contents: chapters, numbered sections down to `deepest`,
        and unnumbered sections that hold numbered ones; depth counts the listed ancestors only."""
        shown = [h for h in self.headings if h.tingkat <= deepest]
        listed = set()
        for i, h in enumerate(shown):
            if h.tingkat == 1 or h.nomor:
                listed.add(i)
                ancestor_level = h.tingkat
                for j in range(i - 1, -1, -1):  # unnumbered ancestors of a numbered section are listed too
                    if shown[j].tingkat < ancestor_level:
                        listed.add(j)
                        ancestor_level = shown[j].tingkat
        result, stack = [], []
        for i, h in enumerate(shown):
            while stack and stack[-1] >= h.tingkat:
                stack.pop()
            if i in listed:
                result.append((h, len(stack)))
                stack.append(h.tingkat)
        return result

    def page_of(self, kind: str) -> str | None:
        return self.item_pages.get(kind)

    def resolve(self, sumber: str) -> tuple[str, str] | None:
        """(page, anchor) of a statement's source: 'Tabel <nomor>' -> that table, 'Teks <nomor bagian>' -> that section."""
        match = re.match(r"^\s*(tabel|teks|bagian|sub ?bab)\s+([0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*)", sumber or "", re.I)
        if not match:
            return None
        kind, number = match.group(1).lower(), match.group(2)
        if kind == "tabel":
            place = self.table_by_number_or_id(number)
            return (place.halaman, place.anchor) if place else None
        heading = self.heading_by_number(number, sumber[match.end():])
        return (heading.halaman, heading.anchor) if heading else None


def chapter_page(chapter: dict) -> str:
    return f"{chapter.get('halaman') or chapter['id']}.md"


def _section_anchor(node: dict) -> str:
    if node.get("id"):
        return node["id"]
    if node.get("nomor"):
        return "bagian-" + slugify(node["nomor"])
    return slugify(node.get("judul", "bagian"))


def table_anchor(spec: dict, table_id: str) -> str:
    if spec.get("nomor") and not spec.get("lanjutan"):
        return "tabel-" + slugify(spec["nomor"])
    return "tabel-" + table_id


def _table_specs(blocks):
    for block in blocks:
        if "tabel" in block:
            yield block["tabel"]
        elif "bagian" in block:
            yield from _table_specs(block["bagian"]["isi"])


def explicit_table_ids(outline: list, node_tables: list | None = None) -> list:
    specs = [spec for chapter in outline for spec in _table_specs(chapter["isi"])]
    specs += [spec for unused, node_specs in node_tables or [] for spec in node_specs]
    return [spec["id"] for spec in specs if spec.get("id")]


# names the site gives files and tables of its own (data/<id>.csv beside them): not for content
RESERVED_TABLE_IDS = re.compile(r"^(datapackage|ringkasan-iku|temuan-kualitas-data|lkjip-[0-9]{4}|iku-.+-(ukur|renstra|anggaran|pembanding)"
                                r"|program-.+-(anggaran|indikator))$")


def build(outline: list, node_tables: list | None = None) -> Outline:
    """The outline of one report. `node_tables`: (program-tree node path, [table specs]) for tables
    that stand with an item (they are placed where the outline's `uraian: program` block is)."""
    result = Outline()
    taken = set(explicit_table_ids(outline, node_tables))  # an id the content gives is never handed out again
    used_anchors: set = set()

    def unique(spec: dict) -> str:
        if spec.get("id"):
            return spec["id"]
        base, count = spec["jenis"], 1
        candidate = base
        while candidate in taken:
            count += 1
            candidate = f"{base}-{count}"
        taken.add(candidate)
        return candidate

    def add_table(spec, page, path, file="laporan"):
        table_id = unique(spec)
        anchor = table_anchor(spec, table_id)
        if anchor in used_anchors:
            anchor = "tabel-" + table_id
        used_anchors.add(anchor)
        result.tables.append(TablePlace(table_id, spec, page, anchor, path, file))

    def walk(blocks, page, level, path):
        for index, block in enumerate(blocks):
            where = path + (index,)
            if "bagian" in block:
                node = block["bagian"]
                own = f"{node['halaman']}.md" if node.get("halaman") else page
                anchor = _section_anchor(node)
                if anchor in used_anchors:  # two sections of the same title: the second gets a number
                    anchor = next(f"{anchor}-{k}" for k in range(2, 10_000) if f"{anchor}-{k}" not in used_anchors)
                used_anchors.add(anchor)
                result.section_anchors[id(node)] = anchor
                result.headings.append(Heading(node.get("id") or anchor, _str(node.get("nomor")), node["judul"], level, own, anchor,
                                               judul_daftar=node.get("judul_daftar")))
                if node.get("halaman"):
                    result.pages.append(Page(own, result.headings[-1], node, node["isi"]))
                walk(node["isi"], own, level + 1, where + ("bagian", "isi"))
            elif "tabel" in block:
                add_table(block["tabel"], page, where + ("tabel",))
            elif "uraian" in block:
                kind = block["uraian"]["jenis"]
                result.item_pages.setdefault(kind, page)
                if kind == "program":
                    for node_path, specs in node_tables or []:
                        for ti, spec in enumerate(specs):
                            add_table(spec, page, node_path + ("tabel", ti), "program")

    for ci, chapter in enumerate(outline):
        jenis = chapter.get("jenis", "bab")
        page = chapter_page(chapter)
        heading = Heading(chapter["id"], _str(chapter.get("nomor")), chapter["judul"], 1, page, chapter["id"], jenis, chapter.get("judul_daftar"))
        result.headings.append(heading)
        if jenis == "pengantar" and not chapter.get("halaman"):
            heading.halaman = "index.md"
            result.front.append(chapter)
        else:
            result.pages.append(Page(page, heading, chapter, chapter["isi"]))
        walk(chapter["isi"], heading.halaman, 2, ("kerangka", ci, "isi"))  # appends the pages split from this chapter
    return result


def _str(value):
    return None if value is None else str(value)


# --- validation ---------------------------------------------------------------------------------

def problems(outline: list, present: set, final: bool):
    """(path inside kerangka, message, severity) for an outline that cannot be made into pages."""
    from .tabel import NEEDS

    pages: dict = {}
    ids: dict = {}
    numbers: dict = {}
    for ci, chapter in enumerate(outline):
        page = chapter.get("halaman") or chapter["id"]
        if chapter.get("jenis", "bab") != "pengantar" or chapter.get("halaman"):
            yield from _unique_page(pages, page, (ci, "halaman" if chapter.get("halaman") else "id"))
        yield from _unique(ids, chapter["id"], (ci, "id"), N_("ID bab '{ident}' sudah dipakai di kerangka{where}"))
        stack = [(chapter["isi"], (ci, "isi"))]
        while stack:
            blocks, path = stack.pop()
            for index, block in enumerate(blocks):
                where = path + (index,)
                if "bagian" in block:
                    node = block["bagian"]
                    if node.get("halaman"):
                        yield from _unique_page(pages, node["halaman"], where + ("bagian", "halaman"))
                    if node.get("id"):
                        yield from _unique(ids, node["id"], where + ("bagian", "id"), N_("ID bagian '{ident}' sudah dipakai di kerangka{where}"))
                    stack.append((node["isi"], where + ("bagian", "isi")))
                elif "tabel" in block:
                    spec = block["tabel"]
                    if spec.get("id"):
                        yield from _unique(ids, spec["id"], where + ("tabel", "id"), N_("ID tabel '{ident}' sudah dipakai di kerangka{where}"))
                        if RESERVED_TABLE_IDS.match(spec["id"]):
                            yield (where + ("tabel", "id"), _("ID tabel '{ident}' dipakai situs sendiri (berkas atau tabel buatannya); pilih ID lain").format(ident=spec["id"]), ERROR)
                    if spec.get("nomor") and not spec.get("lanjutan"):
                        earlier = numbers.get(str(spec["nomor"]).rstrip(".").lower())
                        if earlier is not None:
                            yield (where + ("tabel", "nomor"), _("nomor tabel {nomor} sudah dipakai di kerangka{where}; "
                                                                 "tulis lanjutan: true bila ini bagian kedua tabel yang sama").format(
                                       nomor=spec["nomor"], where=_where(earlier)), WARNING)
                        else:
                            numbers[str(spec["nomor"]).rstrip(".").lower()] = where
                    missing = [f for f in NEEDS.get(spec["jenis"], ()) if f not in present]
                    if missing and final:
                        yield (where + ("tabel", "jenis"), _("tabel {jenis} memerlukan {files}, yang tidak ada; situs akan menulis 'tidak dimuat dalam laporan'").format(
                            jenis=spec["jenis"], files=", ".join(m + ".yaml" for m in missing)), WARNING)
                    if spec["jenis"] == "data":
                        for subpath, message, severity in data_table_problems(spec, final):
                            yield (where + ("tabel",) + subpath, message, severity)
                elif "uraian" in block:
                    need = {"iku": "kinerja", "program": "program"}[block["uraian"]["jenis"]]
                    if need not in present and final:
                        yield (where + ("uraian", "jenis"), _("uraian {jenis} memerlukan {file}, yang tidak ada").format(
                            jenis=block["uraian"]["jenis"], file=f"{need}.yaml"), WARNING)


def _unique_page(pages: dict, page: str, path: tuple):
    if page in RESERVED_PAGES:
        yield (path, _("alamat halaman '{page}' dipakai situs sendiri; pilih nama lain").format(page=page), ERROR)
    elif page in pages:
        yield (path, _("alamat halaman '{page}' sudah dipakai di kerangka{where}; setiap halaman perlu alamat sendiri").format(
            page=page, where=_where(pages[page])), ERROR)
    pages.setdefault(page, path)


def _unique(ids: dict, ident: str, path: tuple, message: str):
    """`message`: the catalog's words for a repeated id of this kind, with {ident} and {where}."""
    if ident in ids:
        yield (path, _(message).format(ident=ident, where=_where(ids[ident])), ERROR)
    ids.setdefault(ident, path)


def _where(path: tuple) -> str:
    from .problems import format_path

    return f" (kerangka{format_path(path)})"


_NUMERIC = {"bilangan", "cacah", "rupiah", "persen"}
_ROW_META = {"dinyatakan", "kelompok", "kode", "baris"}
_STATEMENT_META = {"sumber", "catatan", "halaman", "baris", "terbilang"}


def data_table_problems(spec: dict, final: bool = False):
    """(path inside the table, message, severity) for a data table whose columns, sums or rows
    disagree, or whose cells do not hold what their column says (a count that is negative, a
    number typed with a thousands separator); in a final report a row must fill every number
    column (an explicit null for a cell the document leaves blank)."""
    from .validate import number_hint

    columns = [c if isinstance(c, dict) else {"kunci": c} for c in spec.get("kolom", [])]
    keys = [c["kunci"] for c in columns]
    kinds = {c["kunci"]: c.get("jenis", "teks") for c in columns}
    for index, key in enumerate(keys):
        if keys.index(key) != index:
            yield (("kolom", index, "kunci"), _("kolom '{key}' ditulis dua kali").format(key=key), ERROR)
    for index, key in enumerate(spec.get("jumlah", [])):
        if key not in kinds:
            yield (("jumlah", index), _not_a_column(key, keys), ERROR)
        elif kinds[key] not in _NUMERIC:
            yield (("jumlah", index), _("kolom '{key}' berisi teks; hanya kolom bilangan, cacah, rupiah atau persen yang dapat dijumlahkan").format(key=key), ERROR)
    for index, column in enumerate(columns):
        rumus = column.get("rumus") or {}
        how = "jumlah" if "jumlah" in rumus else "rata_rata"
        for pi, part in enumerate(rumus.get(how) or []):
            if part not in kinds or kinds[part] not in _NUMERIC:
                yield (("kolom", index, "rumus", how, pi), _("'{key}' bukan kolom bilangan tabel ini").format(key=part), ERROR)
    for key, whole in (spec.get("tidak_melebihi") or {}).items():
        for name in (key, whole):
            if name not in kinds or kinds[name] not in _NUMERIC:
                yield (("tidak_melebihi", key), _("'{key}' bukan kolom bilangan tabel ini ({keys})").format(key=name, keys=", ".join(keys)), ERROR)
    grafik = spec.get("grafik")
    for index, key in enumerate(grafik.get("seri", []) if isinstance(grafik, dict) else []):
        if key not in kinds:
            yield (("grafik", "seri", index), _not_a_column(key, keys), ERROR)
        elif kinds[key] not in _NUMERIC:
            yield (("grafik", "seri", index), _("kolom '{key}' berisi teks; grafik hanya dapat menggambar kolom bilangan").format(key=key), ERROR)
    labels = set()
    label_key = next((k for k in keys if kinds[k] == "teks"), keys[0] if keys else None)

    def rows(items, base):
        for ri, row in enumerate(items):
            if "kelompok" in row:
                yield from rows(row.get("baris", []), base + (ri, "baris"))
                continue
            labels.add(str(row.get(label_key)))
            for key, value in row.items():
                if key in _ROW_META:
                    continue
                if key not in kinds:
                    yield (base + (ri, key), _not_a_column(key, keys), ERROR)
                elif kinds[key] in _NUMERIC and value is not None and not _is_number(value):
                    hint = number_hint(str(value))
                    yield (base + (ri, key), hint or _("kolom '{key}' berisi bilangan, tertulis '{value}'").format(key=key, value=value), ERROR)
                elif kinds[key] == "cacah" and _is_number(value) and (value < 0 or value != int(value)):
                    yield (base + (ri, key), _("{value} bukan jumlah yang sah: kolom '{key}' berisi bilangan bulat tidak negatif").format(value=value, key=key), ERROR)
            for key, whole in (spec.get("tidak_melebihi") or {}).items():
                if _is_number(row.get(key)) and _is_number(row.get(whole)) and row[key] > row[whole]:
                    yield (base + (ri, key), _("{key} {value} melebihi {whole} {whole_value} pada baris ini; "
                                               "tabel ini menyatakan {key} tidak melebihi {whole}").format(
                        key=key, value=row[key], whole=whole, whole_value=row[whole]), ERROR)
            computed = {c["kunci"] for c in columns if c.get("rumus")}
            for key in keys:
                if final and kinds[key] in _NUMERIC and key not in computed and key not in row:
                    yield (base + (ri,), _("kolom '{key}' belum diisi pada baris ini; tulis null bila dokumen mengosongkannya").format(key=key), ERROR)
            for si, statement in enumerate(row.get("dinyatakan", [])):
                yield from _statement_keys(statement, kinds, base + (ri, "dinyatakan", si))

    yield from rows(spec.get("baris", []), ("baris",))
    for si, statement in enumerate(spec.get("dinyatakan", [])):
        yield from _statement_keys(statement, kinds, ("dinyatakan", si))
        if statement.get("baris") is not None and str(statement["baris"]) not in labels:
            yield (("dinyatakan", si, "baris"), _("tidak ada baris '{row}' di tabel ini").format(row=statement["baris"]), ERROR)


def _statement_keys(statement: dict, kinds: dict, path: tuple):
    for key in statement:
        if key not in _STATEMENT_META and key not in kinds:
            yield (path + (key,), _not_a_column(key, kinds), ERROR)


def _not_a_column(key: str, keys) -> str:
    return _("'{key}' bukan kunci kolom tabel ini ({keys})").format(key=key, keys=", ".join(keys))


def _is_number(value) -> bool:
    from decimal import Decimal

    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)
