"""A report as a list of plain blocks (headings, paragraphs, tables, a radar), before any file format.

The country report is written once as blocks; `pdf.py` lays them out with reportlab and
`word.py` writes them as a Word document, so both files carry the same figures and words.
Every text in a block is plain text: renderers escape it, never read it as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..charts.data import Series

TextStyle = Literal["body", "small", "cover_title", "cover_line"]


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1
    """1 for a section, 2 for a subsection."""


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    style: TextStyle = "body"
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Detail:
    """A table cell with a main text and a smaller line under it."""

    main: str
    detail: str


Cell = str | Detail


@dataclass(frozen=True, slots=True)
class Table:
    rows: Sequence[Sequence[Cell]]
    widths: Sequence[float]
    """Shares of the text width, one per column (they sum to 1)."""
    header: bool = True


@dataclass(frozen=True, slots=True)
class KeyFigures:
    """A row of large figures with their labels: the headline."""

    figures: Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Radar:
    axes: Sequence[str]
    series: Sequence[Series]
    caption: str
    description: str
    """The chart in words, for readers who cannot see it (alternative text)."""


@dataclass(frozen=True, slots=True)
class Space:
    mm: float


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Heading | Text | Table | KeyFigures | Radar | Space | PageBreak


@dataclass(frozen=True, slots=True)
class Document:
    blocks: Sequence[Block]
    title: str
    author: str
    language: str
