"""What each chart shows: its axes and series, from the scores, the same on screen and in the reports.

Names come out translated into the language asked for; values are 0-100 scores, None where
there is none (a pillar nobody answered, a peer group without a score for it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from ..i18n import translate
from ..scoring import stage_score

if TYPE_CHECKING:
    from ..answers import Targets
    from ..compare import Comparable
    from ..model import Questionnaire
    from ..scoring import Scores

PALETTE = ("#1f5f99", "#d1495b", "#2a9d8f", "#e9a03b", "#6c4f9e", "#4c956c", "#8d6e63", "#c2185b", "#00838f", "#5d6d7e")
"""The colour of each series in turn, on screen and in the PDF."""
MAX_ON_RADAR = 10
"""A comparison radar draws at most this many assessments (more lines cannot be told apart)."""


@dataclass(frozen=True)
class Series:
    """One line on a chart: a name and a value (0-100, or None when unknown) per axis."""

    name: str
    values: Sequence[float | None]
    dashed: bool = False


def pillar_axes(q: Questionnaire, language: str) -> list[str]:
    """A radar's axes: the pillars' names, in questionnaire order."""
    return [q.text(p.name, language) for p in q.pillars]


def assessment_radar(
    q: Questionnaire,
    scores: Scores,
    language: str,
    *,
    targets: Targets | None = None,
    peer: tuple[str, Mapping[str, float | None]] | None = None,
    groups: Mapping[str, Scores] | None = None,
) -> list[Series]:
    """One assessment's radar: its pillar scores, the targets (dashed, when any is set), a peer group's
    average (dashed: its name and the mean per pillar id) and the stakeholder groups asked for."""
    lines = [Series(translate("results.current", language), [p.score for p in scores.pillars])]
    if targets is not None:
        target_values = [stage_score(q.scale, targets.for_pillar(p.id)) for p in q.pillars]
        if any(v is not None for v in target_values):
            lines.append(Series(translate("results.target", language), target_values, dashed=True))
    if peer is not None:
        name, means = peer
        lines.append(
            Series(
                translate("report.peer_average", language, name=name), [means.get(p.id) for p in q.pillars], dashed=True
            )
        )
    for group, group_scores in (groups or {}).items():
        lines.append(Series(q.text(q.groups[group].name, language), [p.score for p in group_scores.pillars]))
    return lines


def comparison_radar(
    q: Questionnaire,
    items: Sequence[Comparable],
    language: str,
    *,
    peer: tuple[str, Mapping[str, float | None]] | None = None,
) -> list[Series]:
    """Several assessments on one radar (the first `MAX_ON_RADAR`), and a peer group's mean, dashed."""
    lines = [Series(c.label(language), [p.score for p in c.scores.pillars]) for c in items[:MAX_ON_RADAR]]
    if peer is not None:
        name, means = peer
        lines.append(
            Series(
                translate("compare.group_mean", language, name=name), [means.get(p.id) for p in q.pillars], dashed=True
            )
        )
    return lines


def peer_means(peer: pd.DataFrame) -> dict[str, float | None]:
    """A peer group's mean per measure (`peer_group_stats`); a pillar no member scored has none, never NaN."""
    return {str(m): number(v) for m, v in zip(peer["measure"], peer["mean"], strict=True)}


def number(value: float | None) -> float | None:
    """A value of a frame as a float, or None for a missing one (None, NaN, pandas' NA)."""
    return None if value is None or pd.isna(value) else float(value)


@dataclass(frozen=True)
class IndicatorStages:
    """One pillar's indicators on the stage axis: what the indicator bars draw, and the series they say."""

    labels: tuple[str, ...]
    stages: tuple[int | None, ...]
    targets: Mapping[str, int]
    """The target stage by indicator label, for the indicators that have one."""
    stage_names: Mapping[int, str]
    """The scale, lowest stage first."""
    not_applicable: tuple[int, ...]
    """Positions of the indicators answered 'not applicable'."""
    series: tuple[Series, ...]
    """Scores now and at the targets, for the chart's text alternative."""


def pillar_indicators(
    q: Questionnaire, scores: Scores, targets: Targets, pillar_id: str, language: str
) -> IndicatorStages:
    pillar = q.pillar(pillar_id)
    labels = tuple(q.text(i.title, language) for i in pillar.indicators)
    results = [scores.indicator(i.id) for i in pillar.indicators]
    goal_stages = [targets.for_indicator(i.id, pillar.id) for i in pillar.indicators]
    goal = {label: stage for label, stage in zip(labels, goal_stages, strict=True) if stage is not None}
    series = [Series(translate("results.current", language), [r.score for r in results])]
    if goal:
        series.append(Series(translate("results.target", language), [stage_score(q.scale, s) for s in goal_stages]))
    return IndicatorStages(
        labels,
        tuple(r.stage for r in results),
        goal,
        {s.value: q.text(s.name, language) for s in q.scale.stages},
        tuple(n for n, r in enumerate(results) if r.status == "not_applicable"),
        tuple(series),
    )


def trend_series(frame: pd.DataFrame, language: str) -> tuple[list[str], list[Series]]:
    """The trends (`compare.trends`) as rounds, the axes, and one series per measure."""
    rounds = [str(r) for r in dict.fromkeys(frame["round"])]
    series = []
    for measure, rows in frame.groupby("measure", sort=False):
        by_round = {str(r): number(v) for r, v in zip(rows["round"], rows["score"], strict=True)}
        name = translate("results.index", language) if measure == "index" else str(measure)
        series.append(Series(name, [by_round.get(r) for r in rounds]))
    return rounds, series
