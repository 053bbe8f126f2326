"""The charts said in words (assessment.charts.summary): every value of every series, in the language's way."""

from __future__ import annotations

import pytest

from assessment.charts.data import Series
from assessment.charts.summary import chart_summary
from assessment.formatting import format_score
from assessment.i18n import translate

AXES = ["Strategy", "Incident response", "Skills"]
SERIES = [Series("Current", [45.0, 30.25, None]), Series("Target", [75.0, 75.0, 50.0], dashed=True)]


def test_each_series_gives_its_value_on_each_axis_in_order():
    said = chart_summary(AXES, SERIES, "en")
    assert said == (
        "Scores out of 100. Current: Strategy 45.0, Incident response 30.2, and Skills no score. "
        "Target: Strategy 75.0, Incident response 75.0, and Skills 50.0."
    )


@pytest.mark.parametrize(
    ("lang", "current"),
    [
        ("es", "Current: Strategy 45.0, Incident response 30.2 y Skills sin puntuación."),
        ("pt", "Current: Strategy 45,0, Incident response 30,2 e Skills sem pontuação."),
        ("fr", "Current : Strategy 45,0, Incident response 30,2 et Skills sans score."),
    ],
)
def test_figures_words_and_lists_follow_the_language(lang, current):
    said = chart_summary(AXES, SERIES, lang)
    assert said.startswith(translate("chart.summary_intro", lang) + " ")
    assert current in said
    assert format_score(75.0, lang) in said
    assert "no score" not in said


def test_a_value_changed_on_the_chart_changes_the_words():
    before = chart_summary(AXES, SERIES, "en")
    after = chart_summary(AXES, [Series("Current", [45.0, 62.5, None]), SERIES[1]], "en")
    assert "Incident response 30.2" in before
    assert "Incident response 62.5" in after
    assert "Incident response 30.2" not in after


def test_names_come_back_as_given_and_lengths_must_agree():
    said = chart_summary(["A *b* <i>"], [Series("Luis_1", [10.0])], "en")
    assert said == "Scores out of 100. Luis_1: A *b* <i> 10.0."  # plain text: the page escapes it
    with pytest.raises(ValueError, match="zip"):
        chart_summary(AXES, [Series("Short", [1.0])], "en")
    assert chart_summary(AXES, [], "en") == "Scores out of 100."
