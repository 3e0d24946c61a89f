"""Benchmark: time of each stage of generation (load + validate, compute with the tables and the
data-quality checks, render) and of the MkDocs build, for the shipped content (and, with
--agencies, for the other agencies' test content); then, with --ratios, the figures the README's
performance table gives, in one run: generate / MkDocs build, validate / a bare C-loader parse,
the `lkjip serve` edit loop (save -> served page) for the shipped content and ten synthetic
years, generate and build at 1, 5 and 10 synthetic years and at ten times the budget rows, the
first visit of three pages in Chromium with every request counted, and MkDocs against Zensical.
Synthetic years are the shipped 2025 folder copied with its years shifted (2025 -> 2024 ...).
Usage: .venv/bin/python benchmark.py [--repeat N] [--agencies] [--ratios]"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from lkjip import render
from lkjip.build import Project, agency_reports, build, generate, make_pdfs, mkdocs_build
from lkjip.validate import validate_content

ROOT = Path(__file__).resolve().parent


def timed(function, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def run(source: Path, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "proj"
        shutil.copytree(source / "content", root / "content")
        shutil.copy(source / "mkdocs.yml", root / "mkdocs.yml")
        project = Project(root)

        stages, state = {}, {}

        def load_validate():
            state["agencies"] = validate_content(project.content, project.schema, project.root)[0]

        def compute_all():
            state["sites"] = [(agency, agency_reports(agency)) for agency in state["agencies"]]

        def render_all():
            state["pages"] = render.render_all(state["sites"], project.template_dirs)[0]

        stages["load + validate (schemas, ids, rules)"] = timed(load_validate, repeat)
        stages["compute (figures, tables, checks)"] = timed(compute_all, repeat)
        stages["render (pages, charts, open data; no XLSX kept)"] = timed(render_all, repeat)
        cache = project.build / ".cache"

        def cold_generate():
            shutil.rmtree(cache, ignore_errors=True)
            generate(project)
        stages["generation, cold (all of the above, writing build/docs)"] = timed(cold_generate, repeat)
        stages["generation, warm (templates and XLSX kept in build/.cache)"] = timed(lambda: generate(project), repeat)
        stages["mkdocs build --strict"] = timed(lambda: mkdocs_build(project), max(1, repeat // 2))

        def typeset():
            shutil.rmtree(cache / "pdf", ignore_errors=True)
            state["pdf"] = make_pdfs(project, state["sites"])
        stages["PDF of every year (WeasyPrint), cold"] = timed(typeset, max(1, repeat // 2))
        stages["PDF of every year, kept (unchanged content)"] = timed(lambda: make_pdfs(project, state["sites"]), repeat)

        pages = state["pages"]
        markdown = {k: v for k, v in pages.items() if k.endswith(".md")}
        years = sum(len(reports) for _, reports in state["sites"])
        print(f"LKjIP benchmark, {source.relative_to(ROOT) if source != ROOT else 'shipped content'}: {len(state['sites'])} agency(ies), "
              f"{years} report years, {len(markdown)} pages ({sum(len(t) for t in markdown.values()):,} bytes of Markdown), "
              f"{len(pages) - len(markdown)} open-data files")
        for name, (median, best) in stages.items():
            print(f"  {name:<52} median {median * 1000:8.1f} ms   best {best * 1000:8.1f} ms")
        size = sum(p.stat().st_size for p in project.site.rglob("*") if p.is_file())
        html = sum(p.stat().st_size for p in project.site.rglob("*.html"))
        print(f"  site/: {size:,} bytes in all, {html:,} bytes of HTML")
        for pdf_file in state["pdf"].values():
            print(f"  {pdf_file.path}: {len(pdf_file.data):,} bytes")
        page_weights(project.site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--agencies", action="store_true", help="also the other agencies' test content (tests/agencies)")
    parser.add_argument("--ratios", action="store_true", help="the README's performance table (takes a few minutes)")
    parser.add_argument("--hostile", action="store_true", help="time `lkjip validate` refusing each hostile file (goal: under 2 s each)")
    args = parser.parse_args()
    if args.hostile:
        hostile(args.repeat)
        return
    run(ROOT, args.repeat)
    if args.agencies:
        run(ROOT / "tests" / "agencies", args.repeat)
    if args.ratios:
        ratios(max(3, args.repeat))


def hostile(repeat: int) -> None:
    """How fast `lkjip validate` refuses each hostile file of tests/test_hostile_input.py."""
    import contextlib
    import io

    from lkjip.cli import main as lkjip
    from tests.test_hostile_input import CASES, TARGET, _original

    print("lkjip validate refusing hostile files (goal: under 2 s each)")
    for param in CASES:
        make = param.values[0]
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "proj"
            shutil.copytree(ROOT / "content", root / "content")
            shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
            data, _line, _message = make(_original(Project(root)))
            (root / TARGET).write_bytes(data)

            def refuse():
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    assert lkjip(["--root", str(root), "validate"]) == 1
            median, best = timed(refuse, repeat)
        print(f"  {param.id:<24} median {median * 1000:8.1f} ms   best {best * 1000:8.1f} ms")


_ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')


def page_weights(site: Path) -> None:
    """Bytes a reader transfers: the first visit of the home page loads the page and every asset it
    references; each further page costs its own HTML (assets are cached). Raw and gzip sizes."""
    def sizes(path: Path) -> tuple[int, int]:
        data = path.read_bytes()
        return len(data), len(gzip.compress(data, mtime=0))

    def assets(page: Path) -> set[Path]:
        found = set()
        for ref in _ASSET.findall(page.read_text(encoding="utf-8")):
            if ref.startswith(("http:", "https:", "//", "data:", "#")):
                continue
            target = (page.parent / ref.split("#")[0].split("?")[0]).resolve()
            if target.is_file():
                found.add(target)
        return found

    home = site / "index.html"
    first = [sizes(home)] + [sizes(a) for a in sorted(assets(home))]
    # the search worker and the whole index load when the reader opens search (cari-saat-dibuka.js)
    search = [sizes(p) for p in [site / "search" / "search_index.json", *sorted(site.glob("assets/javascripts/workers/search.*.min.js"))] if p.is_file()]
    print(f"  first visit of the home page (HTML and what it references): {sum(r for r, _ in first):,} bytes "
          f"({sum(g for _, g in first):,} gzip), {len(first)} requests, all to the site's own origin; opening search "
          f"adds the index and its worker: {sum(r for r, _ in search):,} bytes ({sum(g for _, g in search):,} gzip)")
    print("  each further page (HTML only, assets cached):")
    for page in sorted(site.rglob("index.html")):
        raw, packed = sizes(page)
        extra = [a for a in assets(page) if a.suffix in (".svg", ".png", ".jpg", ".webp")]
        print(f"    {str(page.parent.relative_to(site)) + '/':<58} {raw:>9,} bytes ({packed:>7,} gzip)" + (f" +{len(extra)} images" if extra else ""))



# --- the README's performance table -----------------------------------------------------------

_YEAR = re.compile(r"(?<![\d.,])(20[0-4]\d)(?!\d)")


def synthetic_project(target: Path, years: int, rows: int = 1) -> Path:
    """A project of `years` report years, each the shipped 2025 folder with every year in it shifted
    back (its link to the year before dropped, as that year's indicators are the same), and with
    each sub kegiatan of the budget tree repeated `rows` times."""
    if target.exists():
        shutil.rmtree(target)
    (target / "content").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for path in (ROOT / "content").iterdir():
        if path.is_file():
            shutil.copy(path, target / "content" / path.name)
    for back in range(years):
        folder = target / "content" / str(2025 - back)
        shutil.copytree(ROOT / "content" / "2025", folder)
        for path in folder.glob("*.yaml"):
            text = _YEAR.sub(lambda m: str(int(m.group(1)) - back), path.read_text(encoding="utf-8"))
            text = re.sub(r"\n *kesinambungan: \{[^}]*\}", "", text)
            path.write_text(text, encoding="utf-8")
        if rows > 1:
            _repeat_sub_kegiatan(folder / "program.yaml", rows)
    return target


def _repeat_sub_kegiatan(path: Path, times: int) -> None:
    """Each sub kegiatan block written `times` times, ids made unique (its figures unchanged: the
    stated totals then disagree, which only adds findings)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        match = re.match(r"^( *)- id: (sub-[a-z0-9-]+)\n", line)
        if not match:
            out.append(line)
            i += 1
            continue
        indent = len(match.group(1))
        j = i + 1
        while j < len(lines) and (lines[j].strip() == "" or len(lines[j]) - len(lines[j].lstrip()) > indent):
            j += 1
        block = lines[i:j]
        for n in range(times):
            out += [re.sub(r"(\bid: [a-z0-9-]+)", rf"\1-{n}", text) if n else text for text in block]
        i = j
    path.write_text("".join(out), encoding="utf-8")


def _project_at(root: Path):
    project = Project(root)
    return project


def serve_edit_loop(root: Path, edits: int = 5) -> list[float]:
    """Seconds from saving an edit of content/2025/kinerja.yaml to `lkjip serve` serving the IKU
    page that shows it (polled every 20 ms), for `edits` successive edits."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "lkjip.cli", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/2025/akuntabilitas/iku/iku-penempatan-pencaker/"

    def shows(text: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return text in response.read().decode("utf-8")
        except OSError:
            return False

    kinerja = root / "content" / "2025" / "kinerja.yaml"
    original = kinerja.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 300
        while not shows("503 dari 825"):
            if time.monotonic() > deadline:
                raise RuntimeError("lkjip serve did not start")
            time.sleep(0.2)
        for n in range(504, 504 + edits):
            time.sleep(1.5)  # an editor's pace: each save after the last one is served
            kinerja.write_text(original.replace("realisasi: {pembilang: 503,", f"realisasi: {{pembilang: {n},"), encoding="utf-8")
            start = time.perf_counter()
            while not shows(f"{n} dari 825"):
                if time.perf_counter() - start > 60:
                    raise RuntimeError("an edit was never served")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
    finally:
        kinerja.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return times


def first_visits(site: Path, paths: list[str]) -> dict:
    """{path: (requests, bytes, gzip bytes)} of a first visit in Chromium (360 px, cache empty),
    every response counted, waiting until the network is idle. None when Chromium is missing."""
    import functools
    import http.server
    import threading

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    if not Path("/usr/bin/chromium").exists():
        return {}
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    result = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            for path in paths:
                context = browser.new_context(viewport={"width": 360, "height": 740})
                page = context.new_page()
                bodies = []
                page.on("requestfinished", lambda request: bodies.append(request.response().body() if request.response() else b""))
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_timeout(300)
                result[path] = (len(bodies), sum(len(b) for b in bodies), sum(len(gzip.compress(b, mtime=0)) for b in bodies))
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return result


def _median_time(function, repeat: int) -> float:
    return timed(function, repeat)[0]


def ratios(repeat: int) -> None:
    import yaml

    from lkjip.build import load_and_validate

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shipped = tmp / "shipped"
        shutil.copytree(ROOT / "content", shipped / "content")
        shutil.copy(ROOT / "mkdocs.yml", shipped / "mkdocs.yml")
        project = Project(shipped)
        def cold():
            shutil.rmtree(project.build / ".cache", ignore_errors=True)
            generate(project)
        cold_gen = _median_time(cold, repeat)
        generate(project)
        gen = _median_time(lambda: generate(project), repeat)  # templates and workbooks kept, as after any first run
        mk = _median_time(lambda: mkdocs_build(project), max(1, repeat // 2))
        rows.append(("generate / MkDocs build (shipped content; build/.cache warm)", f"{gen * 1000:.0f} ms / {mk * 1000:.0f} ms", f"{gen / mk:.2f}", "≤ 0.25"))
        rows.append(("generate, cold (no build/.cache) / MkDocs build", f"{cold_gen * 1000:.0f} ms / {mk * 1000:.0f} ms", f"{cold_gen / mk:.2f}", ""))
        texts = [p.read_text(encoding="utf-8") for p in sorted(project.content.rglob("*.yaml"))]
        bare = _median_time(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts], repeat * 2)
        val = _median_time(lambda: validate_content(project.content, project.schema, project.root), repeat)
        rows.append(("validate / bare C-loader parse of the same YAML", f"{val * 1000:.0f} ms / {bare * 1000:.1f} ms", f"{val / bare:.1f}", "≤ 3"))
        val_full = _median_time(lambda: load_and_validate(project), repeat)
        rows.append(("`lkjip validate` as run (with the dry-run compute) / bare parse", f"{val_full * 1000:.0f} ms", f"{val_full / bare:.1f}", ""))
        loop1 = serve_edit_loop(shipped)
        rows.append(("serve edit loop, shipped content (save → served page)", "median " + f"{statistics.median(loop1):.2f} s (" + ", ".join(f"{t:.2f}" for t in loop1) + ")", "", "< 1 s"))
        ten = synthetic_project(tmp / "ten", 10)
        loop10 = serve_edit_loop(ten)
        rows.append(("serve edit loop, 10 synthetic years", "median " + f"{statistics.median(loop10):.2f} s (" + ", ".join(f"{t:.2f}" for t in loop10) + ")", "", "< 2 s"))
        scale = {}
        for years, many in ((1, 1), (5, 1), (10, 1), (1, 10)):
            synth = ten if (years, many) == (10, 1) else synthetic_project(tmp / f"y{years}r{many}", years, many)
            sp = Project(synth)
            generate(sp)
            g = _median_time(lambda: generate(sp), max(1, repeat // 2))
            b = _median_time(lambda: mkdocs_build(sp), 1)
            scale[(years, many)] = (g, b)
        g1, b1 = scale[(1, 1)]
        for (years, many), (g, b) in scale.items():
            label = f"{years} year{'s' if years > 1 else ''}" + (f", ×{many} budget rows" if many > 1 else "")
            factor = years * (1 if many == 1 else 1)
            rows.append((f"generate / build at {label}", f"{g:.2f} s / {b:.2f} s",
                         f"×{g / g1:.1f} / ×{b / b1:.1f}", f"linear: ×{factor}" if many == 1 else "rows only"))
        build(project)
        visits = first_visits(project.site, ["2025/", "2025/akuntabilitas/iku/iku-penempatan-pencaker/", "2025/dokumen/"])
        for path, (count, raw, packed) in visits.items():
            rows.append((f"first visit of /{path} (Chromium, every request)", f"{count} requests, {raw / 1000:.0f} kB", f"{packed / 1000:.0f} kB gzip",
                         "≤ 100 kB gzip" if path == "2025/" else ""))
        if importlib.util.find_spec("zensical") is not None:
            z = _median_time(lambda: mkdocs_build(project, "zensical"), 1)
            m = _median_time(lambda: mkdocs_build(project), 1)
            rows.append(("Zensical / MkDocs build (shipped content, clean)", f"{z:.2f} s / {m:.2f} s", f"{z / m:.2f}", ""))
    print("\n| Measure | Measured | Ratio | Goal |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
