"""The report's method appendix states the questionnaire's own rules, not a generic "weighted mean"."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from assessment.answers import Answer, Respondent, Targets
from assessment.i18n import translate
from assessment.loader import load_questionnaire
from assessment.model import Questionnaire
from assessment.report import blocks as b
from assessment.report.country import CountryReport, country_report_pdf, method_appendix, method_text
from assessment.scoring import score
from tests.conftest import DATA, NATIONAL_2

LANGUAGES = ("en", "es", "pt", "fr")


@pytest.fixture(scope="module")
def zero() -> Questionnaire:
    return load_questionnaire(DATA / "zero").questionnaire


def make_report(q: Questionnaire, language: str = "en", aggregation: str | None = None) -> CountryReport:
    people = [Respondent("r1", q.stakeholder_groups[0].id, {i: Answer(stage=q.scale.highest) for i in q.indicators})]
    scores = score(q, people, aggregation=aggregation)  # type: ignore[arg-type]
    return CountryReport(q, "UY", "2026", language, people, scores, Targets(), generated=date(2026, 12, 1))


def tier_rows(report: CountryReport) -> list[list[str]]:
    table = method_appendix(report)[-1]
    assert isinstance(table, b.Table)
    return [list(row) for row in table.rows]  # type: ignore[arg-type]


def test_mixed_pillar_rules_are_each_named(zero):
    text = " ".join(method_text(make_report(zero)))
    assert "The stage of Detect is the weighted mean of its answered indicators' stages, rounded down." in text
    assert "The stage of Respond is the lowest of its answered indicators' stages." in text
    assert "unless stated otherwise" not in text


def test_one_rule_for_every_pillar_is_said_once(tiny):
    national = load_questionnaire(NATIONAL_2).questionnaire
    text = " ".join(method_text(make_report(national)))
    assert "A pillar's stage is the weighted mean of its answered indicators' stages, rounded down." in text
    assert "The stage of" not in text
    assert "(stage − 1) ÷ 4 × 100" in text


@pytest.mark.parametrize(
    ("aggregation", "phrase"),
    [("median", "by the median"), ("mean", "by the mean of their stages"), ("minimum", "by the lowest stage given")],
)
def test_the_aggregation_used_is_stated(tiny, aggregation, phrase):
    assert phrase in method_text(make_report(tiny, aggregation=aggregation))[0]


def test_the_dont_know_rule_is_stated(zero, tiny):
    assert "“Don't know” counts as an answer at the lowest stage, 0." in method_text(make_report(zero))[0]
    assert "“Don't know” counts as unanswered" in method_text(make_report(tiny))[0]


def test_tiers_are_listed_with_their_requirements(zero, tiny):
    rows = tier_rows(make_report(zero))
    assert rows[0] == ["Tier", "Index", "Requirements"]
    assert rows[1][2] == "–"  # the floor asks for nothing
    assert rows[2] == ["Intermediate", "≥ 25", "every indicator at stage 1 or above"]
    assert rows[3][2] == (
        "every pillar at stage 2 or above, Respond at stage 3 or above, Monitoring at stage 3 or above"
    )
    assert "requirements are all met" in method_text(make_report(zero))[1]
    assert [len(row) for row in tier_rows(make_report(tiny))] == [2, 2, 2, 2]  # no requirements: no column
    assert "band of the index" in method_text(make_report(tiny))[1]


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_the_method_is_written_in_each_language(zero, language):
    english = method_text(make_report(zero))
    translated = method_text(make_report(zero, language))
    for ours, theirs in zip(english, translated, strict=True):
        assert ours != theirs
    assert translate("report.tier_requires", language) in tier_rows(make_report(zero, language))[0]


def test_the_pdf_carries_the_method_and_the_requirements(zero):
    pdf = country_report_pdf(make_report(zero))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "the lowest of its answered indicators" in text
    assert "every indicator at stage 1 or above" in text
