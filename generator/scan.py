"""The last wall before publishing: the built HTML is parsed (not matched as text) and refused when
page content holds script, an event handler or a script URL, or when any page asks another host
for anything. An attribute value such as title="Pendaftaran online = gratis" is text, not a handler.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

_FORBIDDEN_IN_CONTENT = {"script", "iframe", "object", "embed", "style", "form", "base", "meta", "link", "frame", "frameset", "applet"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data"}
_FETCHING = {"script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
             "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",), "track": ("src",), "image": ("href", "xlink:href")}
_SCRIPT_SCHEMES = ("javascript", "vbscript", "data")


def _scheme(url: str) -> str:
    cleaned = "".join(ch for ch in url if ch > " ").lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned.split("/", 1)[0] else ""


def _other_host(url: str) -> str | None:
    cleaned = url.strip().replace("\\", "/")
    if cleaned.startswith("//") or _scheme(cleaned) in ("http", "https", "ftp", "ws", "wss"):
        return cleaned
    return None


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.depth = 0  # > 0 inside the page content (<article class="md-content__inner">)
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


def scan_html(text: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.problems


def scan_site(folder: Path) -> list[str]:
    """Problems found in every HTML page of a built site (empty when safe)."""
    problems = []
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder)
        for problem in scan_html(path.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{relative}: {problem}")
    return problems
