"""Plotly figures of results: the pillar radar and one pillar's indicators. No Streamlit here.

Figures only draw what `scoring` computed; labels come in already translated.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
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


def radar(axes: Sequence[str], series: Sequence[Series], title: str = "", lang: str = "en") -> go.Figure:
    """A closed radar of 0-100 values. An unknown value (a pillar nobody answered) is not drawn at 0:
    the line breaks there, and the legend says what a break means. Hovers write numbers in `lang`."""
    figure = go.Figure()
    axes = [axis_label(a) for a in axes]
    closed_axes = [*axes, axes[0]]
    for n, line in enumerate(series):
        values = list(line.values)
        hover = [translate("chart.not_answered", lang) if v is None else format_score(v, lang) for v in values]
        figure.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=closed_axes,
                name=axis_label(line.name, 40),
                customdata=[*hover, hover[0]],
                hovertemplate="%{theta}: %{customdata}<extra>%{fullData.name}</extra>",
                line={"color": PALETTE[n % len(PALETTE)], "dash": "dash" if line.dashed else "solid", "width": 2},
                mode="lines+markers",
                marker={"size": 6},
                connectgaps=False,
                fill="toself" if n == 0 and None not in values else "none",
                opacity=0.9,
            )
        )
    if any(v is None for line in series for v in line.values):
        figure.add_trace(  # a legend entry only: what a break in a line means
            go.Scatterpolar(
                r=[None],
                theta=[axes[0]],
                mode="lines",
                name=axis_label(translate("chart.radar_gap", lang), 40),
                line={"color": "#6b6b6b", "dash": "dot", "width": 2},
                hoverinfo="skip",
            )
        )
    figure.update_layout(
        title=title or None,
        polar={"radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100]}},
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 110, "r": 110, "t": 90 if title else 80, "b": 40},
        height=500,
    )
    return figure


def indicator_bars(
    labels: Sequence[str],
    stages: Sequence[int | None],
    targets: Mapping[str, int],
    stage_names: Mapping[int, str],
    *,
    lang: str = "en",
    not_applicable: Collection[int] = (),
) -> go.Figure:
    """One pillar's indicators as horizontal bars of their stage, with each indicator's target stage as a marker.

    The axis is the scale (`stage_names`, lowest first): every bar starts one step below the lowest
    stage, so the lowest stage is a bar one step long, never an empty row. An indicator without a
    stage has no bar and says why: "not answered", or "not applicable" for the positions in
    `not_applicable`.
    """
    labels = [axis_label(label, 40) for label in labels]
    targets = {axis_label(k, 40): v for k, v in targets.items()}
    values = list(stage_names)
    base = values[0] - 1
    missing = [
        translate("chart.not_applicable" if n in not_applicable else "chart.not_answered", lang)
        for n in range(len(stages))
    ]
    names = {v: f"{v} · {axis_label(name, 30)}" for v, name in stage_names.items()}
    figure = go.Figure(
        go.Bar(
            x=[0 if s is None else s - base for s in stages],
            base=base,
            y=list(range(len(labels))),
            orientation="h",
            marker_color=[PALETTE[0] if s is not None else "#cccccc" for s in stages],
            text=[missing[n] if s is None else str(s) for n, s in enumerate(stages)],
            textposition=["outside" if s is None else "inside" for s in stages],
            insidetextanchor="end",
            cliponaxis=False,
            customdata=[
                [label, missing[n] if s is None else names.get(s, str(s))]
                for n, (label, s) in enumerate(zip(labels, stages, strict=True))
            ],
            name="",
            showlegend=False,
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        )
    )
    if targets:
        figure.add_trace(
            go.Scatter(
                x=[targets.get(label) for label in labels],
                y=list(range(len(labels))),
                mode="markers",
                marker={"symbol": "line-ns-open", "size": 18, "color": PALETTE[1], "line": {"width": 3}},
                name=translate("results.target", lang),
                hoverinfo="skip",
            )
        )
    figure.update_layout(
        xaxis={
            "range": [base, values[-1] + 0.3],
            "tickvals": values,
            "ticktext": [str(v) for v in values],
            "title": {"text": translate("results.stage", lang)},
            "zeroline": False,
        },
        yaxis={"autorange": "reversed", "tickvals": list(range(len(labels))), "ticktext": labels, "automargin": True},
        showlegend=bool(targets),
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1, "yanchor": "bottom"},
        height=110 + 44 * len(labels),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return figure
