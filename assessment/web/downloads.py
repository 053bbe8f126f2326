"""The files the download buttons make (Results, Compare), with the export code imported only when one is made.

Each function is the one of assessment/exchange of the same name; the page modules import
these instead, so that drawing a page (and above all the sign-in page) does not load the
export code: its module is imported the first time a button makes a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import streamlit as st

from ..formatting import language_name
from ..i18n import report_language, translate

if TYPE_CHECKING:
    import pandas as pd

    from ..exchange.tabular import AssessmentTables


def to_json(document: dict[str, Any]) -> str:
    from ..exchange.portable import to_json as portable_json

    return portable_json(document)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    from ..exchange.tabular import neutralise as safe_frame

    return safe_frame(frame)


def sheets(tables: Sequence[AssessmentTables], lang: str) -> dict[str, pd.DataFrame]:
    from ..exchange.tabular import sheets as export_sheets

    return export_sheets(tables, lang)


def long_csv(tables: Sequence[AssessmentTables], lang: str) -> str:
    from ..exchange.tabular import long_csv as export_csv

    return export_csv(tables, lang)


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    from ..exchange.tabular import xlsx_bytes as workbook

    return workbook(frames)


def file_language(available: list[str], assessment_languages: list[str], lang: str, key: str) -> str:
    """The menu choosing the language files are made in: by default the assessments' own (one rule, as the CLI)."""
    default = report_language(assessment_languages, available)
    return st.selectbox(
        translate("results.report_language", lang),
        available,
        index=available.index(default),
        format_func=lambda c: language_name(c, lang),
        key=key,
    )
