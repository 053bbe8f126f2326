"""The XLSX workbook written by assessment/exchange/tabular.py: what a spreadsheet reads back, cell by cell."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pandas as pd
import pytest

from assessment.answers import Answer
from assessment.exchange.tabular import MAX_TEXT, sheets, xlsx_bytes
from assessment.scored import load_scored
from assessment.store import Store

FRAME = pd.DataFrame(
    {
        "text": ["plain", "=1+1", "", None, "a & b <c> \"d\" 'e'", " leading", "línea\nnueva", "x" * 40_000],
        "number": [1.5, float("nan"), float("inf"), 2.0, -3.25, 1e-05, 25.0, 0.1 + 0.2],
        "whole": pd.array([1, None, 3, 4, 5, 6, 7, 8], dtype="Int64"),
        "flag": [True, False, True, False, True, False, True, False],
        "count": np.arange(8),
        "bell": ["a\x07b", "_x0041_", "\r", "ok", "ok", "ok", "ok", "ok"],
    }
)


def workbook(frames: dict[str, pd.DataFrame]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frames)))


def test_cells_come_back_as_texts_numbers_and_booleans_and_missing_values_as_empty_cells():
    sheet = workbook({"data": FRAME})["data"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("text", "number", "whole", "flag", "count", "bell")
    assert [r[0] for r in rows[1:]] == ["plain", "'=1+1", None, None, "a & b <c> \"d\" 'e'", " leading",
                                        "línea\nnueva", "x" * MAX_TEXT]  # fmt: skip
    assert [r[1] for r in rows[1:]] == [1.5, None, None, 2, -3.25, 1e-05, 25, 0.3]  # 16 digits, as XlsxWriter
    assert [r[2] for r in rows[1:]] == [1, None, 3, 4, 5, 6, 7, 8]
    assert [r[3] for r in rows[1:]] == [True, False] * 4
    assert [r[4] for r in rows[1:]] == list(range(8))
    assert [r[5] for r in rows[1:4]] == ["a_x0007_b", "_x0041_", "'_x000D_"]  # Excel's escapes for what XML cannot hold
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_header_is_bold_and_frozen_and_columns_as_wide_as_their_header():
    frames = {
        "first": FRAME,
        "a & b": pd.DataFrame({"a much longer column header than ten": [1]}),
        "empty": pd.DataFrame(),
    }
    book = workbook(frames)
    assert book.sheetnames == ["first", "a & b", "empty"]
    first = book["first"]
    assert all(c.font.b for c in first[1])
    assert not any(c.font.b for c in first[2])
    assert [book[name].freeze_panes for name in book.sheetnames] == ["A2", "A2", "A2"]
    assert first.column_dimensions["A"].width == 10.7109375  # 10 characters, as XlsxWriter stores them
    assert book["a & b"].column_dimensions["A"].width == 38.7109375
    assert list(book["empty"].iter_rows(values_only=True)) == []


def test_every_part_is_well_formed_xml_and_each_text_is_stored_once():
    raw = xlsx_bytes({"one": FRAME, "two": FRAME})
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        for name in package.namelist():
            ElementTree.fromstring(package.read(name))  # noqa: S314 - our own output; raises on a missing escape
        strings = ElementTree.fromstring(package.read("xl/sharedStrings.xml"))  # noqa: S314
    texts = [node.text for node in strings.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t")]
    assert len(texts) == len(set(texts))
    assert texts.count("plain") == 1  # on both sheets, one shared string
    assert int(strings.get("count")) > int(strings.get("uniqueCount")) == len(texts)


@pytest.mark.parametrize("names", [("a", "A"), ("what?",), ("",), ("x[1]",)])
def test_sheet_names_that_excel_refuses_are_refused(names):
    frames = dict.fromkeys(names, FRAME)
    with pytest.raises(ValueError, match="sheet names"):
        xlsx_bytes(frames)


def test_the_workbook_without_respondents_has_no_answers_sheet_and_the_same_results(tmp_path, national):
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    info = store.create_assessment("CR", "2026", national, "en", actor="t")
    person = store.add_respondent(info.id, "Ana", "MICITT", "government", questionnaire=national, actor="t")
    store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2, comment="private words"),
                      questionnaire=national, actor="t")  # fmt: skip
    tables = [load_scored(store, national, info.id)]
    full, figures = sheets(tables, "en"), sheets(tables, "en", respondents=False)
    assert list(full) == ["answers", "indicator results", "pillar results", "recommendations", "columns"]
    assert list(figures) == ["indicator results", "pillar results", "recommendations", "columns"]
    for name in ("indicator results", "pillar results", "recommendations"):
        pd.testing.assert_frame_equal(full[name], figures[name])
    assert "comment" not in set(figures["columns"]["machine name"])
    book = workbook(figures)
    assert "private words" not in {c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row}
