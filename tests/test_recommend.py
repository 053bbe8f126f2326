"""The roadmap on the tiny questionnaire, computed by hand."""

from __future__ import annotations

import pytest

from assessment.answers import Targets
from assessment.answers_file import load_answers
from assessment.recommend import indicator_gaps, pillar_gaps, recommend, recommendations_frame
from assessment.scoring import score
from tests.conftest import DATA


@pytest.fixture
def scores(tiny):
    return score(tiny, load_answers(DATA / "tiny-answers.yaml", tiny).respondents)


def test_hand_computed_roadmap(tiny, scores):
    # Stages: a1 2, a2 3, a3 1, b1 1; target 3 everywhere.
    # Index points per stage: a1, a3: 100/4 × (1/5 of alpha) × (2/3 of the index) = 3.33; b1: 25 × 1 × 1/3 = 8.33.
    # Now: the gap-2 steps first (b1 gains more than a3), then a1's gap-1 step; next: b1, a3 to stage 3.
    roadmap = recommend(tiny, scores, Targets(default=3))
    assert [(r.rank, r.phase, r.indicator_id, r.current, r.to_stage) for r in roadmap] == [
        (1, "now", "b1", 1, 2),
        (2, "now", "a3", 1, 2),
        (3, "now", "a1", 2, 3),
        (4, "next", "b1", 1, 3),
        (5, "next", "a3", 1, 3),
    ]
    assert roadmap[0].gain == pytest.approx(25 / 3)
    assert roadmap[1].gain == pytest.approx(25 * (1 / 5) * (2 / 3))
    assert roadmap[0].text["en"] == "Do B1 step 2."
    assert (roadmap[3].step, roadmap[3].gap) == (2, 2)


def test_targets_per_pillar_and_indicator_win_over_the_default(tiny, scores):
    targets = Targets(default=2, pillars={"beta": 4}, indicators={"a3": 1})
    roadmap = recommend(tiny, scores, targets)
    assert [(r.indicator_id, r.to_stage, r.phase) for r in roadmap] == [
        ("b1", 2, "now"),
        ("b1", 3, "next"),
        ("b1", 4, "later"),
    ]


def test_nothing_to_do_at_target(tiny, scores):
    assert recommend(tiny, scores, Targets(default=1)) == []
    assert recommend(tiny, scores, Targets()) == []


def test_gaps(tiny, scores):
    targets = Targets(default=3)
    gaps = {g.indicator_id: g.gap for g in indicator_gaps(tiny, scores, targets)}
    assert gaps == {"a1": 1, "a2": 0, "a3": 2, "b1": 2}
    assert [(g.pillar_id, g.current, g.gap) for g in pillar_gaps(scores, targets)] == [("alpha", 2, 1), ("beta", 1, 2)]


def test_frame_in_spanish(tiny, scores):
    frame = recommendations_frame(tiny, recommend(tiny, scores, Targets(default=3)), "es")
    assert list(frame["text"])[:2] == ["Haga el paso 2 de B1.", "Haga el paso 2 de A3."]
    assert frame["indicator"].iloc[0] == "B uno"
