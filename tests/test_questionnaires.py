"""Every shipped questionnaire loads, is complete in English and Spanish, and is well formed."""

from __future__ import annotations

import pytest

from assessment.loader import load_catalog, load_questionnaire, questionnaire_folders
from tests.conftest import ROOT

SHIPPED = questionnaire_folders(ROOT / "questionnaires")


def test_there_are_shipped_questionnaires():
    assert {"national", "national-1.0.0"} <= {f.name for f in SHIPPED}  # and modules such as csirt
    assert not load_catalog(ROOT / "questionnaires").errors


@pytest.mark.parametrize("folder", SHIPPED, ids=lambda f: f.name)
def test_shipped_questionnaire_is_complete_in_english_and_spanish(folder):
    loaded = load_questionnaire(folder)
    assert {"en", "es"} <= set(loaded.questionnaire.languages)
    for lang in ("en", "es"):
        coverage = loaded.coverage[lang]
        assert coverage.missing == (), [str(p) for p in coverage.missing]
        assert coverage.percent == 100.0


def test_national_questionnaire_shape(national):
    assert [p.id for p in national.pillars] == ["strategy", "csirt", "partnership", "skills", "diplomacy", "legal"]
    assert len(national.indicators) >= 36
    assert all(len(p.indicators) >= 6 for p in national.pillars)
    assert [s.value for s in national.scale.stages] == [1, 2, 3, 4, 5]
    assert [national.text(s.name, "en") for s in national.scale.stages] == [
        "Start-up",
        "Formative",
        "Established",
        "Strategic",
        "Dynamic",
    ]
    assert {g.id for g in national.stakeholder_groups} == {
        "government",
        "critical-infrastructure",
        "private-sector",
        "civil-society",
        "academia",
        "international-partners",
    }


def test_national_texts_are_distinct_and_substantial(national):
    for indicator in national.indicators.values():
        for lang in ("en", "es"):
            descriptors = [t[lang] for t in (indicator.descriptors or {}).values()]
            assert len(set(descriptors)) == len(descriptors), indicator.id
            recommendations = [r.text[lang] for r in indicator.recommendations.values()]
            assert len(set(recommendations)) == len(recommendations), indicator.id
            assert all(len(text) >= 40 for text in recommendations), indicator.id
            assert len(indicator.title[lang]) <= 80, indicator.id
        assert indicator.title["en"] != indicator.title["es"], indicator.id


def test_national_covers_the_required_topics(national):
    titles = " ".join(i.title["en"].lower() for i in national.indicators.values())
    for topic in ("strategy", "csirt", "exercise", "critical", "awareness", "international law", "cybercrime", "data"):
        assert topic in titles, topic
    assert sum(i.kind == "checklist" for i in national.indicators.values()) >= 1


def test_country_questionnaires_come_first_so_menus_default_to_the_national_one():
    """The CSIRT module sorts before `national` by id; menus still open on the country questionnaire."""
    catalog = load_catalog(ROOT / "questionnaires")
    ids = list(catalog.questionnaires)
    assert "csirt" in ids
    assert ids[0] == "national"
    country = [catalog.questionnaires[i].questionnaire.subject_is_country for i in ids]
    assert country == sorted(country, reverse=True)
