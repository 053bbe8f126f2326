"""Plotly figures of results: the pillar radar and one pillar's indicators. No Streamlit here.

Figures only draw what `scoring` computed; labels come in already translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from babel.lists import format_list

from .formatting import format_score, locale_of
from .i18n import translate

PALETTE = ("#1f5f99", "#d1495b", "#2a9d8f", "#e9a03b", "#6c4f9e", "#4c956c", "#8d6e63", "#c2185b", "#00838f", "#5d6d7e")


@dataclass(frozen=True)
class Series:
    """One line on a radar: a name and a value (0-100, or None when unknown) per axis."""

    name: str
    values: Sequence[float | None]
    dashed: bool = False


def axis_label(text: str, width: int = 22) -> str:
    """A label safe for Plotly's text markup (which knows a few HTML tags), wrapped onto short lines."""
    words = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split()
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def chart_summary(axes: Sequence[str], series: Sequence[Series], lang: str) -> str:
    """The chart in words, for whoever cannot see it: each series' value on each axis, written in `lang`.

    `Scores out of 100. Current: Strategy 45.0, Incident response 30.0 and Skills no score. Target: …`.
    Plain text (names are not escaped): a page shows it with `md_escape` or `st.text` beside the chart.
    """
    unknown = translate("chart.summary_unknown", lang)
    sentences = [translate("chart.summary_intro", lang)]
    for line in series:
        values = [
            translate("chart.summary_value", lang, axis=axis, value=unknown if v is None else format_score(v, lang))
            for axis, v in zip(axes, line.values, strict=True)
        ]
        joined = format_list(values, locale=locale_of(lang)) if values else unknown
        sentences.append(translate("chart.summary_series", lang, name=line.name, values=joined))
    return " ".join(sentences)


def radar(axes: Sequence[str], series: Sequence[Series], title: str = "") -> go.Figure:
    """A closed radar of 0-100 values; an unknown value is drawn at the centre and marked in the hover."""
    figure = go.Figure()
    axes = [axis_label(a) for a in axes]
    closed_axes = [*axes, axes[0]]
    for n, line in enumerate(series):
        values = [0.0 if v is None else v for v in line.values]
        hover = ["–" if v is None else f"{v:.1f}" for v in line.values]
        figure.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=closed_axes,
                name=axis_label(line.name, 40),
                customdata=[*hover, hover[0]],
                hovertemplate="%{theta}: %{customdata}<extra>%{fullData.name}</extra>",
                line={"color": PALETTE[n % len(PALETTE)], "dash": "dash" if line.dashed else "solid", "width": 2},
                fill="toself" if n == 0 else "none",
                opacity=0.9,
            )
        )
    figure.update_layout(
        title=title or None,
        polar={"radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100]}},
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 110, "r": 110, "t": 50 if title else 40, "b": 40},
        height=480,
    )
    return figure


def indicator_bars(labels: Sequence[str], scores: Sequence[float | None], targets: Mapping[str, float]) -> go.Figure:
    """One pillar's indicators as horizontal bars (0-100), with each indicator's target as a marker."""
    labels = [axis_label(label, 40) for label in labels]
    targets = {axis_label(k, 40): v for k, v in targets.items()}
    shown = [0.0 if s is None else s for s in scores]
    figure = go.Figure(
        go.Bar(
            x=shown,
            y=list(labels),
            orientation="h",
            marker_color=[PALETTE[0] if s is not None else "#cccccc" for s in scores],
            text=["–" if s is None else f"{s:.0f}" for s in scores],
            textposition="auto",
            name="",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    if targets:
        figure.add_trace(
            go.Scatter(
                x=[targets.get(label) for label in labels],
                y=list(labels),
                mode="markers",
                marker={"symbol": "line-ns-open", "size": 18, "color": PALETTE[1], "line": {"width": 3}},
                name="target",
                hoverinfo="skip",
            )
        )
    figure.update_layout(
        xaxis={"range": [0, 100]},
        yaxis={"autorange": "reversed"},
        showlegend=False,
        height=60 + 44 * len(labels),
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
    )
    return figure
