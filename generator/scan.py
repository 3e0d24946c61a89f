"""The last wall before publishing: the built HTML is parsed (not matched as text) and refused when
page content holds script, an event handler or a script URL, or when any page asks another host
for anything. An attribute value such as title="Pendaftaran online = gratis" is text, not a handler.
A chart published as an .svg file is read the same way, all of it as content: no script, handler,
style, embedded HTML or reference to anything outside the file.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

_FORBIDDEN_IN_CONTENT = {"script", "iframe", "object", "embed", "style", "form", "base", "meta", "link", "frame", "frameset", "applet",
                         "foreignobject"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data"}
_FETCHING = {"script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
             "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",), "track": ("src",), "image": ("href", "xlink:href"),
             "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href")}
_SCRIPT_SCHEMES = ("javascript", "vbscript", "data")


def _scheme(url: str) -> str:
    cleaned = "".join(ch for ch in url if ch > " ").lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned.split("/", 1)[0] else ""


def _other_host(url: str) -> str | None:
    cleaned = url.strip().replace("\\", "/")
    if cleaned.startswith("//") or _scheme(cleaned) in ("http", "https", "ftp", "ws", "wss"):
        return cleaned
    return None


_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)  # url(...) in an attribute, other than to an id in the file


class _Scanner(HTMLParser):
    def __init__(self, whole_is_content: bool = False):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.depth = 1 if whole_is_content else 0  # > 0 inside the page content (<article class="md-content__inner">)
        self.whole = whole_is_content
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "track", "wbr", "area", "base", "col", "embed", "param"):
            return
        self.stack.append(tag)
        if self.depth:
            self.depth += 1
        elif tag == "article" and "md-content__inner" in (dict(attrs).get("class") or ""):
            self.depth = 1

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack:
                top = self.stack.pop()
                if self.depth:
                    self.depth -= 1
                if top == tag:
                    break

    def _element(self, tag, attrs):
        inside = self.depth > 0
        if inside and tag in _FORBIDDEN_IN_CONTENT:
            self.problems.append(f"elemen <{tag}> di isi halaman")
        for name, value in attrs:
            value = value or ""
            if inside and name.startswith("on"):
                self.problems.append(f"atribut penangan kejadian {name}= di isi halaman")
            if name in _URL_ATTRIBUTES and inside and _scheme(value) in _SCRIPT_SCHEMES and not (tag == "img" and value.startswith("data:image/")):
                self.problems.append(f"URL {_scheme(value)}: di isi halaman")
            if name in _FETCHING.get(tag, ()) and _other_host(value):
                self.problems.append(f"permintaan ke host lain: {value}")
            if self.whole and name in ("href", "xlink:href", "src") and value.strip() and not value.strip().startswith("#"):
                self.problems.append(f"rujukan ke luar berkas: {value}")
            if self.whole and _OUTSIDE_URL.search(value):
                self.problems.append(f"url() ke luar berkas: {value}")


def scan_html(text: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.problems


def scan_svg(text: str) -> list[str]:
    """Problems in an SVG file: all of it is content; it may refer to nothing outside itself."""
    scanner = _Scanner(whole_is_content=True)
    scanner.feed(text)
    scanner.close()
    return scanner.problems


def scan_site(folder: Path) -> list[str]:
    """Problems found in every HTML page and every .svg file (the charts) of a built site (empty when safe)."""
    problems = []
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder)
        for problem in scan_html(path.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{relative}: {problem}")
    for path in sorted(folder.rglob("*.svg")):
        relative = path.relative_to(folder)
        for problem in scan_svg(path.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{relative}: {problem}")
    return problems
