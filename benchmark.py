"""Benchmark: time of generation (load + validate + compute + render) and of the MkDocs build,
for the shipped content, in one run. Usage: .venv/bin/python benchmark.py [--repeat N]"""
from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from generator import compute, render
from generator.build import Project, load_and_validate, mkdocs_build, generate

ROOT = Path(__file__).resolve().parent


def timed(function, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "proj"
        for name in ("content", "schema", "site_templates"):
            shutil.copytree(ROOT / name, root / name)
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        project = Project(root)

        stages = {}
        years = []

        def load_validate():
            years[:] = load_and_validate(project)[0]

        stages["load + validate"] = timed(load_validate, args.repeat)
        year = years[-1]
        files = {kind: loaded.data for kind, loaded in year.files.items()}
        reports = []
        stages["compute"] = timed(lambda: reports.append(compute.compute_report(year.year, files)), args.repeat)
        pages = {}
        stages["render"] = timed(lambda: pages.update(render.render_pages(reports[-1:], project.templates / "pages")), args.repeat)
        stages["generation (all of the above, writing build/docs)"] = timed(lambda: generate(project), args.repeat)
        stages["mkdocs build --strict"] = timed(lambda: mkdocs_build(project), max(1, args.repeat // 2))

        markdown = {k: v for k, v in pages.items() if k.endswith(".md")}
        print(f"LKjIP benchmark, content/{year.year}: {len(markdown)} pages ({sum(len(t) for t in markdown.values()):,} bytes of Markdown), "
              f"{len(pages) - len(markdown)} open-data files")
        for name, (median, best) in stages.items():
            print(f"  {name:<52} median {median * 1000:8.1f} ms   best {best * 1000:8.1f} ms")
        size = sum(p.stat().st_size for p in project.site.rglob("*") if p.is_file())
        html = sum(p.stat().st_size for p in project.site.rglob("*.html"))
        print(f"  site/: {size:,} bytes in all, {html:,} bytes of HTML")
        page_weights(project.site)


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
    print(f"  first visit of the home page: {sum(r for r, _ in first):,} bytes ({sum(g for _, g in first):,} gzip), "
          f"{len(first)} requests, all to the site's own origin")
    print("  each further page (HTML only, assets cached):")
    for page in sorted(site.rglob("index.html")):
        raw, packed = sizes(page)
        extra = [a for a in assets(page) if a.suffix in (".svg", ".png", ".jpg", ".webp")]
        print(f"    {str(page.parent.relative_to(site)) + '/':<58} {raw:>9,} bytes ({packed:>7,} gzip)" + (f" +{len(extra)} images" if extra else ""))



if __name__ == "__main__":
    main()
