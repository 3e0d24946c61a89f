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

from .build import BuildError, Project, build, generate, latest_report, load_and_validate, sync_docs
from .problems import ERROR, WARNING, ContentError, Problem


def _gh(text: str) -> str:
    """Escape a value for a GitHub Actions workflow command, so content cannot forge one."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_problems(problems: list[Problem], style: str = "text") -> str:
    """Problems grouped by file, errors before warnings; `json` and `github` (Actions annotations) for tools."""
    ordered = sorted(problems, key=lambda p: (p.severity != ERROR, p.file, p.line, p.col))
    if style == "json":
        return json.dumps([{"file": p.file, "line": p.line, "column": p.col, "field": p.field, "message": p.message,
                            "severity": p.severity} for p in ordered], ensure_ascii=False, indent=2)
    if style == "github":
        return "\n".join(f"::{'error' if p.severity == ERROR else 'warning'} file={_gh(p.file)},line={p.line},col={p.col}::"
                         + _gh(f"{(p.field + ': ') if p.field else ''}{p.message}") for p in ordered)
    lines = []
    for severity in (ERROR, WARNING):
        chosen = [p for p in ordered if p.severity == severity]
        if not chosen:
            continue
        lines.append("Errors:" if severity == ERROR else "Warnings:")
        for file, group in groupby(chosen, key=lambda p: p.file):
            lines.extend(str(p) for p in group)
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    lines.append(f"{errors} error(s), {warnings} warning(s) in {files} file(s)")
    return "\n".join(lines)


def _report(problems: list[Problem], style: str) -> None:
    if problems:
        print(format_problems(problems, style), file=sys.stderr if style == "text" else sys.stdout)


def cmd_validate(project: Project, args) -> int:
    try:
        years, warnings = load_and_validate(project)
    except ContentError as exc:
        _report(exc.problems, args.format)
        return 1
    _report(warnings, args.format)
    if args.format == "json" and not warnings:
        print("[]")
    elif args.format == "text":
        print(f"OK: {', '.join(f'content/{y.year}' for y in years)} valid ({sum(len(y.files) for y in years)} files)")
    return 0


def format_findings(findings, style: str = "text") -> str:
    """Data-quality findings: where the document states a figure its own raw facts do not give."""
    if style == "json":
        return json.dumps([{"location": f.lokasi, "kind": f.jenis, "key": f.kunci, "figure": f.subjek, "source": f.sumber,
                            "stated": f.dinyatakan, "computed": f.dihitung, "note": f.catatan} for f in findings],
                          ensure_ascii=False, indent=2)
    if style == "github":
        lines = []
        for f in findings:
            file, line, _ = f.lokasi.rsplit(":", 2)
            lines.append(f"::{'warning' if f.jenis == 'selisih' else 'notice'} file={_gh(file)},line={line}::"
                         + _gh(f"{f.subjek} ({f.sumber}): dokumen {f.dinyatakan}, hitungan {f.dihitung}"))
        return "\n".join(lines)
    lines = [f"{f.lokasi}: [{f.jenis}] {f.subjek} ({f.sumber}): dokumen {f.dinyatakan}, hitungan {f.dihitung}" for f in findings]
    counts = {"selisih": 0, "pembulatan": 0}
    for f in findings:
        counts[f.jenis] += 1
    lines.append(f"{len(findings)} finding(s): {counts['selisih']} disagreement(s), {counts['pembulatan']} rounding slip(s)")
    return "\n".join(lines)


def cmd_check(project: Project, args) -> int:
    report = latest_report(project)
    print(format_findings(report.temuan, args.format))
    return 0


def cmd_diff(project: Project, args) -> int:
    from .diff import run

    markdown, code = run(project.root, args.a, args.b)
    print(markdown)
    return code


def cmd_new_year(project: Project, args) -> int:
    from .newyear import new_year

    folder = new_year(project.root, args.tahun)
    print(f"Created {folder.relative_to(project.root)}/ (status: rancangan) from the previous year: "
          "fill in the realisations, budgets and narrative, then set status: final in laporan.yaml.")
    return 0


def cmd_generate(project: Project, args) -> int:
    docs = generate(project)
    print(f"Generated {sum(1 for _ in docs.rglob('*.md'))} pages in {docs.relative_to(project.root)}/ "
          f"and {project.generated_config.relative_to(project.root)}")
    return 0


def cmd_build(project: Project, args) -> int:
    site = build(project)
    print(f"Built {site.relative_to(project.root)}/ ({sum(1 for _ in site.rglob('*.html'))} HTML pages)")
    return 0


def _watch(project: Project, stop: threading.Event) -> None:
    """Regenerate the pages whenever content, schemas, templates or mkdocs.yml change."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    changed = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if not event.is_directory:
                changed.set()

    observer = Observer()
    for folder in (project.content, project.schema, project.templates):
        observer.schedule(Handler(), str(folder), recursive=True)
    observer.schedule(Handler(), str(project.root), recursive=False)
    observer.start()
    try:
        while not stop.is_set():
            if changed.wait(0.5):
                time.sleep(0.2)  # let editors finish writing
                changed.clear()
                try:
                    updated = sync_docs(project)
                    if updated:
                        print(f"Regenerated: {', '.join(updated)}", flush=True)
                except ContentError as exc:
                    print(format_problems(exc.problems), file=sys.stderr, flush=True)
                except Exception as exc:  # keep the preview alive whatever happens
                    print(f"Regeneration failed: {exc}", file=sys.stderr, flush=True)
    finally:
        observer.stop()
        observer.join()


def cmd_serve(project: Project, args) -> int:
    import signal
    import subprocess

    sync_docs(project)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(project, stop), daemon=True)
    watcher.start()
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project.generated_config), "-a", args.dev_addr]
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


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="lkjip", description="Publish an LKjIP (Laporan Kinerja Instansi Pemerintah) from YAML as a static site.")
    main.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current folder)")
    sub = main.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every content file; list every problem with file, line and field")
    validate.add_argument("--format", choices=("text", "json", "github"), default="text",
                          help="text (default), json, or github (GitHub Actions annotations)")
    check = sub.add_parser("check", help="list where the document states a figure that its own raw facts do not give")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")
    diff = sub.add_parser("diff", help="what changed in meaning between two revisions or content folders (Markdown)")
    diff.add_argument("a", nargs="?", help="old side: git revision or folder (default: merge base with main)")
    diff.add_argument("b", nargs="?", help="new side: git revision or folder (default: the working tree)")
    new = sub.add_parser("new-year", help="scaffold the next report year from the last one (content/<tahun>/)")
    new.add_argument("tahun", type=int, help="the new report year, e.g. 2026")
    sub.add_parser("generate", help="validate, compute and write the Markdown pages to build/docs")
    sub.add_parser("build", help="generate, then `mkdocs build --strict` into site/")
    serve = sub.add_parser("serve", help="live preview: editing YAML or a template regenerates and reloads")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    return main


COMMANDS = {"validate": cmd_validate, "check": cmd_check, "diff": cmd_diff, "new-year": cmd_new_year, "generate": cmd_generate, "build": cmd_build, "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = Project(args.root.resolve())
    try:
        return COMMANDS[args.command](project, args)
    except ContentError as exc:
        print(format_problems(exc.problems), file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"MkDocs build failed; site/ was left unchanged.\n{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # an internal error, not a content problem
        if os.environ.get("LKJIP_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (set LKJIP_DEBUG=1 for details)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
