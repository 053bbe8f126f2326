"""Fonts, styles, page frame and the safe way to put text into reportlab markup."""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.graphics import shapes
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

FONTS = Path(__file__).parent / "fonts"
FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
INK = colors.HexColor("#1b2a3a")
ACCENT = colors.HexColor("#1f5f99")
MUTED = colors.HexColor("#5d6d7e")
RULE = colors.HexColor("#d5dde5")
SHADE = colors.HexColor("#eef3f8")
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
BOTTOM_MARGIN = 20 * mm
PORTRAIT, LANDSCAPE = "portrait", "landscape"
"""The page templates of `build_pdf(..., orientations=True)`; `next_page(LANDSCAPE)` switches."""
LANDSCAPE_WIDTH, LANDSCAPE_HEIGHT = landscape(A4)
LANDSCAPE_CONTENT_WIDTH = LANDSCAPE_WIDTH - 2 * MARGIN
CELL_PADDING = 6
"""reportlab's left (and right) padding of a table cell."""


@cache
def register_fonts() -> None:
    """Embed DejaVu Sans (shipped with the project): it covers English, Spanish, Portuguese and French."""
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf"), (ITALIC, "DejaVuSans-Oblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    # Drawings start from reportlab's default font (Helvetica, never embedded): start them from ours.
    shapes.STATE_DEFAULTS["fontName"] = FONT


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK, splitLongWords=True)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.2, leading=10.5),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=BOLD, fontSize=8.2, leading=10.5),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=BOLD, fontSize=17, leading=22, spaceBefore=4, spaceAfter=8, textColor=ACCENT
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=5, textColor=INK
        ),
        "cover_title": ParagraphStyle(
            "cover_title", parent=base, fontName=BOLD, fontSize=26, leading=32, textColor=ACCENT, spaceAfter=14
        ),
        "cover_line": ParagraphStyle("cover_line", parent=base, fontSize=13, leading=19),
        "figure": ParagraphStyle(
            "figure", parent=base, fontName=BOLD, fontSize=19, leading=23, alignment=TA_CENTER, textColor=ACCENT
        ),
        "figure_label": ParagraphStyle(
            "figure_label", parent=base, fontSize=8, leading=10, alignment=TA_CENTER, textColor=MUTED
        ),
        "cell_small": ParagraphStyle("cell_small", parent=base, fontSize=7, leading=8.8),
        "cell_small_bold": ParagraphStyle("cell_small_bold", parent=base, fontName=BOLD, fontSize=7, leading=8.8),
    }


def text(value: object, style: str = "body", *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text: whatever it contains is escaped, never read as markup."""
    safe = escape(str(value))
    return Paragraph(f"<b>{safe}</b>" if bold else safe, styles()[style])


@cache
def aligned(style: str, alignment: str) -> ParagraphStyle:
    """`style` aligned LEFT, CENTER or RIGHT, like the cells under a header."""
    sides: dict[str, Literal[0, 1, 2]] = {"LEFT": TA_LEFT, "CENTER": TA_CENTER, "RIGHT": TA_RIGHT}
    side = sides[alignment]
    return ParagraphStyle(f"{style}_{alignment.lower()}", parent=styles()[style], alignment=side)


def line_width(values: Iterable[object], style: str = "cell", padding: float = CELL_PADDING) -> float:
    """The width of a column that holds each of `values` on one line in `style`'s font, padding included."""
    font = styles()[style]
    widest = max((pdfmetrics.stringWidth(str(v), font.fontName, font.fontSize) for v in values), default=0.0)
    return widest + 2 * padding + 1  # a point to spare: wrapping compares floats


def word_width(values: Iterable[object], style: str = "cell_bold", padding: float = CELL_PADDING) -> float:
    """The narrowest column in which paragraphs of `values` wrap between words, never inside one."""
    return line_width((word for v in values for word in str(v).split()), style, padding)


def table(
    rows: Sequence[Sequence[object]],
    widths: list[float],
    *,
    header: bool = True,
    zebra: bool = True,
    figures: Collection[int] = (),
    align: str = "RIGHT",
    body: str = "cell",
    heading: str = "cell_bold",
) -> Table:
    """A table of plain-text cells (strings are escaped into paragraphs), header row repeated on each page.

    Below the header, the strings of the `figures` columns are drawn as they are, on one
    line: never wrapped, never read as markup (give those columns at least their
    `line_width`); they and their headers are aligned by `align`. `body` and `heading`
    name the styles of the other cells.
    """

    def cell_of(value: object, r: int, c: int) -> object:
        if not isinstance(value, str):
            return value
        if header and r == 0:
            return Paragraph(escape(value), aligned(heading, align)) if c in figures else text(value, heading)
        return value if c in figures else text(value, body)

    cells = [[cell_of(value, r, c) for c, value in enumerate(row)] for r, row in enumerate(rows)]
    result = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # reportlab's default is Helvetica, which is never embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]
    if zebra:
        commands += [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f8fafc")) for r in range(2, len(rows), 2)]
    first, font = (1 if header else 0), styles()[body]
    for c in figures:
        commands += [("FONTNAME", (c, first), (c, -1), font.fontName), ("FONTSIZE", (c, first), (c, -1), font.fontSize),
                     ("LEADING", (c, first), (c, -1), font.leading), ("TEXTCOLOR", (c, first), (c, -1), INK),
                     ("ALIGN", (c, first), (c, -1), align)]  # fmt: skip
    result.setStyle(TableStyle(commands))
    return result


def numbered_canvas(footer: Callable[[int, int], str], running_title: str) -> type[canvas.Canvas]:
    """A canvas that writes "page N of M" (and a running title) once the number of pages is known."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # private in reportlab, and so not in types-reportlab

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            number = self.getPageNumber()
            # this page's own size: portrait and landscape pages can mix (private, and so not in types-reportlab)
            width, height = self._pagesize  # type: ignore[attr-defined]
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(width - MARGIN, 10 * mm, footer(number, total))
            if number > 1:
                self.drawString(MARGIN, 10 * mm, running_title[:110])
                self.setStrokeColor(RULE)
                self.line(MARGIN, height - 12 * mm, width - MARGIN, height - 12 * mm)

    return NumberedCanvas


def page_template(name: str, pagesize: tuple[float, float]) -> PageTemplate:
    """A page of `pagesize` with the report's margins and a frame exactly the content width wide."""
    width, height = pagesize
    frame = Frame(MARGIN, BOTTOM_MARGIN, width - 2 * MARGIN, height - MARGIN - BOTTOM_MARGIN, id=name,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    return PageTemplate(id=name, frames=[frame], pagesize=pagesize)


def next_page(orientation: str) -> list:
    """Flowables that start a new page in `orientation` (PORTRAIT or LANDSCAPE), for `orientations=True`."""
    return [NextPageTemplate(orientation), PageBreak()]


def build_pdf(
    story: list,
    *,
    title: str,
    author: str,
    subject: str,
    language: str,
    footer: Callable[[int, int], str],
    orientations: bool = False,
) -> bytes:
    """Lay out `story` on A4 with page numbers, metadata and embedded fonts; return the PDF bytes.

    With `orientations`, the story starts on a portrait page and `next_page(LANDSCAPE)` or
    `next_page(PORTRAIT)` in it turns the pages that follow; their frames are exactly
    CONTENT_WIDTH and LANDSCAPE_CONTENT_WIDTH wide.
    """
    register_fonts()
    buffer = io.BytesIO()
    settings: dict[str, Any] = {
        "leftMargin": MARGIN,
        "rightMargin": MARGIN,
        "topMargin": MARGIN,
        "bottomMargin": BOTTOM_MARGIN,
        "title": title,
        "author": author,
        "subject": subject,
        "creator": "cyber-maturity-assessment",
        "lang": language,
        "initialFontName": FONT,
        "displayDocTitle": True,
    }
    if orientations:
        pages = [page_template(PORTRAIT, A4), page_template(LANDSCAPE, landscape(A4))]
        doc: BaseDocTemplate = BaseDocTemplate(buffer, pagesize=A4, pageTemplates=pages, **settings)
    else:
        doc = SimpleDocTemplate(buffer, pagesize=A4, **settings)
    doc.build(story, canvasmaker=numbered_canvas(footer, title))
    return buffer.getvalue()
