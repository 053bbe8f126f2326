"""Gaps to target → a prioritised roadmap of recommendations.

For each indicator below its target, every stage between the current one and the
target contributes its recommendation. Steps are ordered so that a country is never
told to work on stage 4 of an indicator before stage 3: first all next steps
("now"), then the ones after ("next"), then the rest ("later"). Within a phase,
larger gaps come first, then the steps that raise the index most (the weights),
then the lower current stage, then the questionnaire's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .answers import Targets
from .model import Effort, Questionnaire, Text
from .scoring import Scores

Phase = Literal["now", "next", "later"]
PHASES: tuple[Phase, ...] = ("now", "next", "later")


@dataclass(frozen=True, slots=True)
class Gap:
    """How far one indicator or pillar is from its target."""

    pillar_id: str
    indicator_id: str | None
    current: int
    target: int

    @property
    def gap(self) -> int:
        return max(0, self.target - self.current)


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One step of the roadmap: what to do to bring an indicator to `to_stage`."""

    rank: int
    phase: Phase
    pillar_id: str
    indicator_id: str
    current: int
    to_stage: int
    target: int
    gain: float
    text: Text
    effort: Effort | None = None
    depends_on: tuple[str, ...] = ()
    guides: tuple[str, ...] = ()

    @property
    def step(self) -> int:
        return self.to_stage - self.current

    @property
    def gap(self) -> int:
        return self.target - self.current


def indicator_gaps(questionnaire: Questionnaire, scores: Scores, targets: Targets) -> list[Gap]:
    """Every answered indicator that has a target, with its gap (zero when at or above it)."""
    gaps = []
    for result in scores.indicators:
        target = targets.for_indicator(result.indicator_id, result.pillar_id)
        if result.stage is not None and target is not None:
            gaps.append(Gap(result.pillar_id, result.indicator_id, result.stage, target))
    return gaps


def pillar_gaps(scores: Scores, targets: Targets) -> list[Gap]:
    """Every scored pillar that has a target, with its gap."""
    return [
        Gap(p.pillar_id, None, p.stage, target)
        for p in scores.pillars
        if p.stage is not None and (target := targets.for_pillar(p.pillar_id)) is not None
    ]


def _index_gain_per_stage(questionnaire: Questionnaire, scores: Scores) -> dict[str, float]:
    """Index points one more stage on each answered indicator would add, all else equal."""
    span = questionnaire.scale.highest - questionnaire.scale.lowest
    scored = [p for p in scores.pillars if p.score is not None]
    total_pillar_weight = sum(p.weight for p in scored)
    gains: dict[str, float] = {}
    for pillar in scored:
        answered = [i for i in scores.indicators if i.pillar_id == pillar.pillar_id and i.stage is not None]
        weight_in_pillar = sum(i.weight for i in answered)
        for ind in answered:
            share = (ind.weight / weight_in_pillar) * (pillar.weight / total_pillar_weight)
            gains[ind.indicator_id] = 100.0 / span * share
    return gains


def recommend(questionnaire: Questionnaire, scores: Scores, targets: Targets) -> list[Recommendation]:
    """The prioritised recommendations that lead every indicator from its stage to its target."""
    gains = _index_gain_per_stage(questionnaire, scores)
    order = {ind_id: n for n, ind_id in enumerate(questionnaire.indicators)}
    highest = questionnaire.scale.highest
    steps: list[tuple[tuple[float, ...], dict]] = []
    for gap in indicator_gaps(questionnaire, scores, targets):
        if gap.indicator_id is None:  # a pillar's gap, which indicator_gaps never gives
            continue
        target = min(gap.target, highest)
        indicator = questionnaire.indicators[gap.indicator_id]
        for to_stage in range(gap.current + 1, target + 1):
            step = to_stage - gap.current
            gain = gains.get(gap.indicator_id, 0.0)
            key = (min(step, 3), -(target - gap.current), -gain, gap.current, order[gap.indicator_id], to_stage)
            advice = indicator.recommendations[to_stage]
            fields = {
                "phase": PHASES[min(step, 3) - 1],
                "pillar_id": gap.pillar_id,
                "indicator_id": gap.indicator_id,
                "current": gap.current,
                "to_stage": to_stage,
                "target": target,
                "gain": gain,
                "text": advice.text,
                "effort": advice.effort,
                "depends_on": tuple(advice.depends_on),
                "guides": tuple(advice.guides),
            }
            steps.append((key, fields))
    steps.sort(key=lambda pair: pair[0])
    return [Recommendation(rank=n, **fields) for n, (_, fields) in enumerate(steps, start=1)]


RECOMMENDATION_COLUMNS = ("rank", "phase", "pillar_id", "indicator_id", "indicator", "current", "to_stage", "target",
                          "gain", "text", "effort", "depends_on", "guides")  # fmt: skip


def recommendations_frame(questionnaire: Questionnaire, items: Sequence[Recommendation], language: str) -> pd.DataFrame:
    """The roadmap as a table, with texts in one language."""
    return pd.DataFrame(recommendation_rows(questionnaire, items, language), columns=list(RECOMMENDATION_COLUMNS))


def recommendation_rows(questionnaire: Questionnaire, items: Sequence[Recommendation], language: str) -> list[tuple]:
    """The roadmap's rows, field by field in the order of `RECOMMENDATION_COLUMNS`, with texts in one language."""
    text, indicators = questionnaire.text, questionnaire.indicators
    titles: dict[str, str] = {}

    def title(indicator_id: str) -> str:
        if indicator_id not in titles:
            titles[indicator_id] = text(indicators[indicator_id].title, language)
        return titles[indicator_id]

    return [
        (rec.rank, rec.phase, rec.pillar_id, rec.indicator_id, title(rec.indicator_id), rec.current, rec.to_stage,
         rec.target, rec.gain, text(rec.text, language), rec.effort or "", "; ".join(map(title, rec.depends_on)),
         "; ".join(guide_citation(questionnaire, g) for g in rec.guides))
        for rec in items
    ]  # fmt: skip


def guide_citation(questionnaire: Questionnaire, guide_id: str) -> str:
    """A guide as people cite it: title, publisher, year."""
    guide = questionnaire.guides.get(guide_id)
    return f"{guide.title} ({guide.publisher}, {guide.year})" if guide else guide_id
