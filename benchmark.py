"""Benchmark: time of each stage of generation (load + validate, compute with the tables and the
data-quality checks, render) and of the MkDocs build, for the shipped content (and, with
--agencies, for the other agencies' test content), in one run.
Usage: .venv/bin/python benchmark.py [--repeat N] [--agencies]"""
from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from lkjip import render
from lkjip.build import Project, agency_reports, generate, make_pdfs, mkdocs_build
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
        stages["render (pages, charts, open data)"] = timed(render_all, repeat)
        stages["generation (all of the above, writing build/docs)"] = timed(lambda: generate(project), repeat)
        stages["mkdocs build --strict"] = timed(lambda: mkdocs_build(project), max(1, repeat // 2))

        def typeset():
            state["pdf"] = make_pdfs(project, state["sites"])
        stages["PDF of every year (WeasyPrint)"] = timed(typeset, max(1, repeat // 2))

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
    args = parser.parse_args()
    run(ROOT, args.repeat)
    if args.agencies:
        run(ROOT / "tests" / "agencies", args.repeat)


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
    # the theme starts its search worker on load, and the worker fetches the whole index
    search = [p for p in [site / "search" / "search_index.json", *sorted(site.glob("assets/javascripts/workers/search.*.min.js"))] if p.is_file()]
    everything = first + [sizes(p) for p in search]
    print(f"  first visit of the home page: {sum(r for r, _ in everything):,} bytes ({sum(g for _, g in everything):,} gzip), "
          f"{len(everything)} requests, all to the site's own origin; of these the search index and its worker: "
          f"{sum(r for r, _ in everything[len(first):]):,} bytes ({sum(g for _, g in everything[len(first):]):,} gzip)")
    print("  each further page (HTML only, assets cached):")
    for page in sorted(site.rglob("index.html")):
        raw, packed = sizes(page)
        extra = [a for a in assets(page) if a.suffix in (".svg", ".png", ".jpg", ".webp")]
        print(f"    {str(page.parent.relative_to(site)) + '/':<58} {raw:>9,} bytes ({packed:>7,} gzip)" + (f" +{len(extra)} images" if extra else ""))



if __name__ == "__main__":
    main()
