"""A problem found in the content: where (file, line, column, field) and what."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{self.col}:{field} {self.message}"


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in content")
        self.problems = problems


def format_path(path) -> str:
    """('indikator', 2, 'realisasi') -> 'indikator[2].realisasi'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def ribuan(number: int) -> str:
    """1234567 -> '1.234.567': a count in a message, written the Indonesian way."""
    return f"{number:,}".replace(",", ".")
