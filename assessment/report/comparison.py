"""The comparison report for facilitators: radar overlay, ranking table and stage heatmap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from ..compare import Compared, Versioned, crosswalk_changes, heatmap, ranking, trends
from ..formatting import MISSING, format_score, format_share
from ..i18n import translate
from ..model import Questionnaire
from .charts import radar_drawing
from .layout import CONTENT_WIDTH, FONT, RULE, build_pdf, table, text

MAX_ON_RADAR = 10
HEAT = ("#f1f5f9", "#dbe7f3", "#a9c6e3", "#6b9fd0", "#2f6fae", "#174a7c")


@dataclass(frozen=True)
class ComparisonReport:
    questionnaire: Questionnaire
    language: str
    items: Sequence[Compared]
    generated: date = field(default_factory=date.today)
    rounds: Sequence[Compared] = ()
    """Every round, in this version, of the chosen countries: the trends."""
    earlier: Sequence[Versioned] = ()
    """Their rounds made with an earlier version that the questionnaire's crosswalk starts from."""


def missing(value: object) -> bool:
    """None, NaN or pandas' NA: an empty cell."""
    return value is None or bool(pd.isna(value))


def heat_colour(q: Questionnaire, stage: float | None) -> colors.Color:
    if missing(stage):
        return colors.white
    share = (stage - q.scale.lowest) / (q.scale.highest - q.scale.lowest)
    return colors.HexColor(HEAT[1 + round(share * (len(HEAT) - 2))])


def heatmap_table(report: ComparisonReport, first: int, last: int) -> Table:
    """Indicators × a slice of the assessments, each cell coloured by stage and showing it."""
    q, lang = report.questionnaire, report.language
    chosen = report.items[first:last]
    frame = heatmap(q, chosen, lang)
    header = [translate("report.indicator", lang), *[f"{c.country} {c.round}" for c in chosen]]
    rows: list[list[object]] = [header]
    for title, values in frame.iterrows():
        rows.append([str(title), *[MISSING if missing(v) else str(int(v)) for v in values]])
    title_width = CONTENT_WIDTH * 0.34
    cell = (CONTENT_WIDTH - title_width) / max(1, len(frame.columns))
    result = table(rows, [title_width, *[cell] * len(frame.columns)], zebra=False)
    style = [("ALIGN", (1, 1), (-1, -1), "CENTER"), ("FONTNAME", (0, 0), (-1, -1), FONT),
             ("GRID", (1, 1), (-1, -1), 0.25, RULE)]  # fmt: skip
    for r, (_, values) in enumerate(frame.iterrows(), start=1):
        for c, value in enumerate(values, start=1):
            style.append(("BACKGROUND", (c, r), (c, r), heat_colour(q, None if missing(value) else float(value))))
    result.setStyle(TableStyle(style))
    return result


def trends_section(report: ComparisonReport) -> list:
    """Index per round for each chosen country with several rounds, across questionnaire versions."""
    q, lang = report.questionnaire, report.language
    rounds = list(report.rounds) or list(report.items)
    countries = sorted({c.country for c in report.items})
    tables = []
    for country in countries:
        frame = trends(q, [c for c in rounds if c.country == country], country, lang, report.earlier)
        index = frame[frame["measure"] == "index"]
        if len(index) < 2:
            continue
        rows: list[list[object]] = [
            [translate("report.round", lang), translate("report.version", lang), translate("results.index", lang)]
        ]
        rows += [[str(r.round), str(r.version), format_score(None if missing(r.score) else r.score)]
                 for r in index.itertuples(index=False)]  # fmt: skip
        name = next(c.label(lang) for c in report.items if c.country == country).split(" · ")[0]
        tables += [text(name, "h2"), table(rows, [CONTENT_WIDTH * f for f in (0.4, 0.3, 0.3)]), Spacer(1, 3 * mm)]
    if not tables:
        return []
    story: list = [PageBreak(), text(translate("report.trends", lang), "h1"), *tables]
    for version in report.earlier:
        changes = crosswalk_changes(q, version.questionnaire, lang)
        if changes.empty:
            continue
        story.append(
            text(translate("report.changed_indicators", lang, old=version.questionnaire.version, new=q.version), "h2")
        )
        rows = [[translate("compare.change", lang), version.questionnaire.version, q.version]]
        rows += [[translate(f"change.{r['change']}", lang), r["from"], r["to"]]
                 for r in changes.to_dict("records")]  # fmt: skip
        story.append(table(rows, [CONTENT_WIDTH * f for f in (0.2, 0.4, 0.4)]))
    return story


def comparison_report_pdf(report: ComparisonReport) -> bytes:
    q, lang, items = report.questionnaire, report.language, report.items
    story: list = [
        text(translate("report.comparison_title", lang), "h1"),
        text(translate("report.generated", lang, date=report.generated.isoformat())),
        text(translate("report.questionnaire", lang, title=q.text(q.title, lang), version=q.version)),
        Spacer(1, 4 * mm),
    ]
    series = [(c.label(lang), [p.score for p in c.scores.pillars], False) for c in items[:MAX_ON_RADAR]]
    story.append(KeepTogether([
        text(translate("report.radar", lang), "h2"),
        radar_drawing([q.text(p.name, lang) for p in q.pillars], series),
        text(translate("report.radar_caption", lang, low=q.scale.lowest, high=q.scale.highest), "small"),
    ]))  # fmt: skip
    frame = ranking(q, items, lang)
    pillar_ids = [p.id for p in q.pillars]
    rows: list[list[object]] = [
        [
            translate("report.rank", lang),
            translate("report.assessment", lang),
            translate("results.index", lang),
            translate("results.tier", lang),
            translate("results.completeness", lang),
            *[q.text(p.name, lang) for p in q.pillars],
        ]
    ]
    for record in frame.itertuples(index=False):
        values = record._asdict()
        rank = values["rank"]
        rows.append(
            [
                MISSING if missing(rank) else str(rank),
                values["assessment"],
                format_score(values["index"]),
                values["tier"] or MISSING,
                format_share(values["completeness"]),
                *[format_score(None if missing(values[p]) else values[p]) for p in pillar_ids],
            ]
        )
    fixed = [0.07, 0.27, 0.08, 0.16, 0.12]
    rest = (1 - sum(fixed)) / len(pillar_ids)
    story += [
        PageBreak(),
        text(translate("report.ranking", lang), "h1"),
        table(rows, [CONTENT_WIDTH * f for f in (*fixed, *[rest] * len(pillar_ids))]),
    ]
    story += [PageBreak(), text(translate("report.heatmap", lang), "h1")]
    per_page = 8
    for first in range(0, len(items), per_page):
        story += [heatmap_table(report, first, first + per_page), Spacer(1, 6 * mm)]
    story += trends_section(report)
    title = translate("report.comparison_title", lang)
    return build_pdf(
        story,
        title=title,
        author=q.text(q.title, lang),
        subject=title,
        language=lang,
        footer=lambda n, total: translate("report.page", lang, n=n, total=total),
    )
