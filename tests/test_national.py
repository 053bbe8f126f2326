"""The national questionnaire 2.0.0 as an instrument: routed, guided, mapped, worded to be evidenced."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from assessment.lint import lint_folder, vague_words
from assessment.loader import load_catalog, load_questionnaire
from assessment.model import FRAMEWORKS, Questionnaire
from tests.conftest import NATIONAL, NATIONAL_2, ROOT

LANGUAGES = ("en", "es")


@pytest.fixture(scope="module")
def q2() -> Questionnaire:
    return load_questionnaire(NATIONAL_2).questionnaire


def test_version_size_and_pillars(q2):
    assert q2.version == "2.0.0"
    assert len(q2.indicators) >= 49
    assert [p.id for p in q2.pillars] == [
        "strategy", "csirt", "partnership", "skills", "diplomacy", "legal", "technology",
    ]  # fmt: skip
    assert all(len(p.indicators) >= 6 for p in q2.pillars)


def test_both_versions_are_installed_and_the_newest_is_offered():
    catalog = load_catalog(ROOT / "questionnaires")
    assert not catalog.errors
    assert [v.questionnaire.version for v in catalog.versions_of("national")] == ["1.0.0", "2.0.0"]
    assert catalog.find("national").questionnaire.version == "2.0.0"
    assert len(catalog.find("national", "1.0.0").questionnaire.indicators) == 38


def test_every_indicator_is_routed_and_every_group_is_asked(q2):
    assert all(i.asked_of for i in q2.indicators.values())
    asked = Counter(g for i in q2.indicators.values() for g in i.asked_of or [])
    assert set(asked) == set(q2.groups)
    assert {"justice", "defence", "regulators", "foreign-affairs", "csirt"} <= set(q2.groups)
    # nobody is asked what they cannot know from their own work
    assert "civil-society" not in q2.indicators["legal.international-cooperation"].asked_of
    assert "international-partners" not in q2.indicators["legal.data-protection-law"].asked_of


def test_titles_are_unique_in_each_language(q2):
    for lang in LANGUAGES:
        titles = Counter(q2.text(i.title, lang) for i in q2.indicators.values())
        assert [t for t, n in titles.items() if n > 1] == [], lang


def test_no_vague_words_in_descriptors_or_rating_guidance():
    problems = lint_folder(NATIONAL_2)
    assert problems == [], "\n".join(str(p) for p in problems[:20])


def test_the_lint_finds_vague_words_with_their_line():
    assert vague_words("Incidents are handled quickly and adequately.", "en") == ["quickly", "adequately"]
    assert vague_words("Se atienden con prontitud y de forma eficaz.", "es") == ["con prontitud", "eficaz"]
    assert vague_words("Quicklyness is not a word; neither is inadequateness.", "en") == []
    problems = lint_folder(NATIONAL)  # 1.0.0 predates the rule, so it has some
    assert problems
    assert all(p.line and p.file.startswith("national-1.0.0/") for p in problems)


def test_rating_guidance_for_every_stage(q2):
    stages = q2.scale.values
    for indicator in q2.indicators.values():
        wanted = stages if indicator.kind == "stages" else stages[1:]
        assert sorted(indicator.guidance or {}) == wanted, indicator.id


def test_recommendations_say_their_effort_and_cite_known_guides(q2):
    recommendations = [r for i in q2.indicators.values() for r in i.recommendations.values()]
    assert all(r.effort in ("low", "medium", "high") for r in recommendations)
    cited = {g for r in recommendations for g in r.guides}
    assert len(cited) >= 20
    assert cited <= set(q2.guides)
    assert all(d in q2.indicators for r in recommendations for d in r.depends_on)


def test_every_mapping_code_is_in_its_framework_catalog(q2):
    assert set(q2.frameworks) == set(FRAMEWORKS)
    used = {f: {c for i in q2.indicators.values() for c in getattr(i.mappings, f)} for f in FRAMEWORKS}
    assert all(used.values())
    # the codes the review found wrong or missing in 1.0.0
    assert "D2.4" not in q2.indicators["csirt.incident-reporting"].mappings.cmm
    assert "D1.4" not in q2.indicators["diplomacy.international-law-position"].mappings.cmm
    assert "4.1" in q2.indicators["legal.international-instruments"].mappings.ncsi
    assert {"D4.1", "D5.6"} <= used["cmm"]
    assert {"2.1", "5.2"} <= used["ncsi"]


def test_glossary_is_complete_in_both_languages(q2):
    assert len(q2.glossary) >= 35
    for term in q2.glossary:
        assert all(term.term.get(lang) and len(term.definition.get(lang, "")) >= 30 for lang in LANGUAGES), term.id


def test_stage_five_never_requires_helping_other_countries(q2):
    helping = re.compile(
        r"(?:help|assist|advis|support|train)\w* (?:other|neighbou?ring) (?:countries|states)|regional reference", re.I
    )
    for indicator in q2.indicators.values():
        top = (indicator.descriptors or {}).get(q2.scale.highest)
        if top is not None and helping.search(top["en"]):
            assert " or " in top["en"], f"{indicator.id}: helping others must be one route, not the only one"


def test_spanish_terms(q2):
    assert q2.text(q2.scale.stages[1].name, "es") == "Formativo"
    every_text = " ".join(
        t["es"]
        for i in q2.indicators.values()
        for t in [i.title, i.question, i.evidence, *(i.descriptors or {}).values(), *(i.guidance or {}).values()]
    ) + " ".join(q2.text(p.name, "es") for p in q2.pillars)
    assert "Capacidad de CSIRT" not in every_text
    assert "espacio de direcciones nacional" not in every_text
    assert "Formativo" not in " ".join(q2.text(s.name, "es") for s in q2.scale.stages[2:])


def test_the_crosswalk_covers_every_earlier_indicator(q2, national):
    crosswalk = q2.crosswalk
    assert (crosswalk.from_.questionnaire, crosswalk.from_.version) == ("national", "1.0.0")
    assert sorted(e.from_ for e in crosswalk.indicators) == sorted(national.indicators)
    assert all(t in q2.indicators for e in crosswalk.indicators for t in e.to)
    new = [i for i in q2.indicators if i not in crosswalk.new_ids]
    assert "technology.routing-security" in new
    assert "strategy.national-risk-assessment" in new
