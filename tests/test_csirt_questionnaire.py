"""The CSIRT maturity module: a 0-4 scale, four SIM3 categories, tiers from minimum stages, "don't know" as 0."""

from __future__ import annotations

import pytest

from assessment.answers import Answer, Respondent, Status
from assessment.lint import lint_folder
from assessment.loader import frameworks_folder, load_framework, load_questionnaire
from assessment.model import Questionnaire
from assessment.scoring import score
from tests.conftest import ROOT

CSIRT = ROOT / "questionnaires" / "csirt"
LANGUAGES = ("en", "es", "pt", "fr")
ESSENTIAL = (
    "organisation.mandate",
    "organisation.constituency",
    "processes.incident-handling",
    "tools.tracking",
    "tools.secure-communication",
    "processes.information-sharing",
)


@pytest.fixture(scope="module")
def loaded():
    return load_questionnaire(CSIRT)


@pytest.fixture(scope="module")
def q(loaded) -> Questionnaire:
    return loaded.questionnaire


def answer(q: Questionnaire, indicator_id: str, stage: int) -> Answer:
    """An answer that puts the indicator at `stage`: the stage itself, or every checklist item up to it."""
    indicator = q.indicators[indicator_id]
    if indicator.kind == "checklist":
        return Answer(items=frozenset(item.id for item in indicator.items if item.stage <= stage))
    return Answer(stage=stage)


def respondent(q: Questionnaire, stage: int, group: str = "management", **exceptions: object) -> Respondent:
    """A respondent who puts every indicator at `stage`, except those given (by id with '-' and '.' as '_')."""
    special = {key.replace("__", ".").replace("_", "-"): value for key, value in exceptions.items()}
    assert set(special) <= set(q.indicators), set(special) - set(q.indicators)
    answers = {}
    for indicator_id in q.indicators:
        value = special.get(indicator_id, stage)
        answers[indicator_id] = Answer(status=value) if isinstance(value, Status) else answer(q, indicator_id, value)
    return Respondent(id=f"{group}-{stage}", group=group, answers=answers)


def test_the_module_loads_complete_in_its_four_languages(loaded, q):
    assert (q.id, q.version, q.languages) == ("csirt", "1.0.0", list(LANGUAGES))
    assert q.subject.kind == "csirt"
    assert not q.subject_is_country
    for lang in LANGUAGES:
        assert loaded.coverage[lang].missing == (), lang
        assert loaded.coverage[lang].percent == 100.0
    assert lint_folder(CSIRT) == []


def test_the_scale_runs_from_zero_to_four_with_distinct_names(q):
    assert q.scale.values == [0, 1, 2, 3, 4]
    for lang in LANGUAGES:
        names = [q.text(s.name, lang) for s in q.scale.stages]
        assert len(set(names)) == 5, names
    names = [q.text(s.name, "en") for s in q.scale.stages]
    assert names == ["Absent", "Informal", "Documented", "Approved", "Reviewed"]


def test_four_categories_of_five_to_seven_indicators(q):
    assert [p.id for p in q.pillars] == ["organisation", "people", "tools", "processes"]
    assert all(5 <= len(p.indicators) <= 7 for p in q.pillars)
    assert 22 <= len(q.indicators) <= 28
    assert all(i.id.startswith(f"{p.id}.") for p in q.pillars for i in p.indicators)
    assert 1 <= sum(i.kind == "checklist" for i in q.indicators.values()) <= 2


def test_every_stage_is_described_and_every_step_up_recommended_in_every_language(q):
    for indicator in q.indicators.values():
        if indicator.kind == "stages":
            assert sorted(indicator.descriptors) == [0, 1, 2, 3, 4], indicator.id
            assert sorted(indicator.guidance) == [0, 1, 2, 3, 4], indicator.id
            texts = indicator.descriptors.values()
        else:
            assert sorted({item.stage for item in indicator.items}) == [1, 2, 3, 4], indicator.id
            assert sorted(indicator.guidance) == [1, 2, 3, 4], indicator.id
            texts = [item.text for item in indicator.items]
        assert sorted(indicator.recommendations) == [1, 2, 3, 4], indicator.id
        for lang in LANGUAGES:
            described = [t[lang] for t in texts]
            assert all(described), (indicator.id, lang)
            assert len(set(described)) == len(described), (indicator.id, lang)
            recommended = [r.text[lang] for r in indicator.recommendations.values()]
            assert all(len(t) >= 40 for t in recommended), (indicator.id, lang)
            assert len(set(recommended)) == 4, (indicator.id, lang)
        assert all(r.effort in ("low", "medium", "high") for r in indicator.recommendations.values()), indicator.id


def test_every_indicator_maps_to_sim3_codes_that_exist(q):
    assert q.frameworks == {"sim3": "1"}
    catalog = load_framework(frameworks_folder(CSIRT) / "sim3-1.yaml", "sim3-1.yaml")
    parents = {e.code: e.parent for e in catalog.elements}
    used = set()
    for indicator in q.indicators.values():
        codes = indicator.mappings.sim3
        assert codes, indicator.id
        assert set(codes) <= set(parents), indicator.id
        used |= set(codes)
    # each category maps mostly into its own SIM3 category, and all four are fed
    assert {parents[c] for c in used} == {"O", "H", "T", "P"}
    for pillar, category in zip(q.pillars, "OHTP", strict=True):
        own = [c for i in pillar.indicators for c in i.mappings.sim3 if parents[c] == category]
        assert len(own) * 2 > sum(len(i.mappings.sim3) for i in pillar.indicators), pillar.id


def test_routing_asks_outsiders_only_what_they_can_see(q):
    asked = {g.id: {i.id for i in q.indicators_for(g.id)} for g in q.stakeholder_groups}
    assert asked["management"] == asked["reviewer"] == set(q.indicators)
    assert "people.conduct" not in asked["constituency"]
    assert "organisation.funding" not in asked["staff"]
    assert {"organisation.mandate", "organisation.constituency", "processes.incident-handling"} <= asked["constituency"]


def test_no_csirt_can_call_its_mandate_constituency_or_incident_handling_not_applicable(q):
    refusing = {i.id for i in q.indicators.values() if not i.not_applicable}
    assert refusing == {"organisation.mandate", "organisation.constituency", "processes.incident-handling"}
    na = Status.NOT_APPLICABLE
    s = score(q, [respondent(q, 2, organisation__mandate=na, tools__inventory=na)])
    assert s.indicator("tools.inventory").status == "not_applicable"
    assert s.indicator("organisation.mandate").status == "unanswered"
    assert s.tier_id == "basic"  # the mandate has no stage, so the intermediate tier's requirement fails


def test_the_scoring_rules_the_design_argues(q):
    assert (q.scoring.pillar_rule, q.scoring.aggregation, q.scoring.dont_know) == ("median", "median", "lowest")
    assert q.tiers[0].requires == []
    assert [t.id for t in q.tiers] == ["basic", "intermediate", "advanced"]
    for tier in q.tiers[1:]:
        named = {r.indicator for r in tier.requires if r.indicator}
        assert set(ESSENTIAL) <= named, tier.id


@pytest.mark.parametrize(
    ("stage", "exceptions", "tier"),
    [
        (2, {}, "intermediate"),
        (3, {}, "advanced"),
        (4, {}, "advanced"),
        (1, {}, "basic"),
        # one essential indicator only informal: basic, whatever the rest
        (2, {"tools__tracking": 1}, "basic"),
        (3, {"organisation__mandate": 1}, "basic"),
        # a non-essential one informal: the category's median stays at 2
        (2, {"tools__knowledge_base": 1}, "intermediate"),
        # nothing may be absent
        (2, {"people__peer_networking": 0}, "basic"),
        # advanced needs every indicator written down, the essentials approved, and the team's own reviews
        (3, {"tools__knowledge_base": 1}, "intermediate"),
        (3, {"processes__information_sharing": 2}, "intermediate"),
        (3, {"processes__review": 2}, "intermediate"),
        (3, {"tools__knowledge_base": 2}, "advanced"),
    ],
)
def test_tiers_follow_from_the_stages(q, stage, exceptions, tier):
    s = score(q, [respondent(q, stage, **exceptions)])
    assert s.tier_id == tier


def test_two_weak_indicators_pull_a_category_below_approved(q):
    # people has six indicators: two at 2 leave the lower median at 3, three pull it to 2
    two = score(q, [respondent(q, 3, people__staffing=2, people__roles=2)])
    three = score(q, [respondent(q, 3, people__staffing=2, people__roles=2, people__conduct=2)])
    assert (two.pillar("people").stage, two.tier_id) == (3, "advanced")
    assert (three.pillar("people").stage, three.tier_id) == (2, "intermediate")


def test_dont_know_counts_as_absent(q):
    s = score(q, [respondent(q, 2, tools__knowledge_base=Status.DONT_KNOW, processes__escalation=Status.DONT_KNOW)])
    for indicator_id in ("tools.knowledge-base", "processes.escalation"):
        result = s.indicator(indicator_id)
        assert (result.status, result.stage, result.score) == ("answered", 0, 0.0), indicator_id
    assert s.completeness == 1.0
    assert s.tier_id == "basic"  # where all at 2 would be intermediate

    # beside a respondent who claims stage 3, an unknown is the lower middle value of [0, 3]
    pair = [respondent(q, 3), respondent(q, 3, group="staff", tools__tracking=Status.DONT_KNOW)]
    assert score(q, pair).indicator("tools.tracking").stage == 0


def test_glossary_defines_the_terms_in_every_language(q):
    assert 10 <= len(q.glossary) <= 20
    for term in q.glossary:
        assert all(term.term.get(lang) and len(term.definition.get(lang, "")) >= 30 for lang in LANGUAGES), term.id
