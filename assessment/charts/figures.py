"""The Plotly figures the pages show: the pillar radar, one pillar's indicators, the heatmap, the trends.

Figures only draw what `data` computed from the scores; labels come in already translated.
No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ..formatting import format_score
from ..i18n import translate
from ..model import Questionnaire
from .data import PALETTE, Series
from .summary import stage_text


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


def radar(axes: Sequence[str], series: Sequence[Series], title: str = "", language: str = "en") -> go.Figure:
    """A closed radar of 0-100 values. An unknown value (a pillar nobody answered) is not drawn at 0:
    the line breaks there, and the legend says what a break means. Hovers write numbers in `language`."""
    figure = go.Figure()
    axes = [axis_label(a) for a in axes]
    closed_axes = [*axes, axes[0]]
    for n, line in enumerate(series):
        values = list(line.values)
        hover = [translate("chart.not_answered", language) if v is None else format_score(v, language) for v in values]
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
                name=axis_label(translate("chart.radar_gap", language), 40),
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
    language: str = "en",
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
        translate("chart.not_applicable" if n in not_applicable else "chart.not_answered", language)
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
                name=translate("results.target", language),
                hoverinfo="skip",
            )
        )
    figure.update_layout(
        xaxis={
            "range": [base, values[-1] + 0.3],
            "tickvals": values,
            "ticktext": [str(v) for v in values],
            "title": {"text": translate("results.stage", language)},
            "zeroline": False,
        },
        yaxis={"autorange": "reversed", "tickvals": list(range(len(labels))), "ticktext": labels, "automargin": True},
        showlegend=bool(targets),
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1, "yanchor": "bottom"},
        height=110 + 44 * len(labels),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return figure


def short_label(text: str, limit: int) -> str:
    """`text` cut at a word before `limit` characters, with an ellipsis (the full text stays in the hover)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:·-") + "…"


HEATMAP_ROW = 34
"""Pixels per indicator row: room for a label wrapped on two lines."""
HEATMAP_COLOURS = [[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]
"""Light to dark blue: the lowest stage a visible blue, so it is never mistaken for an empty (grey) cell."""
HEATMAP_EMPTY = "#e6e6e6"


def heatmap_figure(frame: pd.DataFrame, q: Questionnaire, language: str) -> go.Figure:
    """Indicators × assessments, coloured by stage. Rows and columns are placed by position and labelled
    with shortened, wrapped names (two indicators with the same short name keep their own rows); the
    hover gives the full names and the stage."""
    stage_names = {s.value: q.text(s.name, language) for s in q.scale.stages}
    values = frame.to_numpy(dtype=float, na_value=float("nan"))
    rows = [axis_label(str(i), 200) for i in frame.index]
    columns = [axis_label(str(c), 200) for c in frame.columns]
    text = [
        [f"{row}<br>{column}: {stage_text(v, q, language)}" for column, v in zip(columns, line, strict=True)]
        for row, line in zip(rows, values, strict=True)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=list(range(len(frame.columns))),
            y=list(range(len(frame.index))),
            text=text,
            colorscale=HEATMAP_COLOURS,
            zmin=q.scale.lowest,
            zmax=q.scale.highest,
            xgap=2,
            ygap=2,
            hovertemplate="%{text}<extra></extra>",
            colorbar={"tickvals": list(stage_names), "ticktext": [f"{v} · {n}" for v, n in stage_names.items()]},
        )
    )
    figure.update_layout(
        height=180 + HEATMAP_ROW * len(frame.index),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        plot_bgcolor=HEATMAP_EMPTY,  # what shows through a cell without a stage
        xaxis={
            "showgrid": False,
            "zeroline": False,
            "tickvals": list(range(len(frame.columns))),
            "ticktext": [axis_label(short_label(str(c), 40), 16) for c in frame.columns],
            "tickangle": -35,
            "side": "top",
            "automargin": True,
        },
        yaxis={
            "autorange": "reversed",
            "showgrid": False,
            "zeroline": False,
            "tickvals": list(range(len(frame.index))),
            "ticktext": [axis_label(short_label(str(i), 56), 30) for i in frame.index],
            "automargin": True,
            "tickfont": {"size": 11},
        },
    )
    return figure


def trend_figure(frame: pd.DataFrame, newest: str, language: str) -> go.Figure:
    """One line per measure across rounds; a round made with an earlier questionnaire version has a hollow marker."""
    figure = go.Figure()
    for n, (measure, rows) in enumerate(frame.groupby("measure", sort=False)):
        figure.add_trace(
            go.Scatter(
                x=[axis_label(str(r), 14) for r in rows["round"]],
                y=rows["score"],
                mode="lines+markers",
                name=axis_label(translate("results.index", language) if measure == "index" else measure, 40),
                line={"color": PALETTE[n % len(PALETTE)], "width": 3 if n == 0 else 2},
                marker={"symbol": ["circle" if v == newest else "circle-open" for v in rows["version"]], "size": 9},
                customdata=rows["version"],
                hovertemplate="%{x}: %{y:.1f} (v%{customdata})<extra></extra>",
            )
        )
    figure.update_layout(
        yaxis={"range": [0, 100]}, height=420, margin={"l": 10, "r": 10, "t": 10, "b": 10}, xaxis={"type": "category"}
    )
    return figure
