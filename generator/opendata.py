"""Open data: every table of the report as CSV, JSON and XLSX, plus a Frictionless Data Package descriptor.

Pure functions (no file or network access): the report's tables (tabel.py, the same ones the pages
show) in, text out, so downloads always say the same numbers as the pages.

Conventions (the same in every table):

* Numbers are machine-readable: a dot as decimal separator, no thousands separator, no unit:
  `10036268000.00`, `60.97`. Money (rupiah) is exact to the sen; percentages, capaian, porsi,
  penyerapan and efficiency figures are rounded as the report rounds them (its `pembulatan`), as the
  site shows them. Counts are integers. An indicator value in another unit (e.g. 157 unit usaha)
  is written as typed, with its unit in the `satuan` column. A figure that cannot be computed is
  empty (JSON null).
* Totals and subtotals are rows of their own, marked by the `tingkat` column (`total` for the
  grand total; otherwise the level of the row). Rows of a higher level are roll-ups of the rows
  below them, so sum only one level. Hierarchical tables carry `id` and `induk` (the parent's id).
* CSV: UTF-8 without BOM, header row, comma separator, RFC 4180 quoting, "\\n" line ends. A text
  cell starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with a single quote so
  that spreadsheets never run it as a formula; number cells are never touched. JSON keeps the text.
* XLSX (one workbook per table, written with openpyxl): sheet 1 holds the same header row and the
  same rows as the CSV, as typed cells: numbers are numbers (a number format shows thousands
  separators and the decimals written; a spreadsheet displays them in the reader's locale, so
  `10.036.268.000,00` in an Indonesian one), percentages the computed value (`87.36`, not 0.8736),
  true/false as booleans, text always as text (never run as a formula, so no quote is added).
  Money stays exact: a number cell holds the exact decimal text (`74885404.07`, as in the CSV);
  a spreadsheet keeps 15 significant digits, so every amount below 10^13 rupiah stays exact to
  the sen, and a figure with more digits is written as text with its exact digits rather than
  as a number a spreadsheet would round. Sheet 2, "Keterangan", names the table and describes
  every column.
* Output is deterministic: fixed table, column and row order, no timestamps. An XLSX workbook
  carries dates (its creation date and the date of each zip entry): they are the report's signing
  date (`laporan.tanggal`), or 1980-01-01 for a draft without one, never the time of the build.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from decimal import Decimal

from . import numbers as n
from . import tabel as tb
from .problems import format_path

TEMUAN = "temuan-kualitas-data"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TYPES = {tb.TEKS: "string", tb.BILANGAN: "number", tb.CACAH: "integer", tb.RUPIAH: "number", tb.PERSEN: "number", tb.POIN: "number",
          tb.INDEKS: "number", tb.NILAI: "number", tb.YA_TIDAK: "boolean"}


def _value(cell: tb.Cell | None, column: tb.Column, metode):
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value
    kind = column.jenis
    if kind == tb.RUPIAH:
        return n.round_half_up(Decimal(value), 2)
    if kind in (tb.PERSEN, tb.POIN, tb.INDEKS) or kind == tb.NILAI and (cell.satuan or "").strip() == "%":
        return metode.bulat(Decimal(value))
    if kind == tb.TEKS:
        return str(value)
    if column.dihitung and isinstance(value, Decimal) and value != value.to_integral_value():
        return metode.bulat(value)  # an average, as the site shows it
    return value


def _has_text(table: tb.Table, column: tb.Column) -> bool:
    return any(isinstance((r.cells.get(column.key) or tb.Cell()).value, str) for r in table.rows)


def fields(table: tb.Table) -> list[tuple[str, str, str]]:
    """(name, Frictionless type, description) of every CSV column of a table."""
    result = []
    if any(r.tingkat != "data" for r in table.rows):
        result.append(("tingkat", "string", "Tingkat baris; 'total' untuk baris jumlah keseluruhan"))
    if any(r.id for r in table.rows):
        result.append(("id", "string", "ID tetap butir di isi laporan"))
    if any(r.induk for r in table.rows):
        result.append(("induk", "string", "ID (atau nama) butir induknya"))
    for c in table.columns:
        if c.key == "data":  # the raw facts behind a measurement, as numbers
            keys = sorted({k for r in table.rows for k in ((r.cells.get("data") or tb.Cell()).fakta or {})}, key=_FACT_ORDER.index)
            result += [(k, "number", _FACT_LABELS[k]) for k in keys]
            continue
        kind = "string" if c.jenis != tb.YA_TIDAK and _has_text(table, c) and c.jenis != tb.TEKS else _TYPES.get(c.jenis, "string")
        if c.jenis in (tb.BILANGAN, tb.CACAH) and all(isinstance((r.cells.get(c.key) or tb.Cell()).value, (int, type(None))) for r in table.rows):
            kind = "integer"
        result.append((c.key, kind, c.keterangan or c.label))
    if any(c.jenis == tb.NILAI for c in table.columns) and not table.column("satuan"):
        result.append(("satuan", "string", "Satuan nilai indikator"))
    return result


_FACT_ORDER = ["pembilang", "penyebut", "nilai_awal", "nilai_akhir", "nilai"]
_FACT_LABELS = {"pembilang": "Pembilang (data mentah)", "penyebut": "Penyebut (data mentah)", "nilai_awal": "Nilai awal (data mentah)",
                "nilai_akhir": "Nilai akhir (data mentah)", "nilai": "Nilai (data mentah)"}


def rows(table: tb.Table, metode) -> list[dict]:
    names = [f[0] for f in fields(table)]
    out = []
    for row in table.rows:
        record = {}
        for name in names:
            if name == "tingkat":
                record[name] = row.tingkat
            elif name == "id":
                record[name] = row.id
            elif name == "induk":
                record[name] = row.induk
            elif name in _FACT_LABELS and not table.column(name):
                facts = (row.cells.get("data") or tb.Cell()).fakta or {}
                record[name] = facts.get(name)
            elif name == "satuan" and not table.column("satuan"):
                units = [row.cells[c.key].satuan for c in table.columns if c.jenis == tb.NILAI and c.key in row.cells and row.cells[c.key].satuan]
                record[name] = units[0] if units else None
            else:
                column = table.column(name)
                record[name] = _value(row.cells.get(name), column, metode)
        out.append(record)
    return out


def _cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return _number(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _number(value) -> str:
    """Plain decimal notation, never an exponent, never -0."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{value!r} bukan bilangan hingga")
    if value.is_zero():
        value = abs(value)
    return format(value, "f")


def to_csv(table: tb.Table, metode) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    spec = fields(table)
    writer.writerow([name for name, _, _ in spec])
    for record in rows(table, metode):
        writer.writerow([_cell(record[name], kind) for name, kind, _ in spec])
    return out.getvalue()


_string = json.encoder.encode_basestring  # what json.dumps(text, ensure_ascii=False) writes, without its per-call set-up


def _json(value, level: int = 0) -> str:
    """JSON with Decimal written exactly (its plain decimal form), 2-space indent, keys in given order."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return _number(value)
    if isinstance(value, float):
        raise TypeError("float diberikan padahal diperlukan bilangan eksak")
    if isinstance(value, str):
        return _string(value)
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{_string(str(k))}: {_json(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _json(v, level + 1) for v in value) + "\n" + pad + "]"
    raise TypeError(f"{type(value).__name__} tidak dapat ditulis sebagai JSON")


def to_json(table: tb.Table, metode) -> str:
    return _json(rows(table, metode)) + "\n"


# --- XLSX ---------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_MAX = 31  # Excel's limit on a sheet name
_NO_DATE = datetime.datetime(1980, 1, 1)  # the earliest date a zip entry can carry
_MONEY_FORMAT = "#,##0.00"


def sheet_name(table: tb.Table) -> str:
    """The data sheet's name: 'Tabel <nomor>', else the table's id; without the characters Excel
    refuses in a sheet name and within its 31 characters."""
    name = f"Tabel {table.nomor}" if table.nomor else table.id
    name = _SHEET_FORBIDDEN.sub("-", name).strip("'") or "data"
    return name[:SHEET_MAX]


def stamp(report) -> datetime.datetime:
    """The one date written into every workbook of a report: its signing date."""
    value = report.laporan.get("tanggal")
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and len(value) == 10:
        return datetime.datetime.fromisoformat(value)
    return _NO_DATE


def _number_format(value, kind: tb.Column | None) -> str:
    """Thousands separators for amounts and counts, the decimals the value is written with;
    numbering and codes (kind 'bilangan') stay General, so a year never reads '2.025'."""
    if kind is not None and kind.jenis == tb.RUPIAH:
        return _MONEY_FORMAT
    if kind is not None and kind.jenis == tb.BILANGAN:
        return "General"
    places = -value.as_tuple().exponent if isinstance(value, Decimal) and value.as_tuple().exponent < 0 else 0
    return "#,##0" + ("." + "0" * places if places else "")


SPREADSHEET_DIGITS = 15  # significant digits a spreadsheet keeps of a number (Excel, LibreOffice)


def _fits_a_spreadsheet(value: Decimal) -> bool:
    return len(value.normalize().as_tuple().digits) <= SPREADSHEET_DIGITS


def _write_cell(sheet, row: int, column: int, value, kind: tb.Column | None) -> str | None:
    """Writes one typed cell; returns the exact decimal text of a number cell."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return None
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, (int, Decimal)):
        value = Decimal(value)
        if not value.is_finite():
            raise ValueError(f"{value!r} bukan bilangan hingga")
        if value.is_zero():
            value = abs(value)
        if not _fits_a_spreadsheet(value):  # more digits than a spreadsheet number keeps: the exact digits, as text
            cell.value = _number(value)
            cell.data_type = "s"
            return None
        cell.value = int(value) if value.as_tuple().exponent >= 0 else value
        cell.number_format = _number_format(value, kind)
        return _number(value)
    else:
        cell.value = str(value)
        cell.data_type = "s"  # text is text: '=...' is never a formula
    return None


_NUMBER_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*) t="n"><v>[^<]*</v>')


def _exact_numbers(sheet_xml: bytes, exact: dict[str, str]) -> bytes:
    """openpyxl writes a number as '%.16g' of its float (74885404.07 as '74885404.06999999', the
    same double); put the exact decimal text back, so the file says what the CSV says."""
    def put(match):
        coordinate = match.group(1)
        return f'<c r="{coordinate}"{match.group(2)} t="n"><v>{exact[coordinate]}</v>' if coordinate in exact else match.group(0)
    return _NUMBER_CELL.sub(put, sheet_xml.decode("utf-8")).encode("utf-8")


def _fit_columns(sheet, widest: int = 60) -> None:
    """Column widths from the longest text in each column (a spreadsheet does not do it itself)."""
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(sheet.iter_cols(values_only=True), 1):
        longest = max((len(str(v)) for v in column if v is not None), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest, 6) + 2, widest)


_DATA_SHEET = "xl/worksheets/sheet1.xml"


def _fixed_zip(data: bytes, when: datetime.datetime, exact: dict[str, str]) -> bytes:
    """The same archive with every entry dated `when` (openpyxl dates them with the clock) and
    the data sheet's numbers in their exact decimal text."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            content = source.read(entry.filename)
            target.writestr(info, _exact_numbers(content, exact) if entry.filename == _DATA_SHEET else content)
    return out.getvalue()


def to_xlsx(table: tb.Table, metode, when: datetime.datetime = _NO_DATE, author: str = "lkjip") -> bytes:
    """One table as an XLSX workbook (bytes): the CSV's header and rows as typed cells, a sheet
    describing the columns; byte-identical for the same table and date."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    spec = fields(table)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(table)
    bold = Font(bold=True)
    for column, (name, _, _) in enumerate(spec, 1):
        sheet.cell(row=1, column=column, value=name).font = bold
    exact = {}
    for row, record in enumerate(rows(table, metode), 2):
        for column, (name, _, _) in enumerate(spec, 1):
            text = _write_cell(sheet, row, column, record[name], table.column(name))
            if text is not None:
                exact[sheet.cell(row=row, column=column).coordinate] = text
    sheet.freeze_panes = "A2"
    _fit_columns(sheet)
    about = workbook.create_sheet("Keterangan")
    about.append(["Tabel", _title(table)])
    if table.keterangan:
        about.append(["Keterangan", table.keterangan])
    about.append(["Catatan", "Lembar pertama memuat baris yang sama dengan berkas CSV tabel ini. Rupiah sampai sen; "
                             "persen sebagai angka yang dihitung, tanpa tanda % (50,5 berarti 50,5%); baris jumlah ditandai kolom 'tingkat'."])
    about.append([])
    about.append(["Kolom", "Jenis", "Uraian"])
    for name, kind, description in spec:
        about.append([name, kind, description])
    for line in about.iter_rows():
        for cell in line:
            if cell.value is not None:
                cell.data_type = "s"
    for cell in about[about.max_row - len(spec)]:
        cell.font = bold
    _fit_columns(about)
    workbook.properties.creator = author
    workbook.properties.lastModifiedBy = author
    workbook.properties.title = _title(table)
    workbook.properties.created = when
    workbook.properties.modified = when
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # not workbook.save(): that stamps the clock as 'modified'
    return _fixed_zip(buffer.getvalue(), when, exact)


def _title(table: tb.Table) -> str:
    return ((f"Tabel {table.nomor}. " if table.nomor else "") + (table.judul_daftar or table.judul or table.id)).strip()


def findings_table(report) -> tb.Table:
    cols = [tb.Column("nomor", "No", tb.BILANGAN), tb.Column("jenis", "Jenis", keterangan="selisih; pembulatan (beda paling banyak satu satuan pada digit terakhir yang ditulis); atau bertingkat (sesuai dengan angka yang sudah dibulatkan di dokumen itu sendiri)"),
            tb.Column("bagian", "Berkas isi"), tb.Column("lokasi", "Lokasi", keterangan="Berkas:baris:kolom di content/"),
            tb.Column("jalur", "Jalur nilai di dalam berkas"), tb.Column("kunci", "ID hal yang dinilai"), tb.Column("subjek", "Angka apa"),
            tb.Column("sumber", "Tempat di dokumen"), tb.Column("dinyatakan", "Angka tertulis di dokumen (format Indonesia)"),
            tb.Column("dinyatakan_angka", "Angka tertulis, sebagai bilangan", tb.BILANGAN),
            tb.Column("dihitung", "Hasil hitungan dari data mentah, yang ditampilkan situs"),
            tb.Column("dihitung_angka", "Hasil hitungan, sebagai bilangan", tb.BILANGAN), tb.Column("catatan", "Keterangan")]
    data = [tb.Row({"nomor": tb.Cell(i), "jenis": tb.Cell(f.jenis), "bagian": tb.Cell(f.file), "lokasi": tb.Cell(f.lokasi),
                    "jalur": tb.Cell(format_path(f.path)), "kunci": tb.Cell(f.kunci), "subjek": tb.Cell(f.subjek), "sumber": tb.Cell(f.sumber),
                    "dinyatakan": tb.Cell(f.dinyatakan), "dinyatakan_angka": tb.Cell(f.tertulis_angka),
                    "dihitung": tb.Cell(f.ditampilkan(report.metode.desimal, report.metode.cara)),
                    "dihitung_angka": tb.Cell(f.ditampilkan_angka(report.metode.desimal, report.metode.cara)), "catatan": tb.Cell(f.catatan or None)})
            for i, f in enumerate(report.temuan, 1)]
    return tb.Table(id=TEMUAN, jenis="temuan", judul=f"Catatan Kualitas Data {report.tahun}", columns=cols, rows=data,
                    keterangan="Setiap tempat angka tertulis di dokumen berbeda dengan hasil hitungan dari data mentahnya. Situs menampilkan hasil hitungan.")


def metadata(report) -> dict:
    org, lap, head = report.instansi, report.laporan, report.penandatangan
    return {
        "judul": lap.get("judul"), "judul_singkat": lap.get("judul_singkat"), "tahun": report.tahun,
        "periode": {"jenis": report.periode.jenis, "ke": report.periode.ke}, "status": lap.get("status", "final"),
        "tanggal": lap.get("tanggal"), "tempat": lap.get("tempat"),
        "instansi": {k: org.get(k) for k in ("nama", "nama_lengkap", "singkatan", "jenis", "tingkat", "wilayah")},
        "penandatangan": {k: head.get(k) for k in ("nama", "jabatan", "pangkat", "nip")},
        "pembulatan": {"desimal": report.metode.desimal, "cara": report.metode.cara, "rupiah": "sampai sen (2 desimal)"},
        "metode": {"capaian_turun": report.metode.capaian_turun, "efisiensi": report.metode.efisiensi,
                   "batas_capaian": report.metode.batas_capaian},
    }


def _fields_json(table) -> list[dict]:
    return [{"name": name, "type": kind, "description": description} for name, kind, description in fields(table)]


def year_json(report, tables: list[tb.Table], temuan: tb.Table) -> str:
    document = {
        "laporan": metadata(report),
        "tabel": [{"name": t.id, "nomor": t.nomor, "title": _title(t), "description": t.keterangan or None,
                   "fields": _fields_json(t), "rows": rows(t, report.metode)} for t in tables],
        "temuan": {"jumlah": dict(report.jumlah_temuan), "fields": _fields_json(temuan), "rows": rows(temuan, report.metode)},
    }
    return _json(document) + "\n"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


# The agency has not chosen a licence for its data: say so rather than invent one.
LISENSI_BELUM_DITETAPKAN = [{
    "name": "notspecified",
    "title": "Lisensi belum ditetapkan oleh instansi. Isi laporan adalah dokumen publik; tanyakan syarat penggunaan ulang kepada instansi.",
}]


def datapackage(report, tables: list[tb.Table], licenses: list | None = None) -> str:
    """A Frictionless (Tabular) Data Package descriptor listing one CSV resource per table."""
    org = report.instansi
    singkatan = _slug(org.get("singkatan") or org.get("nama") or "instansi")
    judul = report.laporan.get("judul_singkat") or "LKjIP"
    resources = []
    for t in tables:
        resource = {"name": t.id, "path": f"{t.id}.csv", "profile": "tabular-data-resource", "title": _title(t)}
        if t.keterangan:
            resource["description"] = t.keterangan
        resource.update({
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True, "lineTerminator": "\n", "header": True},
            "schema": {"fields": _fields_json(t), "missingValues": [""]},
        })
        resources.append(resource)
    package = {
        "profile": "tabular-data-package",
        "name": f"{_slug(judul)}-{singkatan}-{report.tahun}",
        "title": f"{report.laporan.get('judul', judul)} {org.get('nama', '')} {report.judul_periode}".strip(),
        "description": (f"Tabel-tabel {judul} {report.tahun} sebagai data terbuka, dihitung dari data mentah yang sama dengan situs. "
                        "Angka memakai titik desimal tanpa pemisah ribuan; rupiah sampai sen, persen dibulatkan seperti di situs; "
                        "baris jumlah ditandai kolom 'tingkat'."),
        "keywords": [k for k in ("LKjIP", "kinerja", "anggaran", org.get("wilayah"), str(report.tahun)) if k],
        "licenses": licenses if licenses is not None else LISENSI_BELUM_DITETAPKAN,
        "resources": resources,
    }
    return _json(package) + "\n"


def workbook_key(table: tb.Table, json_text: str, when: datetime.datetime, author: str) -> str:
    """A digest of everything to_xlsx reads: the rows (as their exact JSON), the columns and their
    kinds, the titles, the date and the author, and the openpyxl version that writes the file."""
    import hashlib

    from openpyxl import __version__ as openpyxl_version

    spec = fields(table)
    parts = [json_text, repr(spec), repr([table.column(name) for name, _, _ in spec]), sheet_name(table), _title(table),
             repr(table.keterangan), when.isoformat(), author, openpyxl_version, str(_WORKBOOK_FORMAT)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


_WORKBOOK_FORMAT = 1  # raise when to_xlsx changes what it writes, so that no stored workbook is reused


def files(report, tables: list[tb.Table], workbooks=None) -> dict[str, str | bytes]:
    """path inside the report folder -> text (bytes for XLSX), for every download of one report.
    `workbooks` (a mapping from workbook_key to bytes) spares writing a workbook whose inputs are
    unchanged: openpyxl takes about 15 ms a workbook, most of a year's render."""
    temuan = findings_table(report)
    every = tables + [temuan]
    when = stamp(report)
    author = report.instansi.get("nama") or "lkjip"
    out: dict[str, str | bytes] = {}
    for t in every:
        out[f"data/{t.id}.csv"] = to_csv(t, report.metode)
        out[f"data/{t.id}.json"] = to_json(t, report.metode)
        key = workbook_key(t, out[f"data/{t.id}.json"], when, author)
        workbook = workbooks.get(key) if workbooks is not None else None
        if workbook is None:
            workbook = to_xlsx(t, report.metode, when, author)
            if workbooks is not None:
                workbooks[key] = workbook
        out[f"data/{t.id}.xlsx"] = workbook
    out[f"data/lkjip-{report.tahun}.json"] = year_json(report, tables, temuan)
    out["data/datapackage.json"] = datapackage(report, every)
    return out
