"""Answers → indicator, pillar and overall results. Pure functions; see docs/scoring.md.

Every figure the app, the reports and the exports show comes from `score()`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import pandas as pd

from .answers import Answer, Consensus, Respondent, Status
from .consensus import EPSILON, combine, spread
from .model import Aggregation, Indicator, PillarRule, Questionnaire, Scale, Tier, TierRequirement

IndicatorStatus = Literal["answered", "not_applicable", "unanswered"]


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator's combined result across respondents (or its consensus value)."""

    indicator_id: str
    pillar_id: str
    status: IndicatorStatus
    stage: int | None
    score: float | None
    weight: float
    coverage: float | None
    respondents: int
    spread: int
    divergent: bool
    by_group: Mapping[str, int]
    has_evidence: bool
    from_consensus: bool
    review: bool


@dataclass(frozen=True, slots=True)
class PillarResult:
    """One pillar's stage by its rule, and its 0-100 score."""

    pillar_id: str
    rule: PillarRule
    stage: int | None
    score: float | None
    weight: float
    answered: int
    applicable: int
    evidenced: int

    @property
    def completeness(self) -> float:
        return self.answered / self.applicable if self.applicable else 1.0

    @property
    def confidence(self) -> float:
        return self.evidenced / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class Scores:
    """The results of one assessment: per indicator, per pillar and overall."""

    questionnaire_id: str
    questionnaire_version: str
    aggregation: Aggregation
    index: float | None
    tier_id: str | None
    pillars: tuple[PillarResult, ...]
    indicators: tuple[IndicatorResult, ...]

    @property
    def answered(self) -> int:
        return sum(p.answered for p in self.pillars)

    @property
    def applicable(self) -> int:
        return sum(p.applicable for p in self.pillars)

    @property
    def completeness(self) -> float:
        """The share of applicable indicators that have a stage."""
        return self.answered / self.applicable if self.applicable else 1.0

    @property
    def confidence(self) -> float:
        """The share of answered indicators backed by evidence."""
        answered = self.answered
        return sum(p.evidenced for p in self.pillars) / answered if answered else 0.0

    def pillar(self, pillar_id: str) -> PillarResult:
        return next(p for p in self.pillars if p.pillar_id == pillar_id)

    def indicator(self, indicator_id: str) -> IndicatorResult:
        return next(i for i in self.indicators if i.indicator_id == indicator_id)

    def divergent(self) -> list[IndicatorResult]:
        """Indicators where respondents disagree by the questionnaire's threshold or more."""
        return [i for i in self.indicators if i.divergent]

    def to_frame(self, level: Literal["indicators", "pillars"] = "indicators") -> pd.DataFrame:
        """A table for charts and exports: one row per indicator or per pillar."""
        if level == "pillars":
            rows = [{**asdict(p), "completeness": p.completeness, "confidence": p.confidence} for p in self.pillars]
            return pd.DataFrame(rows, columns=[*PillarResult.__dataclass_fields__, "completeness", "confidence"])
        rows = [{**asdict(i), "by_group": dict(i.by_group)} for i in self.indicators]
        return pd.DataFrame(rows, columns=list(IndicatorResult.__dataclass_fields__))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary, with scores rounded to two decimals."""
        return {
            "questionnaire": self.questionnaire_id,
            "version": self.questionnaire_version,
            "aggregation": self.aggregation,
            "index": _round(self.index),
            "tier": self.tier_id,
            "completeness": round(self.completeness, 4),
            "confidence": round(self.confidence, 4),
            "pillars": [
                {
                    **asdict(p),
                    "score": _round(p.score),
                    "completeness": round(p.completeness, 4),
                    "confidence": round(p.confidence, 4),
                }
                for p in self.pillars
            ],
            "indicators": [
                {
                    **asdict(i),
                    "score": _round(i.score),
                    "by_group": dict(i.by_group),
                    "coverage": None if i.coverage is None else round(i.coverage, 4),
                }
                for i in self.indicators
            ],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def is_provisional(questionnaire: Questionnaire, scores: Scores) -> bool:
    """An index resting on too few answers to be quoted as final (completeness under the questionnaire's bar)."""
    return scores.index is not None and scores.completeness < questionnaire.scoring.provisional_below


def stage_score(scale: Scale, stage: int | None) -> float | None:
    """A stage on the 0-100 axis of scores: the lowest stage is 0, the highest 100."""
    if stage is None:
        return None
    return (stage - scale.lowest) * 100.0 / (scale.highest - scale.lowest)


def checklist_stage(indicator: Indicator, met: Iterable[str], lowest: int) -> tuple[int, float]:
    """A checklist's stage (the highest stage whose items, and all lower ones, are met) and coverage."""
    met_set = frozenset(met) & indicator.item_ids
    stage = lowest
    for item_stage, ids in indicator.checklist_stages:
        if not ids <= met_set:
            break
        stage = item_stage
    total = len(indicator.item_ids)
    return stage, (len(met_set) / total if total else 0.0)


def answer_stage(indicator: Indicator, answer: Answer, lowest: int) -> int | None:
    """The stage one answer gives an indicator, or None when it gives none."""
    if answer.status is not Status.ANSWERED:
        return None
    if indicator.kind == "checklist":
        return checklist_stage(indicator, answer.items or (), lowest)[0]
    return answer.stage


def weighted_mean(pairs: Sequence[tuple[float | None, float]]) -> float | None:
    """The mean of the values that are not None, each counted by its weight; None when every value is None."""
    known = [(value, weight) for value, weight in pairs if value is not None]
    if not known:
        return None
    return sum(value * weight for value, weight in known) / sum(weight for _, weight in known)


def pillar_stage(rule: PillarRule, stages: Sequence[int], weights: Sequence[float]) -> int:
    """A pillar's stage from its answered indicators' stages, by the pillar's rule."""
    if rule == "gate":
        return min(stages)
    if rule == "median":
        return combine(stages, "median")
    weighted = sum(s * w for s, w in zip(stages, weights, strict=True)) / sum(weights)
    return math.floor(weighted + EPSILON)


@dataclass(frozen=True, slots=True)
class _Rules:
    method: Aggregation
    scale: Scale
    threshold: int
    dont_know_is_lowest: bool


def _indicator_result(
    indicator: Indicator, pillar_id: str, respondents: Sequence[Respondent], settled: Consensus | None, rules: _Rules
) -> IndicatorResult:
    method, lowest = rules.method, rules.scale.lowest
    stages: list[int] = []
    by_group_stages: dict[str, list[int]] = {}
    not_applicable = 0
    evidenced = review = False
    coverages: list[float] = []
    checklist = indicator.kind == "checklist"
    indicator_id, answered, na = indicator.id, Status.ANSWERED, Status.NOT_APPLICABLE  # locals: this is the hot loop
    dont_know = Status.DONT_KNOW if rules.dont_know_is_lowest else None
    na_allowed = indicator.not_applicable
    for respondent in respondents:
        answer = respondent.answers.get(indicator_id)
        if answer is None:
            continue
        if answer.review:
            review = True
        given = answer.status
        if given is answered or given is dont_know:
            if given is dont_know:
                stage = lowest
                if checklist:
                    coverages.append(0.0)
            elif checklist:
                stage, coverage = checklist_stage(indicator, answer.items or (), lowest)
                coverages.append(coverage)
            elif answer.stage is None:  # refused at input: an answered staged indicator carries its stage
                continue
            else:
                stage = answer.stage
            stages.append(stage)
            group = by_group_stages.get(respondent.group)
            if group is None:
                by_group_stages[respondent.group] = [stage]
            else:
                group.append(stage)
            if not evidenced and answer.has_evidence:
                evidenced = True
        elif given is na and na_allowed:
            not_applicable += 1

    if settled is not None and settled.not_applicable and not na_allowed:
        settled = None  # refused at input; an old or imported value is ignored rather than trusted
    status: IndicatorStatus
    if settled is not None and (settled.not_applicable or settled.stage is not None):
        status = "not_applicable" if settled.not_applicable else "answered"
        value = None if settled.not_applicable else settled.stage
    elif stages:
        status, value = "answered", combine(stages, method)
    else:
        status, value = ("not_applicable" if not_applicable else "unanswered"), None
    gap = spread(stages)
    return IndicatorResult(
        indicator_id=indicator.id,
        pillar_id=pillar_id,
        status=status,
        stage=value,
        score=stage_score(rules.scale, value),
        weight=indicator.weight,
        coverage=(sum(coverages) / len(coverages)) if coverages else None,
        respondents=len(stages),
        spread=gap,
        divergent=gap >= rules.threshold,
        by_group={g: v[0] if len(v) == 1 else combine(v, method) for g, v in by_group_stages.items()},
        has_evidence=evidenced and status == "answered",
        from_consensus=settled is not None
        and status != "unanswered"
        and (settled.not_applicable or settled.stage is not None),
        review=review,
    )


def score(
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    consensus: Mapping[str, Consensus] | None = None,
    aggregation: Aggregation | None = None,
) -> Scores:
    """Score an assessment: combine respondents per indicator, then pillars, then the index."""
    method = aggregation or questionnaire.scoring.aggregation
    consensus = consensus or {}
    rules = _Rules(
        method,
        questionnaire.scale,
        questionnaire.scoring.divergence_threshold,
        questionnaire.scoring.dont_know == "lowest",
    )
    indicator_results: list[IndicatorResult] = []
    pillar_results: list[PillarResult] = []
    for pillar in questionnaire.pillars:
        results = [
            _indicator_result(ind, pillar.id, respondents, consensus.get(ind.id), rules) for ind in pillar.indicators
        ]
        indicator_results.extend(results)
        answered = [r for r in results if r.stage is not None]
        applicable = sum(1 for r in results if r.status != "not_applicable")
        if answered:
            weights = [r.weight for r in answered]
            stage = pillar_stage(pillar.rule, [r.stage for r in answered if r.stage is not None], weights)
            pillar_score = weighted_mean([(r.score, r.weight) for r in answered])
        else:
            stage, pillar_score = None, None
        pillar_results.append(
            PillarResult(
                pillar_id=pillar.id,
                rule=pillar.rule,
                stage=stage,
                score=pillar_score,
                weight=pillar.weight,
                answered=len(answered),
                applicable=applicable,
                evidenced=sum(1 for r in answered if r.has_evidence),
            )
        )
    index = weighted_mean([(p.score, p.weight) for p in pillar_results])
    return Scores(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        aggregation=method,
        index=index,
        tier_id=None if index is None else _tier(questionnaire, index, pillar_results, indicator_results).id,
        pillars=tuple(pillar_results),
        indicators=tuple(indicator_results),
    )


def _meets(
    requirement: TierRequirement, pillars: Sequence[PillarResult], indicators: Sequence[IndicatorResult]
) -> bool:
    """Whether the results reach a requirement's stage; not applicable indicators and pillars are left out."""
    if requirement.every == "pillar" or requirement.pillar is not None:
        chosen_pillars = [p for p in pillars if requirement.pillar in (None, p.pillar_id) and p.applicable]
        return all(p.stage is not None and p.stage >= requirement.stage for p in chosen_pillars)
    chosen = [i for i in indicators if requirement.indicator in (None, i.indicator_id) and i.status != "not_applicable"]
    return all(i.stage is not None and i.stage >= requirement.stage for i in chosen)


def _tier(
    questionnaire: Questionnaire,
    index: float,
    pillars: Sequence[PillarResult],
    indicators: Sequence[IndicatorResult],
) -> Tier:
    """The last tier, in the listed order, whose min_index the index reaches and whose requirements all hold."""
    chosen = questionnaire.tiers[0]
    for tier in questionnaire.tiers[1:]:
        if index >= tier.min_index and all(_meets(r, pillars, indicators) for r in tier.requires):
            chosen = tier
    return chosen


def tier_of(questionnaire: Questionnaire, scores: Scores) -> Tier | None:
    """The tier scores reach under a questionnaire's tiers (None without an index).

    For the questionnaire that was scored it is `scores.tier_id`; Compare also places
    rounds of an earlier version under the current version's tiers.
    """
    if scores.index is None:
        return None
    return _tier(questionnaire, scores.index, scores.pillars, scores.indicators)


def score_by_group(
    questionnaire: Questionnaire, respondents: Sequence[Respondent], aggregation: Aggregation | None = None
) -> dict[str, Scores]:
    """Each stakeholder group's own results, from its respondents alone (consensus not applied)."""
    groups = {r.group for r in respondents}
    return {
        group.id: score(questionnaire, [r for r in respondents if r.group == group.id], aggregation=aggregation)
        for group in questionnaire.stakeholder_groups
        if group.id in groups
    }
