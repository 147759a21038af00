"""What a report says, independent of its format: tables, charts, headings, paragraphs.

Builders (tables.py, analysis.py, quarterly.py, ...) turn figures into a Document; the
renderers in render/ only lay it out as .xlsx, .csv, .docx, .pdf or .pptx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CellKind = Literal["text", "int", "pct", "num"]
Cell = str | int | float | None


@dataclass(frozen=True)
class Column:
    label: str
    kind: CellKind = "text"
    width: int = 12  # characters, for spreadsheets


@dataclass
class Table:
    title: str
    sheet: str  # a short name (a sheet tab, at most 31 characters)
    columns: list[Column]
    rows: list[list[Cell]]
    total: list[Cell] | None = None
    note: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes
    # The chart's data in words, for readers who cannot see it (docx alt text, PDF).
    caption: str = ""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "muted", "editable"] = "body"


@dataclass(frozen=True)
class KeyFigures:
    items: list[tuple[str, str]]  # label, formatted value


Block = Heading | Paragraph | Table | Chart | KeyFigures


@dataclass
class Document:
    title: str
    subtitle: str
    code: str  # the form's code (KH-07-R02 ...) or ""
    blocks: list[Block] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]

    def key_figures(self) -> KeyFigures | None:
        return next((b for b in self.blocks if isinstance(b, KeyFigures)), None)
