"""Blocks → an editable Word document (python-docx): the country report people restyle and sign.

Headings use Word's own heading styles and body text its Normal style, so a ministry's
template restyles the whole report; the radar is the PDF's own drawing, as a PNG.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as WordTable

from ..charts.drawings import radar_drawing
from . import blocks as b
from .layout import register_fonts
from .raster import drawing_png

TEXT_WIDTH_CM = 16.0
MUTED = RGBColor(0x5D, 0x6D, 0x7E)
STYLE_OF = {"body": "Normal", "small": "Caption", "cover_title": "Title", "cover_line": "Subtitle"}


def _repeat_header(table: WordTable) -> None:
    """The first row is repeated at the top of every page the table runs onto."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry: never stored (textcheck.py), and dropped here as a second defence."""

WORD_LANGUAGE = {"en": "en-GB", "es": "es-419", "pt": "pt-BR", "fr": "fr-FR"}
"""The proofing language Word spells and reads each report language in."""


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def _fill(cell, value: b.Cell, *, bold: bool = False) -> None:
    main, detail = (value.main, value.detail) if isinstance(value, b.Detail) else (value, "")
    main, detail = xml_text(main), xml_text(detail)
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(main)
    run.bold = bold
    if detail:
        small = cell.add_paragraph().add_run(detail)
        small.font.size, small.font.color.rgb = Pt(8), MUTED


def _table(doc, block: b.Table) -> None:
    columns = max(len(r) for r in block.rows)
    table = doc.add_table(rows=len(block.rows), cols=columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(TEXT_WIDTH_CM * w) for w in block.widths]
    # Row by row (`row.cells` once): `table.cell(r, c)` recomputes the whole grid at every call.
    for r, (row, cells) in enumerate(zip(block.rows, table.rows, strict=True)):
        for c, (value, cell) in enumerate(zip(row, cells.cells, strict=False)):
            cell.width = widths[c]
            _fill(cell, value, bold=block.header and r == 0)
    if block.header:
        _repeat_header(table)
    doc.add_paragraph()


def _figures(doc, block: b.KeyFigures) -> None:
    table = doc.add_table(rows=2, cols=len(block.figures))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, (value, label) in enumerate(block.figures):
        top = table.cell(0, c).paragraphs[0].add_run(xml_text(value))
        top.bold, top.font.size = True, Pt(16)
        under = table.cell(1, c).paragraphs[0].add_run(xml_text(label))
        under.font.size, under.font.color.rgb = Pt(8), MUTED
    doc.add_paragraph()


def radar_png(block: b.Radar) -> bytes:
    """The radar as the PDF draws it, rasterised at print resolution."""
    register_fonts()
    return drawing_png(radar_drawing(block.axes, block.series))


def _radar(doc, block: b.Radar) -> None:
    doc.add_picture(io.BytesIO(radar_png(block)), width=Cm(TEXT_WIDTH_CM))
    picture = doc.inline_shapes[-1]._inline.docPr
    picture.set("descr", xml_text(block.description))
    picture.set("title", xml_text(block.caption))
    doc.add_paragraph(xml_text(block.caption), style="Caption")


def _set_proofing_language(doc, tag: str) -> None:
    """The language Word spell-checks and reads the text in: the document defaults' run properties."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if run is None:
        return
    lang = run.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)


def document_docx(document: b.Document, generated: date | None = None) -> bytes:
    """The document as .docx bytes, dated `generated` in its properties."""
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    properties = doc.core_properties
    properties.title, properties.author = xml_text(document.title), xml_text(document.author)
    properties.language = document.language
    if generated is not None:
        properties.created = properties.modified = datetime.combine(generated, time())
    doc.styles["Normal"].font.name = "DejaVu Sans"
    _set_proofing_language(doc, WORD_LANGUAGE.get(document.language, document.language))
    for block in document.blocks:
        if isinstance(block, b.Heading):
            doc.add_heading(xml_text(block.text), level=block.level)
        elif isinstance(block, b.Text):
            paragraph = doc.add_paragraph(style=STYLE_OF[block.style])
            paragraph.add_run(xml_text(block.text)).bold = block.bold or None
        elif isinstance(block, b.Table):
            _table(doc, block)
        elif isinstance(block, b.KeyFigures):
            _figures(doc, block)
        elif isinstance(block, b.Radar):
            _radar(doc, block)
        elif isinstance(block, b.PageBreak):
            doc.add_page_break()
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
