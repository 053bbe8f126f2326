"""Demo data: fictional countries, two rounds each, several respondents who partly disagree.

The first round may be made with an earlier version of the questionnaire (the national
1.0.0 before 2.0.0), so that the demo shows a trend across versions.

Countries use ISO 3166 codes reserved for user assignment (XA…XH), so they can never be
mistaken for a real country. The data is generated from a fixed seed: every run gives
the same assessments. Loading twice adds nothing the second time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from .answers import Answer, Consensus, Respondent, Status, Targets
from .answers_file import AssessmentData
from .countries import FICTIONAL
from .i18n import translate
from .model import Questionnaire
from .store import ExternalScore, Store

COUNTRIES = ("XA", "XB", "XC", "XD", "XE", "XF", "XG", "XH")
ROUNDS = ("2024", "2026")
PEER_GROUPS = {
    "demo.island_states": ("XA", "XB", "XC", "XD"),
    "demo.mainland_states": ("XE", "XF", "XG", "XH"),
}
"""Peer groups by the catalog key of their name."""
EXTERNAL_INSTRUMENT = "GCI (fictional demo figures)"
"""Named as a GCI score so that Compare shows the demo's GCI lens beside it; the figures are made up."""
GROUP_BIAS = {
    "government": 0.5,
    "csirt": 0.3,
    "regulators": 0.2,
    "justice": 0.0,
    "defence": 0.3,
    "foreign-affairs": 0.2,
    "critical-infrastructure": 0.0,
    "private-sector": 0.0,
    "civil-society": -0.6,
    "academia": -0.2,
    "international-partners": -0.3,
}
"""How optimistic each stakeholder group is, in stages; groups not listed answer without bias."""
ACTOR = "demo"
DEMO_LINK = "https://example.org/demo/evidence.pdf"


@dataclass(frozen=True)
class DemoSummary:
    assessments: int
    skipped: int
    respondents: int


def _answer(q: Questionnaire, indicator_id: str, level: float, rng: random.Random, language: str) -> Answer | None:
    roll = rng.random()
    if roll < 0.04:
        return None
    if roll < 0.07:
        return Answer(status=Status.NOT_APPLICABLE)
    if roll < 0.11:
        return Answer(status=Status.DONT_KNOW)
    low, high = q.scale.lowest, q.scale.highest
    stage = max(low, min(high, round(level + rng.gauss(0, 0.45))))
    evidence = translate("demo.evidence", language) if rng.random() < 0.45 else ""
    indicator = q.indicators[indicator_id]
    if indicator.kind == "checklist":
        met = {i.id for i in indicator.items or [] if i.stage <= stage or rng.random() < 0.15}
        return Answer(items=frozenset(met), evidence=evidence)
    return Answer(stage=stage, evidence=evidence)


def _with_notes(answers: dict[str, Answer], rng: random.Random, language: str) -> dict[str, Answer]:
    """Some links beside the evidence, some comments and review flags: what a real round holds.

    A separate random stream, so the stages and evidence stay those of the main one.
    """
    noted = {}
    for indicator_id, answer in answers.items():
        links = (DEMO_LINK,) if answer.evidence and rng.random() < 0.3 else ()
        comment = translate("demo.comment", language) if rng.random() < 0.08 else ""
        review = answer.status is Status.ANSWERED and rng.random() < 0.04
        noted[indicator_id] = replace(answer, links=links, comment=comment, review=review)
    return noted


def demo_assessment(
    q: Questionnaire, country: str, round_index: int, rng: random.Random, language: str = "en"
) -> AssessmentData:
    """One fictional assessment: a maturity profile per pillar, respondents scattered around it, texts in `language`."""
    profile_rng = random.Random(f"{country}-profile")
    profile = {p.id: profile_rng.uniform(1.4, 3.8) + 0.5 * round_index for p in q.pillars}
    others = [g.id for g in q.stakeholder_groups if g.id != "government"]
    many = len(others) > 6  # a routed questionnaire needs more groups to cover every indicator
    groups = ["government", *rng.sample(others, rng.randint(6, 8) if many else rng.randint(3, 5))]
    people = []
    for n, group in enumerate(groups, start=1):
        answers = {}
        for pillar in q.pillars:
            for indicator in (i for i in pillar.indicators if i.is_asked_of(group)):
                level = profile[pillar.id] + GROUP_BIAS.get(group, 0.0)
                answer = _answer(q, indicator.id, level, rng, language)
                if answer is not None:
                    answers[indicator.id] = answer
        answers = _with_notes(answers, random.Random(f"{country}-{round_index}-{n}-notes"), language)
        name = translate("demo.respondent", language, n=n)
        people.append(Respondent(f"r{n}", group, answers, name, translate("demo.organisation", language, n=n)))
    first_pillar = q.pillars[0].indicators[0].id
    settled = max(q.scale.lowest, min(q.scale.highest, round(profile[q.pillars[0].id])))
    consensus = {first_pillar: Consensus(stage=settled, rationale=translate("demo.rationale", language))}
    return AssessmentData(q.id, country, ROUNDS[round_index], tuple(people), consensus, Targets(default=4))


def load_demo(
    store: Store, q: Questionnaire, earlier: Questionnaire | None = None, language: str = "en"
) -> DemoSummary:
    """Load the demo countries into `store`, their texts in `language`; assessments already there are left alone.

    With `earlier`, each country's first round is made with that version and its second
    with `q`.
    """
    existing = {(a.country, a.round, a.questionnaire_id) for a in store.assessments()}
    created = skipped = respondents = 0
    rng = random.Random(2026)
    for country in COUNTRIES:
        for round_index, round_label in enumerate(ROUNDS):
            used = earlier if earlier is not None and round_index == 0 else q
            data = demo_assessment(used, country, round_index, rng, language)
            if (country, round_label, q.id) in existing:
                skipped += 1
                continue
            shown_in = language if language in used.languages else used.default_language
            store.import_assessment(data, language=shown_in, questionnaire=used, actor=ACTOR)
            created += 1
            respondents += len(data.respondents)
    for key, countries in PEER_GROUPS.items():
        store.save_peer_group(translate(key, language), countries, actor=ACTOR)
    external_rng = random.Random("external")
    store.save_external_scores(
        [ExternalScore(EXTERNAL_INSTRUMENT, c, year, round(external_rng.uniform(20, 90), 1),
                       translate("demo.source", language)) for c in COUNTRIES for year in (2023, 2025)],
        actor=ACTOR,
    )  # fmt: skip
    return DemoSummary(created, skipped, respondents)


__all__ = ["COUNTRIES", "FICTIONAL", "PEER_GROUPS", "DemoSummary", "load_demo"]
