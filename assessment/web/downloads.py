"""The download buttons of Results and Compare, generated from the registry of output formats (assessment/formats.py).

A button's file is made when it is clicked (a callable), and only then is the report or export
code imported: drawing a page (and above all the sign-in page) does not load it.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import streamlit as st

from ..formats import FileRequest, Target, formats_for, make_file, offered
from ..formatting import language_name
from ..i18n import report_language, translate
from .context import get_workspace

if TYPE_CHECKING:
    import pandas as pd


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """assessment.exchange.tabular.neutralise, imported when a file is made."""
    from ..exchange.tabular import neutralise as safe_frame

    return safe_frame(frame)


def render_download_buttons(target: Target, request: FileRequest, stem: str, language: str, key: str) -> bool:
    """One button per format the person may download for `target`, side by side, the first (a report) primary.

    Returns whether every format of `target` was offered: data exports are left out when the
    person may not export every assessment of the file.
    """
    workspace = get_workspace()
    formats = offered(target, workspace, request.assessment_ids)
    for n, (column, file_format) in enumerate(zip(st.columns(max(1, len(formats))), formats, strict=False)):
        output = file_format.outputs[target]
        column.download_button(
            translate(output.label_key, language),
            partial(make_file, file_format, target, workspace, request),
            file_name=f"{stem}.{file_format.extension}",
            mime=file_format.media_type,
            key=f"{key}_{file_format.id}",
            type="primary" if n == 0 else "secondary",
            help=translate(output.help_key, language) if output.help_key else None,
        )
    return len(formats) == len(formats_for(target))


def file_language(available: list[str], assessment_languages: list[str], language: str, key: str) -> str:
    """The menu choosing the language files are made in: by default the assessments' own (one rule, as the CLI)."""
    default = report_language(assessment_languages, available)
    return st.selectbox(
        translate("results.report_language", language),
        available,
        index=available.index(default),
        format_func=lambda c: language_name(c, language),
        key=key,
    )
