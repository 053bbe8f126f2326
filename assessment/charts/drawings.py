"""The reports' charts, drawn by reportlab itself as vector graphics (no browser, no image files): the radar.

The Word copy rasterises the same drawing (report/raster.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from ..report.layout import FONT, INK, MUTED
from .data import PALETTE, Series

RINGS = (25, 50, 75, 100)
LABEL_RADIUS = 1.12
"""Spoke labels sit this far out (1 = the 100 ring) and grow away from the centre, so no series crosses them."""


def outward_anchor(angle: float) -> str:
    """The side of a label box that faces the chart's centre, for a spoke at `angle` degrees.

    Anchoring that side at the spoke's end makes the whole box lie outside the circle the
    series are drawn in.
    """
    compass = ("w", "sw", "s", "se", "e", "ne", "n", "nw")
    return compass[round((angle % 360) / 45) % 8]


def wrap(label: str, width: int = 20) -> str:
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def radar_drawing(
    axes: Sequence[str],
    series: Sequence[Series],
    width: float = 440,
    height: float = 260,
) -> Drawing:
    """A spider chart of 0-100 values with a legend; an unknown value is drawn at 0."""
    per_row = 3
    legend_rows = -(-len(series) // per_row)
    drawing = Drawing(width, height + 12 * legend_rows)
    chart = SpiderChart()
    # reportlab places a chart at any number; types-reportlab 5.0.0 declares a PlotArea's box as int
    chart.width = chart.height = height - 90  # type: ignore[assignment]
    chart.x, chart.y = (width - chart.width) / 2, 12 * legend_rows + 45  # type: ignore[assignment]
    # Rings at 25, 50, 75 and 100 come first: they draw the scale, and the 100 ring pins it (the chart
    # scales to its largest value).
    rings = [[float(level)] * len(axes) for level in RINGS]
    chart.data = rings + [[0.0 if v is None or math.isnan(v) else float(v) for v in line.values] for line in series]
    chart.labels = [wrap(a) for a in axes]
    chart.spokeLabels.fontName = FONT
    chart.spokeLabels.fontSize = 7
    chart.spokeLabels.fillColor = INK
    step = -360 / len(axes) if chart.direction == "clockwise" else 360 / len(axes)
    for n in range(len(axes)):
        chart.spokes[n].labelRadius = LABEL_RADIUS
        chart.spokeLabels[n].boxAnchor = outward_anchor(chart.startAngle + n * step)
    chart.strandLabels.fontName = FONT
    chart.spokes.strokeColor = colors.HexColor("#c0c8d0")
    for n in range(len(RINGS)):
        chart.strands[n].strokeColor = colors.HexColor("#dde3ea")
        chart.strands[n].strokeWidth = 0.5
        chart.strands[n].fillColor = None
    for n, line in enumerate(series):
        strand = chart.strands[len(RINGS) + n]
        colour = colors.HexColor(PALETTE[n % len(PALETTE)])
        strand.strokeColor = colour
        strand.strokeWidth = 1.6
        strand.fillColor = colors.Color(colour.red, colour.green, colour.blue, alpha=0.12) if n == 0 else None
        if line.dashed:
            strand.strokeDashArray = (3, 2)
    drawing.add(chart)
    for n, line in enumerate(series):
        y = 6 + 12 * (legend_rows - 1 - n // per_row)
        x = 10 + (n % per_row) * (width - 20) / per_row
        colour = colors.HexColor(PALETTE[n % len(PALETTE)])
        dash = (2, 1) if line.dashed else None
        # types-reportlab 5.0.0 types Rect's **kw as the whole option dict, not Unpack[...] of it
        drawing.add(Rect(x, y, 10, 4, fillColor=colour, strokeColor=colour, strokeDashArray=dash))  # type: ignore[arg-type]
        drawing.add(String(x + 14, y - 1, line.name[:38], fontName=FONT, fontSize=7, fillColor=MUTED))
    return drawing
