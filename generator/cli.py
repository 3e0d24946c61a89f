"""The `lkjip` command: validate, generate, build and serve the report site.

Exit codes: 0 success, 1 content problems or a failed build, 2 wrong usage or an internal error.
Bad content never produces a Python traceback (set LKJIP_DEBUG=1 to see one for internal errors).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from itertools import groupby
from pathlib import Path

from .i18n import _
from .problems import ERROR, WARNING, ContentError, Problem


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("lkjip")
    except Exception:  # noqa: BLE001 - running from a source tree that is not installed
        return _("tidak terpasang")


def _gh(text: str) -> str:
    """Escape a value for a GitHub Actions workflow command, so content cannot forge one."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _gh_message(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_problems(problems: list[Problem], style: str = "text") -> str:
    """Problems grouped by file, errors before warnings; `json` and `github` (Actions annotations) for tools."""
    ordered = sorted(problems, key=lambda p: (p.severity != ERROR, p.file, p.line, p.col))
    if style == "json":
        return json.dumps([{"file": p.file, "line": p.line, "column": p.col, "field": p.field, "message": p.message,
                            "severity": p.severity} for p in ordered], ensure_ascii=False, indent=2)
    if style == "github":
        return "\n".join(f"::{'error' if p.severity == ERROR else 'warning'} file={_gh(p.file)},line={p.line},col={p.col}::"
                         + _gh_message(f"{(p.field + ': ') if p.field else ''}{p.message}") for p in ordered)
    lines = []
    for severity in (ERROR, WARNING):
        chosen = [p for p in ordered if p.severity == severity]
        if not chosen:
            continue
        lines.append(_("Kesalahan:") if severity == ERROR else _("Peringatan:"))
        for unused, group in groupby(chosen, key=lambda p: p.file):
            lines.extend(str(p) for p in group)
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    lines.append(_("{errors} kesalahan, {warnings} peringatan di {files} berkas").format(errors=errors, warnings=warnings, files=files))
    return "\n".join(lines)


def _report(problems: list[Problem], style: str) -> None:
    if problems:
        print(format_problems(problems, style), file=sys.stderr if style == "text" else sys.stdout)


def _project(args):
    from .build import Project

    return Project(args.root.resolve())


def cmd_validate(args) -> int:
    from .build import load_and_validate

    try:
        sites, warnings = load_and_validate(_project(args))
    except ContentError as exc:
        _report(exc.problems, args.format)
        return 1
    _report(warnings, args.format)
    if args.format == "json" and not warnings:
        print("[]")
    elif args.format == "text":
        folders = [year.display for agency, unused in sites for year in agency.years]
        files = sum(len(y.files) for agency, unused in sites for y in agency.years)
        print(_("Sah: {folders} ({files} berkas)").format(folders=", ".join(folders), files=files))
    return 0


def _plain(value) -> str | None:
    """An exact number for machines: '135.4888' style, never a float."""
    return None if value is None else str(value)


def finding_records(findings, places: int = 2, cara: str = "setengah-ke-atas") -> list[dict]:
    return [{"location": f.lokasi, "kind": f.jenis, "key": f.kunci, "field": f.bidang, "figure": f.subjek, "source": f.sumber,
             "stated": f.dinyatakan, "computed": f.ditampilkan(places, cara), "stated_value": _plain(f.tertulis_angka),
             "computed_value": _plain(f.ditampilkan_angka(places, cara)), "computed_exact": _plain(f.hitungan_angka), "impact": f.dampak,
             "page": f.halaman, "note": f.catatan} for f in findings]


def format_findings(findings, style: str = "text", places: int = 2, cara: str = "setengah-ke-atas", summary: bool = True) -> str:
    """Data-quality findings: where the document states a figure its own raw facts do not give.
    `places`, `cara`: the report's rounding rule, as the site shows the computed figures."""
    if style == "json":
        return json.dumps(finding_records(findings, places, cara), ensure_ascii=False, indent=2)
    if style == "github":
        lines = []
        for f in findings:
            file, line, unused = f.lokasi.rsplit(":", 2)
            lines.append(f"::{'warning' if f.jenis == 'selisih' else 'notice'} file={_gh(file)},line={line}::"
                         + _gh_message(_finding_text(f, places, cara)))
        return "\n".join(lines)
    lines = [f"{f.lokasi}: [{f.jenis}] {_finding_text(f, places, cara)}"
             + (_("; mengubah {impact}").format(impact=f.dampak) if f.dampak else "") for f in findings]
    if summary:
        lines.append(summary_line(findings))
    return "\n".join(lines)


def _finding_text(f, places: int, cara: str) -> str:
    return _("{figure} ({source}): dokumen {stated}, hitungan {computed}").format(
        figure=f.subjek, source=f.sumber, stated=f.dinyatakan, computed=f.uraian_hitungan(places, cara))


def summary_line(findings) -> str:
    from .checks import JENIS, JENIS_LABEL

    counts = {jenis: sum(1 for f in findings if f.jenis == jenis) for jenis in JENIS}
    return _("{count} catatan: {kinds}").format(count=len(findings), kinds=", ".join(f"{counts[j]} {JENIS_LABEL[j].lower()}" for j in JENIS))


def cmd_check(args) -> int:
    """The findings of every report year (a year known in part has its own too)."""
    from .build import all_reports

    reports = all_reports(_project(args), args.instansi)
    if args.format == "json":
        entries = [entry for r in reports for entry in finding_records(r.temuan, r.metode.desimal, r.metode.cara)]
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return 0
    parts = [format_findings(r.temuan, args.format, r.metode.desimal, r.metode.cara, summary=False) for r in reports if r.temuan]
    if args.format == "text":
        parts.append(summary_line([f for r in reports for f in r.temuan]))
    print("\n".join(p for p in parts if p))
    return 0


def cmd_diff(args) -> int:
    from .diff import run

    markdown, code = run(_project(args).root, args.a, args.b)
    print(markdown)
    return code


def cmd_new_year(args) -> int:
    from .newyear import new_year

    project = _project(args)
    folder = new_year(project.root, args.tahun, args.instansi)
    print(_("Dibuat {folder}/ (status: rancangan) dari tahun sebelumnya: isi realisasi, anggaran dan narasinya, "
            "lalu ubah status menjadi final di laporan.yaml.").format(folder=folder.relative_to(project.root)))
    return 0


def cmd_init(args) -> int:
    from .scaffold_init import init

    folder = init(args.folder.resolve(), tahun=args.tahun)
    print(_("Repositori laporan dibuat di {folder}: isi content/instansi.yaml dan content/{tahun}/, "
            "lalu jalankan `lkjip build` di folder itu (laporan masih berstatus rancangan).").format(folder=folder, tahun=args.tahun))
    return 0


def cmd_migrate(args) -> int:
    from .migrate import migrate_folder

    project = _project(args)
    written = migrate_folder(project.content)
    if not written:
        print(_("Isi sudah memakai model isi terbaru; tidak ada yang diubah."))
        return 0
    print(_("Diperbarui ke model isi terbaru:") + "\n" + "\n".join(f"  content/{w}" for w in written))
    print(_("Jalankan `lkjip validate` lalu `lkjip diff` untuk memastikan angkanya tidak berubah."))
    return 0


def cmd_generate(args) -> int:
    from .build import generate

    project = _project(args)
    docs = generate(project)
    print(_("Dibuat {pages} halaman di {folder}/ dan {config}").format(
        pages=sum(1 for unused in docs.rglob("*.md")), folder=docs.relative_to(project.root), config=project.generated_config.relative_to(project.root)))
    return 0


def cmd_build(args) -> int:
    from .build import build

    project = _project(args)
    site = build(project, args.builder)
    print(_("Situs dibuat di {folder}/ ({pages} halaman HTML)").format(folder=site.relative_to(project.root), pages=sum(1 for unused in site.rglob("*.html"))))
    return 0


def cmd_pdf(args) -> int:
    from .build import write_pdfs

    project = _project(args)
    keluar = args.keluar.resolve() if args.keluar else None
    for path, pdf_file in write_pdfs(project, args.tahun, args.catatan, keluar, args.instansi):
        shown = path.relative_to(project.root) if path.is_relative_to(project.root) else path
        print(_("Dibuat {file} ({size}, SHA-256 {sha256})").format(file=shown, size=pdf_file.ukuran, sha256=pdf_file.sha256))
    return 0


def _first_part(path: str, root: Path) -> str:
    """'content' for <root>/content/2025/kinerja.yaml; '' outside the project."""
    try:
        parts = Path(path).resolve().relative_to(root).parts
    except (ValueError, OSError):
        return ""
    return parts[0] if parts else ""


def _watch(project, stop: threading.Event, cache: dict) -> None:
    """Regenerate the pages whenever content, templates or mkdocs.yml change: only what the change
    touches is read and rendered again (`cache`), and only changed files are written, so that
    MkDocs (run with --dirty) rebuilds only those pages."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    from .build import sync_docs

    changed = threading.Event()
    root = project.root.resolve()
    sources = {"content", "site_templates", "schema", "mkdocs.yml"}  # what the site is made of, in the project

    class Handler(FileSystemEventHandler):
        def __init__(self, everything: bool):
            self.everything = everything  # the tool's own templates: every file counts

        def on_any_event(self, event):
            # a file written, made, moved or removed; not one merely opened or read (watchdog
            # reports those too, and regenerating reads every file: it would never rest)
            if event.is_directory or event.event_type not in ("created", "modified", "moved", "deleted", "closed"):
                return
            if self.everything or any(_first_part(path, root) in sources
                                      for path in (event.src_path, getattr(event, "dest_path", "") or "")):
                changed.set()

    observer = Observer()
    # the whole project (its own site_templates/ may appear while serving), but not build/ or site/
    observer.schedule(Handler(everything=False), str(root), recursive=True)
    for folder in project.template_dirs:
        if folder.is_dir() and not folder.resolve().is_relative_to(root):
            observer.schedule(Handler(everything=True), str(folder), recursive=True)
    observer.start()
    try:
        while not stop.is_set():
            if changed.wait(0.5):
                time.sleep(0.05)  # let editors finish writing (a save is often a write and a rename)
                changed.clear()
                try:
                    start = time.perf_counter()
                    updated = sync_docs(project, cache)
                    if updated:
                        shown = ", ".join(updated[:8]) + (_(" dan {count} berkas lain").format(count=len(updated) - 8) if len(updated) > 8 else "")
                        print(_("Dibuat ulang dalam {seconds} detik: {files}").format(seconds=f"{time.perf_counter() - start:.2f}", files=shown), flush=True)
                except ContentError as exc:
                    print(format_problems(exc.problems), file=sys.stderr, flush=True)
                except Exception as exc:  # noqa: BLE001 - keep the preview alive whatever happens
                    print(_("Gagal membuat ulang halaman: {error}").format(error=exc), file=sys.stderr, flush=True)
    finally:
        observer.stop()
        observer.join()


def cmd_serve(args) -> int:
    import signal
    import subprocess

    from .build import sync_docs

    project = _project(args)
    cache: dict = {}
    try:
        sync_docs(project, cache)
    except ContentError as exc:
        print(format_problems(exc.problems), file=sys.stderr, flush=True)
        return 1
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(project, stop, cache), daemon=True)
    watcher.start()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(project.preview_config), "-a", args.dev_addr]
    server = subprocess.Popen(command, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))

    def shutdown(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, shutdown)
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


_ARGPARSE_ID = {
    "usage: ": "penggunaan: ", "positional arguments": "argumen", "options": "pilihan",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar", "show program's version number and exit": "tampilkan versi lalu keluar",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s", "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r", "expected one argument": "memerlukan satu nilai",
}


def _argparse_words(message: str) -> str:
    from .i18n import DEFAULT, language

    return _ARGPARSE_ID.get(message, message) if language() == DEFAULT else message


argparse._ = _argparse_words  # argparse looks its strings up at call time; Indonesian for the ones users see


class _Parser(argparse.ArgumentParser):
    """argparse with Indonesian usage, help and errors (exit 2)."""

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: kesalahan: {message}").format(prog=self.prog, message=message) + "\n")


def parser() -> argparse.ArgumentParser:
    from .i18n import available

    main = _Parser(prog="lkjip", description=_("Menerbitkan LKjIP (Laporan Kinerja Instansi Pemerintah) dari berkas YAML sebagai situs statis."))
    main.add_argument("--version", action="version", version=f"lkjip {_version()}", help=_("tampilkan versi lalu keluar"))
    main.add_argument("--root", type=Path, default=Path.cwd(), help=_("folder proyek (bawaan: folder sekarang)"))
    main.add_argument("--bahasa", choices=available(), default=None,
                      help=_("bahasa pesan: id (bawaan) atau en; juga lewat LKJIP_BAHASA atau LANGUAGE"))
    sub = main.add_subparsers(dest="command", required=True, metavar=_("PERINTAH"), parser_class=_Parser)

    def command(name, summary):
        return sub.add_parser(name, help=summary, description=summary)

    validate = command("validate", _("periksa setiap berkas isi; daftar setiap masalah dengan berkas, baris dan kolom"))
    validate.add_argument("--format", choices=("text", "json", "github"), default="text",
                          help=_("text (bawaan), json, atau github (anotasi GitHub Actions)"))
    check = command("check", _("daftar tempat dokumen menulis angka yang tidak sesuai dengan data mentahnya sendiri"))
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help=_("text (bawaan), json, atau github (anotasi GitHub Actions)"))
    check.add_argument("--instansi", help=_("ID folder instansi (situs beberapa instansi)"))
    diff = command("diff", _("apa yang berubah maknanya antara dua revisi git atau folder isi (Markdown)"))
    diff.add_argument("a", nargs="?", help=_("sisi lama: revisi git atau folder (bawaan: titik cabang dengan main)"))
    diff.add_argument("b", nargs="?", help=_("sisi baru: revisi git atau folder (bawaan: isi yang sedang dikerjakan)"))
    new = command("new-year", _("buat kerangka tahun laporan berikutnya dari tahun terakhir (content/<tahun>/)"))
    new.add_argument("tahun", type=int, help=_("tahun laporan baru, mis. 2026"))
    new.add_argument("--instansi", help=_("ID folder instansi (situs beberapa instansi)"))
    init = command("init", _("buat repositori laporan baru: kerangka isi (kerangka PermenPAN-RB 53/2014), mkdocs.yml, alur kerja GitHub"))
    init.add_argument("folder", type=Path, help=_("folder yang dibuat"))
    init.add_argument("--tahun", type=int, default=time.localtime().tm_year - 1, help=_("tahun laporan pertama (bawaan: tahun lalu)"))
    command("migrate", _("perbarui isi yang ditulis dalam model isi lama ke model isi terbaru"))
    command("generate", _("periksa, hitung dan tulis halaman Markdown ke build/docs"))
    build = command("build", _("generate dengan PDF setiap tahun, lalu `mkdocs build --strict` ke site/"))
    build.add_argument("--builder", choices=("mkdocs", "zensical"), default="mkdocs",
                       help=_("pembangun situs: mkdocs (bawaan) atau zensical (penerus Material for MkDocs; pasang dulu: pip install zensical)"))
    pdf = command("pdf", _("susun laporan resmi sebagai PDF (A4) dari isi dan tabel yang sama dengan situs, ke build/pdf/"))
    pdf.add_argument("--tahun", type=int, help=_("hanya tahun laporan ini (bawaan: setiap tahun yang lengkap)"))
    pdf.add_argument("--catatan", action="store_true", help=_("sertakan catatan kualitas data: lampiran dan catatan bernomor pada angkanya"))
    pdf.add_argument("--keluar", type=Path, metavar=_("BERKAS"), help=_("tulis ke berkas ini (satu tahun: --tahun, bawaan tahun terakhir)"))
    pdf.add_argument("--instansi", help=_("ID folder instansi (situs beberapa instansi)"))
    serve = command("serve", _("pratinjau langsung: mengubah YAML atau templat membuat ulang halaman dan memuat ulang peramban"))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help=_("alamat server (bawaan 127.0.0.1:8000)"))
    return main


COMMANDS = {"validate": cmd_validate, "check": cmd_check, "diff": cmd_diff, "new-year": cmd_new_year, "init": cmd_init,
            "migrate": cmd_migrate, "generate": cmd_generate, "build": cmd_build, "pdf": cmd_pdf, "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    from . import i18n

    argv = sys.argv[1:] if argv is None else argv
    i18n.use(i18n.chosen(argv))
    args = parser().parse_args(argv)
    from .build import BuildError, PdfError

    try:
        return COMMANDS[args.command](args)
    except ContentError as exc:
        print(format_problems(exc.problems), file=sys.stderr)
        return 1
    except PdfError as exc:
        print(_("PDF tidak dapat dibuat; site/ tidak diubah.") + f"\n{exc}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(_("Build MkDocs gagal; site/ tidak diubah.") + f"\n{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - an internal error, not a content problem
        if os.environ.get("LKJIP_DEBUG"):
            raise
        print(_("kesalahan internal: {error} (atur LKJIP_DEBUG=1 untuk rinciannya)").format(error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
