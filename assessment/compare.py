"""Many assessments → tables for charts and rankings, from their scores (assessment/scored.py scores them).

Assessments are compared within one questionnaire version (the pillars must be the
same). Trends are the exception: a country's rounds made with an earlier version join
the line through the newer version's crosswalk, which maps the earlier pillars onto the
newer ones and lists the indicators that changed.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from .charts.data import peer_means
from .countries import country_name
from .errors import AssessmentError
from .lenses import lens, lens_frameworks
from .model import Questionnaire
from .records import ExternalScore
from .scoring import Scores, tier_of
from .textcheck import folded

GCI_NAMES = ("global cybersecurity index", "indice global de ciberseguridad", "indice global de ciberseguranca",
             "indice mondial de cybersecurite", "indice mondial de la cybersecurite")  # fmt: skip
"""Names of ITU's Global Cybersecurity Index in the interface languages, without accents."""


def assessment_label(country: str, round_label: str, language: str, subject: str | None = None) -> str:
    """How a comparison names an assessment: `Costa Rica · 2026`, or its subject: `CERT-Ejemplo · 2026`."""
    return f"{subject or country_name(country, language)} · {round_label}"


class Comparable(Protocol):
    """What a comparison reads of an assessment: a stored one (`scored.ScoredAssessment`) or a bare `Compared`."""

    @property
    def assessment_id(self) -> int: ...
    @property
    def country(self) -> str: ...
    @property
    def round(self) -> str: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def scores(self) -> Scores: ...
    def label(self, language: str) -> str: ...


@dataclass(frozen=True)
class Compared:
    """One assessment in a comparison, as bare figures: who and when, and its scores."""

    assessment_id: int
    country: str
    round: str
    scores: Scores
    subject: str | None = None

    def label(self, language: str) -> str:
        return assessment_label(self.country, self.round, language, self.subject)


def check_same_questionnaire(q: Questionnaire, items: Sequence[Comparable]) -> None:
    other = {c.scores.questionnaire_id for c in items} - {q.id}
    if other:
        raise AssessmentError(f"only assessments of questionnaire '{q.id}' can be compared here (not {other})")


def pillar_scores(q: Questionnaire, items: Sequence[Comparable], language: str) -> pd.DataFrame:
    """Long table: one row per assessment and pillar (score, stage)."""
    check_same_questionnaire(q, items)
    rows = [
        {"assessment": c.label(language), "country": c.country, "round": c.round, "pillar_id": p.pillar_id,
         "pillar": q.text(q.pillar(p.pillar_id).name, language), "score": p.score, "stage": p.stage}
        for c in items
        for p in c.scores.pillars
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["assessment", "country", "round", "pillar_id", "pillar", "score", "stage"])


def ranking(q: Questionnaire, items: Sequence[Comparable], language: str) -> pd.DataFrame:
    """One row per assessment: index, tier, rank by index, and each pillar's score and rank.

    Ranks are dense from 1 (best); equal scores share a rank; an assessment without a
    score has no rank.
    """
    check_same_questionnaire(q, items)
    rows = []
    for c in items:
        tier = q.text(tier.name, language) if (tier := tier_of(q, c.scores)) is not None else None
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


def heatmap(q: Questionnaire, items: Sequence[Comparable], language: str) -> pd.DataFrame:
    """Indicators (rows, questionnaire order) × assessments (columns): the indicator stage, or empty."""
    check_same_questionnaire(q, items)
    data = {c.label(language): [i.stage for i in c.scores.indicators] for c in items}
    index = [q.text(i.title, language) for p in q.pillars for i in p.indicators]
    return pd.DataFrame(data, index=index, dtype="Float64")


def peer_group_stats(q: Questionnaire, members: Sequence[Comparable]) -> pd.DataFrame:
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


def latest_per_country(items: Sequence[Comparable]) -> list[Comparable]:
    """Each country's (or, for a module, each subject's: every CSIRT of a country) most recent round.

    Rounds are compared as text: use sortable labels such as years.
    """
    latest: dict[tuple[str, str | None], Comparable] = {}
    for c in items:
        who = (c.country, c.subject)
        if who not in latest or c.round > latest[who].round:
            latest[who] = c
    return list(latest.values())


@dataclass(frozen=True)
class Peers:
    """A peer group's figures: the mean and median of its member countries' latest rounds."""

    name: str
    stats: pd.DataFrame
    """`peer_group_stats`: one row per measure ("index", then each pillar id)."""

    @property
    def means(self) -> dict[str, float | None]:
        """The mean per measure; None where no member has a value (a pillar nobody scored), never NaN."""
        return peer_means(self.stats)


def peer_figures(q: Questionnaire, name: str, countries: Collection[str], items: Sequence[Comparable]) -> Peers:
    """The peer group `name` of `countries` among `items`: each member country's latest round counts once."""
    members = [c for c in items if c.country in countries]
    return Peers(name, peer_group_stats(q, latest_per_country(members)))


@dataclass(frozen=True)
class Versioned:
    """Assessments scored with one (earlier) version of the questionnaire."""

    questionnaire: Questionnaire
    items: Sequence[Comparable]


def earlier_versions(q: Questionnaire, installed: Sequence[Questionnaire]) -> list[Questionnaire]:
    """The installed versions whose rounds can join `q`'s trends: those its crosswalk starts from."""
    if q.crosswalk is None:
        return []
    source = q.crosswalk.from_
    return [e for e in installed if (e.id, e.version) == (source.questionnaire, source.version)]


def trends(
    q: Questionnaire, items: Sequence[Comparable], country: str, language: str, earlier: Sequence[Versioned] = ()
) -> pd.DataFrame:
    """One country's index and pillar scores across its rounds, oldest first, with the version of each round.

    Rounds made with an earlier version (`earlier`, which `q`'s crosswalk must start
    from) are included: their pillars are named as `q`'s through the crosswalk, and a
    pillar `q` does not have is left out.
    """
    check_same_questionnaire(q, items)
    pillar_names = {p.id: q.text(p.name, language) for p in q.pillars}
    rounds: list[tuple[Comparable, str, dict[str, str]]] = [(c, q.version, {p: p for p in pillar_names}) for c in items]
    for older in earlier:
        e = older.questionnaire
        if q.crosswalk is None or (q.crosswalk.from_.questionnaire, q.crosswalk.from_.version) != (e.id, e.version):
            raise AssessmentError(f"{q.id} {q.version} has no crosswalk from version {e.version}")
        onto = {p.id: q.crosswalk.pillars.get(p.id, p.id) for p in e.pillars}
        kept = {old: new for old, new in onto.items() if new in pillar_names}
        rounds += [(c, e.version, kept) for c in older.items]
    rows = []
    for c, version, onto in sorted((r for r in rounds if r[0].country == country), key=lambda r: r[0].round):
        rows.append({"round": c.round, "version": version, "measure": "index", "score": c.scores.index})
        rows += [{"round": c.round, "version": version, "measure": pillar_names[onto[p.pillar_id]], "score": p.score}
                 for p in c.scores.pillars if p.pillar_id in onto]  # fmt: skip
    return pd.DataFrame(rows, columns=["round", "version", "measure", "score"])


def crosswalk_changes(q: Questionnaire, earlier: Questionnaire, language: str) -> pd.DataFrame:
    """The indicators that are not the same between `earlier` and `q`: what each became."""
    rows = []
    if q.crosswalk is not None:
        for entry in q.crosswalk.indicators:
            if entry.change == "same":
                continue
            old = earlier.indicators.get(entry.from_)
            rows.append(
                {
                    "change": entry.change,
                    "from_id": entry.from_,
                    "from": earlier.text(old.title, language) if old else entry.from_,
                    "to_id": ", ".join(entry.to),
                    "to": "; ".join(q.text(q.indicators[t].title, language) for t in entry.to),
                }
            )
        reached = set(q.crosswalk.new_ids)
        rows += [
            {"change": "new", "from_id": "", "from": "", "to_id": i.id, "to": q.text(i.title, language)}
            for i in q.indicators.values()
            if i.id not in reached
        ]
    return pd.DataFrame(rows, columns=["change", "from_id", "from", "to_id", "to"])


def is_gci(instrument: str) -> bool:
    """Whether a published score's instrument is ITU's GCI ("ITU GCI", "GCI 2024", "Global Cybersecurity Index")."""
    plain = folded(instrument)
    return re.search(r"\bgci\b", plain) is not None or any(name in plain for name in GCI_NAMES)


def gci_beside_published(
    q: Questionnaire, items: Sequence[Comparable], published: Sequence[ExternalScore]
) -> pd.DataFrame:
    """Per assessment, its score through the GCI lens beside the latest published GCI score of its country.

    Empty when the questionnaire does not map to GCI. `difference` is lens minus
    published; `lens_covered` says how many of GCI's pillars the lens could score.
    """
    columns = ["country", "round", "lens_score", "lens_covered", "published", "year", "instrument", "difference"]
    if "gci" not in lens_frameworks(q):
        return pd.DataFrame(columns=columns)
    latest: dict[str, ExternalScore] = {}
    for e in published:
        if is_gci(e.instrument) and (e.country not in latest or e.year > latest[e.country].year):
            latest[e.country] = e
    rows = []
    for c in items:
        seen = lens(q, c.scores, "gci")
        scored, total = seen.top_covered
        known = latest.get(c.country)
        rows.append({
            "country": c.country, "round": c.round, "lens_score": seen.score,
            "lens_covered": f"{scored}/{total}", "published": None if known is None else known.score,
            "year": None if known is None else known.year, "instrument": "" if known is None else known.instrument,
            "difference": None if known is None or seen.score is None else seen.score - known.score,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
