"""Each chart said in words, for whoever cannot see it: its text alternative, in the screen's or report's language.

Plain text (names are not escaped): a page shows it with `md_escape` or as a table, a report
as the picture's description.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from babel.lists import format_list

from ..formatting import format_score, locale_of, stage_label
from ..i18n import translate
from ..model import Questionnaire
from .data import Series


def chart_summary(axes: Sequence[str], series: Sequence[Series], language: str) -> str:
    """The chart in words, for whoever cannot see it: each series' value on each axis, written in `language`.

    `Scores out of 100. Current: Strategy 45.0, Incident response 30.0 and Skills no score. Target: …`.
    Plain text (names are not escaped): a page shows it with `md_escape` or `st.text` beside the chart.
    """
    unknown = translate("chart.summary_unknown", language)
    sentences = [translate("chart.summary_intro", language)]
    for line in series:
        values = [
            translate(
                "chart.summary_value", language, axis=axis, value=unknown if v is None else format_score(v, language)
            )
            for axis, v in zip(axes, line.values, strict=True)
        ]
        joined = format_list(values, locale=locale_of(language)) if values else unknown
        sentences.append(translate("chart.summary_series", language, name=line.name, values=joined))
    return " ".join(sentences)


def radar_description(axes: Sequence[str], series: Sequence[Series], language: str) -> str:
    """A report's radar as its picture's description: the axes, then each series' values in axis order."""
    described = "; ".join(
        f"{line.name}: " + ", ".join(format_score(v, language) for v in line.values) for line in series
    )
    return translate("report.radar_alt", language, axes=", ".join(axes), values=described)


def stage_text(value: float | None, q: Questionnaire, language: str) -> str:
    """`3 · Established`, or "no stage" for an empty cell of the heatmap (not answered, or not applicable)."""
    if value is None or pd.isna(value):
        return translate("compare.no_stage", language)
    return stage_label(q, int(value), language)


def heatmap_table(frame: pd.DataFrame, q: Questionnaire, language: str) -> pd.DataFrame:
    """The heatmap as a table, its text alternative: each indicator's stage in each assessment, in words."""
    shown = pd.DataFrame(
        {c: [stage_text(v, q, language) for v in frame[c]] for c in frame.columns}, index=frame.index, dtype=object
    )
    shown.index.name = translate("results.indicator", language)
    return shown.reset_index()
