"""Blocks → PDF with reportlab: the layout of the country report."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from ..charts.drawings import radar_drawing
from . import blocks as b
from .layout import CONTENT_WIDTH, build_pdf, styles, table, text


@cache
def _heading_style(level: int) -> ParagraphStyle:
    """The heading styles, kept on the page of what follows them."""
    base = styles()["h1" if level == 1 else "h2"]
    return ParagraphStyle(f"{base.name}_keep", parent=base, keepWithNext=1)


def _heading(block: b.Heading) -> Paragraph:
    return Paragraph(escape(block.text), _heading_style(block.level))


def _cell(cell: b.Cell) -> object:
    if isinstance(cell, b.Detail):
        return [text(cell.main, "cell"), text(cell.detail, "small")] if cell.detail else cell.main
    return cell


def _flowable(block: b.Block) -> list[Flowable]:
    if isinstance(block, b.Heading):
        return [_heading(block)]
    if isinstance(block, b.Text):
        return [text(block.text, block.style, bold=block.bold)]
    if isinstance(block, b.Table):
        rows = [[_cell(c) for c in row] for row in block.rows]
        return [table(rows, [CONTENT_WIDTH * w for w in block.widths], header=block.header), Spacer(1, 2 * mm)]
    if isinstance(block, b.KeyFigures):
        values = [text(value, "figure") for value, _ in block.figures]
        cells = [values, [text(label, "figure_label") for _, label in block.figures]]
        widths = [CONTENT_WIDTH / len(block.figures)] * len(block.figures)
        return [table(cells, widths, header=False, zebra=False), Spacer(1, 4 * mm)]
    if isinstance(block, b.Radar):
        return [KeepTogether([radar_drawing(block.axes, block.series), text(block.caption, "small")])]
    if isinstance(block, b.Space):
        return [Spacer(1, block.mm * mm)]
    return [PageBreak()]


def document_pdf(document: b.Document, footer: Callable[[int, int], str]) -> bytes:
    """The document as PDF bytes: A4, embedded fonts, page numbers and its title in the metadata."""
    story = [f for block in document.blocks for f in _flowable(block)]
    return build_pdf(
        story,
        title=document.title,
        author=document.author,
        subject=document.author,
        language=document.language,
        footer=footer,
    )
