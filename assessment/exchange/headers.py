"""Export tables in the person's language: column headers, coded values and sheet names from the catalog.

The engine's frames use stable machine names (`country`, `status`, `not_applicable`);
a file is made in one language by renaming them here, last. The English headers are
the machine names themselves, so an English file (and any script reading one) keeps
them; every XLSX carries a sheet pairing each header with its machine name, and
docs/exports.md lists them.
"""

from __future__ import annotations

import pandas as pd

from ..i18n import translate

CODED = ("status", "level", "phase", "effort")
"""Columns whose values are codes, written in the file's language."""


def _label(key: str, fallback: str, language: str) -> str:
    text = translate(key, language)
    return fallback if text == key else text


def column_label(name: str, language: str) -> str:
    return _label(f"column.{name}", name, language)


def sheet_label(name: str, language: str) -> str:
    return _label(f"sheet.{name}", name, language)[:31]


def localised(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The frame with its headers and coded values in `language` (machine names when `language` is English)."""
    out = frame.copy()
    for column in CODED:
        if column in out:
            values = {v: _label(f"value.{column}.{v}", v, language) for v in out[column].dropna().unique()}
            out[column] = out[column].map(lambda v, values=values: values.get(v, v))
    out.columns = [column_label(str(c), language) for c in out.columns]
    return out


def localised_sheets(frames: dict[str, pd.DataFrame], language: str) -> dict[str, pd.DataFrame]:
    """The sheets in `language`, with a last sheet that pairs every header with its machine name."""
    names = sorted({str(c) for frame in frames.values() for c in frame.columns})
    key = pd.DataFrame(
        {
            column_label("header", language): [column_label(n, language) for n in names],
            column_label("machine_name", language): names,
        }
    )
    out = {sheet_label(name, language): localised(frame, language) for name, frame in frames.items()}
    out[sheet_label("columns", language)] = key
    return out
