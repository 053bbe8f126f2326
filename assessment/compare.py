"""Many assessments → tables for charts and rankings. Every figure comes from `scoring.score`.

Assessments are compared only within one questionnaire (the pillars must be the same).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .countries import country_name
from .errors import AssessmentError
from .model import Questionnaire
from .scoring import Scores, score
from .store import AssessmentInfo, Store


@dataclass(frozen=True)
class Compared:
    """One assessment in a comparison: who and when, and its scores."""

    assessment_id: int
    country: str
    round: str
    scores: Scores

    def label(self, language: str) -> str:
        return f"{country_name(self.country, language)} · {self.round}"


def compared(store: Store, infos: Sequence[AssessmentInfo], q: Questionnaire) -> list[Compared]:
    """Stored assessments scored for comparison, from two bulk queries."""
    ids = [i.id for i in infos]
    answers, consensus = store.answers_of(ids), store.consensus_of(ids)
    return [Compared(i.id, i.country, i.round, score(q, answers[i.id], consensus[i.id])) for i in infos]


def check_same_questionnaire(q: Questionnaire, items: Sequence[Compared]) -> None:
    other = {c.scores.questionnaire_id for c in items} - {q.id}
    if other:
        raise AssessmentError(f"only assessments of questionnaire '{q.id}' can be compared here (not {other})")


def pillar_scores(q: Questionnaire, items: Sequence[Compared], language: str) -> pd.DataFrame:
    """Long table: one row per assessment and pillar (score, stage)."""
    check_same_questionnaire(q, items)
    rows = [
        {"assessment": c.label(language), "country": c.country, "round": c.round, "pillar_id": p.pillar_id,
         "pillar": q.text(q.pillar(p.pillar_id).name, language), "score": p.score, "stage": p.stage}
        for c in items
        for p in c.scores.pillars
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["assessment", "country", "round", "pillar_id", "pillar", "score", "stage"])


def ranking(q: Questionnaire, items: Sequence[Compared], language: str) -> pd.DataFrame:
    """One row per assessment: index, tier, rank by index, and each pillar's score and rank.

    Ranks are dense from 1 (best); equal scores share a rank; an assessment without a
    score has no rank.
    """
    check_same_questionnaire(q, items)
    rows = []
    for c in items:
        tier = q.text(q.tier_for(c.scores.index).name, language) if c.scores.index is not None else None
        row = {"assessment": c.label(language), "country": c.country, "round": c.round, "index": c.scores.index,
               "tier": tier, "completeness": c.scores.completeness}  # fmt: skip
        row |= {p.pillar_id: p.score for p in c.scores.pillars}
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["assessment", "country", "round", "index", "tier", "completeness",
                                        *[p.id for p in q.pillars]])  # fmt: skip
    frame.insert(4, "rank", frame["index"].rank(method="dense", ascending=False).astype("Int64"))
    for p in q.pillars:
        frame[f"rank {p.id}"] = frame[p.id].rank(method="dense", ascending=False).astype("Int64")
    return frame.sort_values(["rank", "assessment"], na_position="last").reset_index(drop=True)


def heatmap(q: Questionnaire, items: Sequence[Compared], language: str) -> pd.DataFrame:
    """Indicators (rows, questionnaire order) × assessments (columns): the indicator stage, or empty."""
    check_same_questionnaire(q, items)
    data = {c.label(language): [i.stage for i in c.scores.indicators] for c in items}
    index = [q.text(i.title, language) for p in q.pillars for i in p.indicators]
    return pd.DataFrame(data, index=index, dtype="Float64")


def peer_group_stats(q: Questionnaire, members: Sequence[Compared]) -> pd.DataFrame:
    """Mean and median of the index and of each pillar's score over a peer group's assessments."""
    check_same_questionnaire(q, members)
    rows = []
    for key in ["index", *[p.id for p in q.pillars]]:
        values = [
            v for c in members if (v := (c.scores.index if key == "index" else c.scores.pillar(key).score)) is not None
        ]
        rows.append({"measure": key, "mean": statistics.fmean(values) if values else None,
                     "median": statistics.median(values) if values else None, "n": len(values)})  # fmt: skip
    return pd.DataFrame(rows)


def latest_per_country(items: Sequence[Compared]) -> list[Compared]:
    """Each country's most recent round (rounds compared as text: use sortable labels such as years)."""
    latest: dict[str, Compared] = {}
    for c in items:
        if c.country not in latest or c.round > latest[c.country].round:
            latest[c.country] = c
    return list(latest.values())


def trends(q: Questionnaire, items: Sequence[Compared], country: str, language: str) -> pd.DataFrame:
    """One country's index and pillar scores across its rounds, oldest first."""
    check_same_questionnaire(q, items)
    rows = []
    for c in sorted((c for c in items if c.country == country), key=lambda c: c.round):
        rows.append({"round": c.round, "measure": "index", "score": c.scores.index})
        rows += [{"round": c.round, "measure": q.text(q.pillar(p.pillar_id).name, language), "score": p.score}
                 for p in c.scores.pillars]  # fmt: skip
    return pd.DataFrame(rows, columns=["round", "measure", "score"])
