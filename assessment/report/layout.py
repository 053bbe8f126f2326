"""Fonts, styles, page frame and the safe way to put text into reportlab markup."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics import shapes
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

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
    }


def text(value: object, style: str = "body", *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text: whatever it contains is escaped, never read as markup."""
    safe = escape(str(value))
    return Paragraph(f"<b>{safe}</b>" if bold else safe, styles()[style])


def table(rows: list[list[object]], widths: list[float], *, header: bool = True, zebra: bool = True) -> Table:
    """A table of plain-text cells (strings are escaped into paragraphs), header row repeated on each page."""
    cells = [
        [
            cell if not isinstance(cell, str) else text(cell, "cell_bold" if header and r == 0 else "cell")
            for cell in row
        ]
        for r, row in enumerate(rows)
    ]
    result = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
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
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            number = self._pageNumber
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_WIDTH - MARGIN, 10 * mm, footer(number, total))
            if number > 1:
                self.drawString(MARGIN, 10 * mm, running_title[:110])
                self.setStrokeColor(RULE)
                self.line(MARGIN, PAGE_HEIGHT - 12 * mm, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 12 * mm)

    return NumberedCanvas


def build_pdf(
    story: list, *, title: str, author: str, subject: str, language: str, footer: Callable[[int, int], str]
) -> bytes:
    """Lay out `story` on A4 with page numbers, metadata and embedded fonts; return the PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=20 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="cyber-maturity-assessment",
        lang=language,
        initialFontName=FONT,
        displayDocTitle=True,
    )
    doc.build(story, canvasmaker=numbered_canvas(footer, title))
    return buffer.getvalue()
