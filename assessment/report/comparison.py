"""The comparison report for facilitators: radar overlay, ranking table and stage heatmap.

The wide tables (ranking and heatmap) are on landscape pages, and every column is as
wide as its longest word or figure: headers wrap between words, figures never wrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from ..charts.data import comparison_radar, pillar_axes
from ..charts.drawings import radar_drawing
from ..compare import Comparable, Versioned, crosswalk_changes, heatmap, ranking, trends
from ..countries import country_name
from ..formatting import MISSING, format_day, format_score, format_share
from ..i18n import translate
from ..model import Questionnaire
from .layout import (
    CONTENT_WIDTH,
    LANDSCAPE,
    LANDSCAPE_CONTENT_WIDTH,
    PORTRAIT,
    RULE,
    build_pdf,
    line_width,
    next_page,
    table,
    text,
    word_width,
)

PER_PAGE = 10
"""At most this many assessments side by side in the heatmap."""
MIN_TITLE, MAX_TITLE = 220.0, 380.0
"""The heatmap's indicator column is this wide at least and at most (points)."""
MIN_NAME, MAX_NAME = 130.0, 230.0
"""The ranking's assessment column takes what the other columns leave, within these bounds."""
MAX_COLUMN = 90.0
"""No column grows wider for a word: a longer one (a 300-letter round) is broken."""
SMALL_PADDING = 3
HEAT = ("#f1f5f9", "#dbe7f3", "#a9c6e3", "#6b9fd0", "#2f6fae", "#174a7c")
DARK = [colors.HexColor(h) for h in HEAT[-2:]]
"""Shades dark enough for the stage to be written in white."""


@dataclass(frozen=True)
class ComparisonReport:
    questionnaire: Questionnaire
    language: str
    items: Sequence[Comparable]
    generated: date = field(default_factory=date.today)
    rounds: Sequence[Comparable] = ()
    """Every round, in this version, of the chosen countries: the trends."""
    earlier: Sequence[Versioned] = ()
    """Their rounds made with an earlier version that the questionnaire's crosswalk starts from."""


def missing(value: object) -> bool:
    """None, NaN or pandas' NA: an empty cell."""
    return value is None or bool(pd.isna(value))


def heat_colour(q: Questionnaire, stage: float | None) -> colors.Color:
    if stage is None or missing(stage):
        return colors.white
    share = (stage - q.scale.lowest) / (q.scale.highest - q.scale.lowest)
    return colors.HexColor(HEAT[1 + round(share * (len(HEAT) - 2))])


def pillar_codes(q: Questionnaire, language: str) -> list[str]:
    """The short labels of the pillars in table headers: P1, P2, … in questionnaire order."""
    return [translate("report.pillar_short", language, n=n) for n in range(1, len(q.pillars) + 1)]


@dataclass(frozen=True)
class Column:
    """One column of a table: its header, its cells and how wide it must be."""

    header: str
    cells: list[str]
    figure: bool
    """Figures are drawn on one line, never wrapped; other cells wrap between words."""

    @property
    def width(self) -> float:
        words = word_width([self.header])
        if self.figure:
            return max(words, line_width(self.cells))
        return max(words, word_width(self.cells, "cell"), min(MAX_COLUMN, line_width(self.cells)))


def ranking_columns(report: ComparisonReport) -> list[Column]:
    """Rank, assessment, index, tier, completeness and one column per pillar (headed P1, P2, …)."""
    q, language = report.questionnaire, report.language
    records = [r._asdict() for r in ranking(q, report.items, language).itertuples(index=False)]

    def score_of(value: float | None) -> str:
        return format_score(None if value is None or missing(value) else float(value), language)

    columns = [
        Column(translate("report.rank", language), [MISSING if missing(r["rank"]) else str(r["rank"]) for r in records],
               figure=True),
        Column(translate("report.assessment", language), [r["assessment"] for r in records], figure=False),
        Column(translate("results.index", language), [score_of(r["index"]) for r in records], figure=True),
        Column(translate("results.tier", language), [r["tier"] or MISSING for r in records], figure=False),
        Column(translate("results.completeness", language),
               [format_share(r["completeness"], language) for r in records], figure=True),
    ]  # fmt: skip
    for code, pillar in zip(pillar_codes(q, language), q.pillars, strict=True):
        columns.append(Column(code, [score_of(r[pillar.id]) for r in records], figure=True))
    return columns


def ranking_tables(report: ComparisonReport, width: float = LANDSCAPE_CONTENT_WIDTH) -> list[Table]:
    """The ranking as tables that fit `width`: as many as the pillar columns need, each led by rank and assessment.

    The assessment column takes what the others leave (between MIN_NAME and MAX_NAME), so
    no table is ever wider than `width` and none is a stray column on its own.
    """
    rank, name, *rest = ranking_columns(report)
    tables: list[Table] = []
    while rest or not tables:
        budget = width - rank.width - MIN_NAME
        chunk: list[Column] = []
        while rest and (not chunk or sum(c.width for c in chunk) + rest[0].width <= budget):
            chunk.append(rest.pop(0))
        columns = [rank, name, *chunk]
        used = sum(c.width for c in columns if c is not name)
        widths = [max(MIN_NAME, min(MAX_NAME, width - used)) if c is name else c.width for c in columns]
        rows: list[list[object]] = [[c.header for c in columns]]
        rows += [list(cells) for cells in zip(*(c.cells for c in columns), strict=True)]
        result = table(rows, widths, figures={i for i, c in enumerate(columns) if c.figure})
        result.hAlign = "LEFT"
        tables.append(result)
    return tables


def pillar_key(report: ComparisonReport, width: float = LANDSCAPE_CONTENT_WIDTH) -> list:
    """The key to the pillar columns: P1 = the pillar's full name."""
    q, language = report.questionnaire, report.language
    codes, names = pillar_codes(q, language), [q.text(p.name, language) for p in q.pillars]
    column = translate("report.column", language)
    first = max(word_width([column]), line_width(codes))
    second = min(width - first, max(word_width([translate("results.pillar", language)]), line_width(names)))
    rows: list[Sequence[object]] = [[column, translate("results.pillar", language)], *zip(codes, names, strict=True)]
    key = table(rows, [first, second])
    key.hAlign = "LEFT"
    return [KeepTogether([text(translate("report.pillar_key", language), "h2"), key])]


def heat_column_width(report: ComparisonReport) -> float:
    """One width for every assessment column of the heatmap: its header wraps between words, its stage fits."""
    labels = [c.label(report.language) for c in report.items]
    stages = [MISSING, *map(str, range(report.questionnaire.scale.lowest, report.questionnaire.scale.highest + 1))]
    header = min(MAX_COLUMN, word_width(labels, "cell_small_bold", SMALL_PADDING))
    return max(header, line_width(stages, "cell_small_bold", SMALL_PADDING))


def heatmap_slices(report: ComparisonReport, width: float = LANDSCAPE_CONTENT_WIDTH) -> list[tuple[int, int]]:
    """(first, last) of each slice of the assessments the heatmap shows side by side, as even as they can be."""
    if not report.items:
        return []
    fits = max(1, min(PER_PAGE, int((width - MIN_TITLE) // heat_column_width(report))))
    count = -(-len(report.items) // fits)
    size = -(-len(report.items) // count)
    return [(first, min(first + size, len(report.items))) for first in range(0, len(report.items), size)]


def heatmap_table(report: ComparisonReport, first: int, last: int, width: float = LANDSCAPE_CONTENT_WIDTH) -> Table:
    """Indicators × a slice of the assessments (headed by country and round), each cell coloured by stage."""
    q, language = report.questionnaire, report.language
    frame = heatmap(q, report.items[first:last], language)
    rows: list[list[object]] = [[translate("report.indicator", language), *map(str, frame.columns)]]
    for title, values in frame.iterrows():
        rows.append([str(title), *[MISSING if missing(v) else str(int(v)) for v in values]])
    cell = heat_column_width(report)
    columns = range(1, len(frame.columns) + 1)
    title = min(MAX_TITLE, width - cell * len(frame.columns))
    result = table(rows, [title, *[cell] * len(frame.columns)], zebra=False, figures=set(columns), align="CENTER",
                   body="cell_small", heading="cell_small_bold")  # fmt: skip
    result.hAlign = "LEFT"
    style: list[tuple[Any, ...]] = [("GRID", (1, 1), (-1, -1), 0.25, RULE),
             ("LEFTPADDING", (1, 0), (-1, -1), SMALL_PADDING), ("RIGHTPADDING", (1, 0), (-1, -1), SMALL_PADDING),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]  # fmt: skip
    for r, (_, values) in enumerate(frame.iterrows(), start=1):
        for c, value in enumerate(values, start=1):
            shade = heat_colour(q, None if missing(value) else float(value))
            style.append(("BACKGROUND", (c, r), (c, r), shade))
            if shade in DARK:
                style.append(("TEXTCOLOR", (c, r), (c, r), colors.white))
    result.setStyle(TableStyle(style))
    return result


def trends_section(report: ComparisonReport) -> list:
    """Index per round for each chosen country with several rounds, across questionnaire versions."""
    q, language = report.questionnaire, report.language
    rounds = list(report.rounds) or list(report.items)
    countries = sorted({c.country for c in report.items})
    tables = []
    for country in countries:
        frame = trends(q, [c for c in rounds if c.country == country], country, language, report.earlier)
        index = frame[frame["measure"] == "index"]
        if len(index) < 2:
            continue
        rows: list[list[object]] = [
            [
                translate("report.round", language),
                translate("report.version", language),
                translate("results.index", language),
            ]
        ]
        rows += [[str(r.round), str(r.version), format_score(None if missing(r.score) else r.score, language)]
                 for r in index.itertuples(index=False)]  # fmt: skip
        widths = [CONTENT_WIDTH * f for f in (0.4, 0.3, 0.3)]
        tables += [text(country_name(country, language), "h2"), table(rows, widths, figures={2}), Spacer(1, 3 * mm)]
    if not tables:
        return []
    story: list = [*next_page(PORTRAIT), text(translate("report.trends", language), "h1"), *tables]
    for version in report.earlier:
        changes = crosswalk_changes(q, version.questionnaire, language)
        if changes.empty:
            continue
        story.append(
            text(
                translate("report.changed_indicators", language, old=version.questionnaire.version, new=q.version), "h2"
            )
        )
        rows = [[translate("compare.change", language), version.questionnaire.version, q.version]]
        rows += [[translate(f"change.{r['change']}", language), r["from"], r["to"]]
                 for r in changes.to_dict("records")]  # fmt: skip
        story.append(table(rows, [CONTENT_WIDTH * f for f in (0.2, 0.4, 0.4)]))
    return story


def comparison_report_pdf(report: ComparisonReport) -> bytes:
    q, language, items = report.questionnaire, report.language, report.items
    story: list = [
        text(translate("report.comparison_title", language), "h1"),
        text(translate("report.generated", language, date=format_day(report.generated, language))),
        text(translate("report.questionnaire", language, title=q.text(q.title, language), version=q.version)),
        Spacer(1, 4 * mm),
    ]
    story.append(KeepTogether([
        text(translate("report.radar", language), "h2"),
        radar_drawing(pillar_axes(q, language), comparison_radar(q, items, language)),
        text(translate("report.radar_caption", language, low=q.scale.lowest, high=q.scale.highest), "small"),
    ]))  # fmt: skip
    story += [*next_page(LANDSCAPE), text(translate("report.ranking", language), "h1")]
    for part in ranking_tables(report):
        story += [part, Spacer(1, 4 * mm)]
    story += pillar_key(report)
    for n, (first, last) in enumerate(heatmap_slices(report)):
        story += [PageBreak(), *([text(translate("report.heatmap", language), "h1")] if n == 0 else [])]
        story.append(heatmap_table(report, first, last))
    story += trends_section(report)
    title = translate("report.comparison_title", language)
    return build_pdf(
        story,
        title=title,
        author=q.text(q.title, language),
        subject=title,
        language=language,
        footer=lambda n, total: translate("report.page", language, n=n, total=total),
        orientations=True,
    )
