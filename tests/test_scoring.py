"""Scoring on the tiny questionnaire, computed by hand (see the comments), and its edge cases."""

from __future__ import annotations

import pytest

from assessment.answers import Answer, Consensus, Respondent, Status
from assessment.answers_file import load_answers
from assessment.consensus import combine, spread
from assessment.scoring import checklist_stage, pillar_stage, score, score_by_group
from tests.conftest import DATA


@pytest.fixture
def data(tiny):
    return load_answers(DATA / "tiny-answers.yaml", tiny)


# r1 (gov): a1=2, a2=3, a3 items x1 x2 y2 w4 (gate stops at z3: stage 2, coverage 4/5), b1=4 with evidence, b2 n/a
# r2 (civ): a1=4 with a link, a2 don't know, a3 item x1 (stage 1, coverage 1/5), b1=1, b2 n/a
# Median (lower): a1 [2,4]→2, a2 [3]→3, a3 [1,2]→1, b1 [1,4]→1, b2 n/a, a4 unanswered.
# Scores on the 0-4 scale: stage/4×100 → a1 50, a2 75, a3 25, b1 25.
# alpha (mean rule; weights a1 1, a2 3, a3 1): stage floor((2+9+1)/5)=2, score (50+225+25)/5 = 60.
# beta (gate rule): b1 only → stage 1, score 25.
# index (alpha weight 2, beta 1) = (120+25)/3 = 48.33 → tier "mid" (from 40).


def test_hand_computed_results(tiny, data):
    s = score(tiny, data.respondents)
    assert [(i.indicator_id, i.status, i.stage) for i in s.indicators] == [
        ("a1", "answered", 2),
        ("a2", "answered", 3),
        ("a3", "answered", 1),
        ("a4", "unanswered", None),
        ("b1", "answered", 1),
        ("b2", "not_applicable", None),
    ]
    assert [i.score for i in s.indicators] == [50.0, 75.0, 25.0, None, 25.0, None]
    alpha, beta = s.pillars
    assert (alpha.stage, alpha.score, alpha.answered, alpha.applicable) == (2, 60.0, 3, 4)
    assert (beta.stage, beta.score, beta.answered, beta.applicable) == (1, 25.0, 1, 1)
    assert s.index == pytest.approx(145 / 3)
    assert s.tier_id == "mid"
    assert s.completeness == pytest.approx(4 / 5)
    assert s.confidence == pytest.approx(2 / 4)  # a1 (r2's link) and b1 (r1's evidence)


def test_spread_divergence_and_groups(tiny, data):
    s = score(tiny, data.respondents)
    a1, a3, b1 = s.indicator("a1"), s.indicator("a3"), s.indicator("b1")
    assert (a1.spread, a1.divergent, dict(a1.by_group)) == (2, True, {"gov": 2, "civ": 4})
    assert (a3.spread, a3.divergent) == (1, False)
    assert (b1.spread, b1.divergent) == (3, True)
    assert [i.indicator_id for i in s.divergent()] == ["a1", "b1"]
    assert a3.coverage == pytest.approx((4 / 5 + 1 / 5) / 2)


@pytest.mark.parametrize(
    ("method", "stages", "index"),
    [
        # mean: a1 3, a2 3, a3 floor(1.5)=1, b1 floor(2.5)=2 → alpha (75+225+25)/5=65, beta 50 → (130+50)/3
        ("mean", {"a1": 3, "a2": 3, "a3": 1, "b1": 2}, 60.0),
        # minimum: a1 2, a2 3, a3 1, b1 1 → same as the median here
        ("minimum", {"a1": 2, "a2": 3, "a3": 1, "b1": 1}, 145 / 3),
    ],
)
def test_other_aggregations(tiny, data, method, stages, index):
    s = score(tiny, data.respondents, aggregation=method)
    assert {i: s.indicator(i).stage for i in stages} == stages
    assert s.index == pytest.approx(index)
    assert s.aggregation == method


def test_consensus_overrides_the_aggregate(tiny, data):
    settled = {"a1": Consensus(stage=3, rationale="agreed"), "b2": Consensus(stage=2)}
    s = score(tiny, data.respondents, settled)
    assert (s.indicator("a1").stage, s.indicator("a1").from_consensus) == (3, True)
    # alpha: floor((3+9+1)/5)=2, (75+225+25)/5=65; beta: b2 now counts, gate min(1,2)=1, (25+50)/2=37.5
    assert (s.pillar("alpha").stage, s.pillar("alpha").score) == (2, 65.0)
    assert (s.pillar("beta").stage, s.pillar("beta").score, s.pillar("beta").applicable) == (1, 37.5, 2)
    assert s.index == pytest.approx((130 + 37.5) / 3)
    assert s.indicator("a1").spread == 2  # the respondents still disagree: the spread stays visible


def test_consensus_can_settle_not_applicable(tiny, data):
    s = score(tiny, data.respondents, {"a1": Consensus(not_applicable=True)})
    assert s.indicator("a1").status == "not_applicable"
    assert s.pillar("alpha").applicable == 3


def test_no_answers_at_all(tiny):
    s = score(tiny, [])
    assert s.index is None
    assert s.tier_id is None
    assert all(p.stage is None and p.score is None for p in s.pillars)
    assert s.completeness == 0.0
    assert s.confidence == 0.0


def test_dont_know_lowers_completeness_never_the_score(tiny):
    answered = Respondent("r", "gov", {"a1": Answer(stage=4), "a2": Answer(stage=2)})
    unsure = Respondent("r", "gov", {"a1": Answer(stage=4), "a2": Answer(status=Status.DONT_KNOW)})
    full, partial = score(tiny, [answered]), score(tiny, [unsure])
    assert partial.pillar("alpha").score == 100.0  # a1 alone
    assert partial.completeness < full.completeness
    assert partial.indicator("a2").status == "unanswered"


def test_checklist_gate_and_coverage(tiny):
    a3 = tiny.indicators["a3"]
    assert checklist_stage(a3, [], 0) == (0, 0.0)
    assert checklist_stage(a3, ["x2", "y2", "z3", "w4"], 0) == (0, 0.8)  # stage 1's item missing: gate holds
    assert checklist_stage(a3, ["x1", "x2"], 0) == (1, 0.4)
    assert checklist_stage(a3, ["x1", "x2", "y2", "z3", "w4"], 0) == (4, 1.0)
    assert checklist_stage(a3, ["x1", "unknown"], 0) == (1, 0.2)


def test_pillar_rules():
    assert pillar_stage("gate", [3, 1, 4], [1, 1, 1]) == 1
    assert pillar_stage("median", [3, 1, 4, 2], [1, 1, 1, 1]) == 2
    assert pillar_stage("mean", [3, 1, 4], [1, 1, 1]) == 2
    assert pillar_stage("mean", [2, 3], [1, 2]) == 2  # 8/3 rounded down
    assert pillar_stage("mean", [3, 3, 3], [0.1, 0.1, 0.1]) == 3  # no float drift below 3


def test_combine_and_spread():
    assert combine([1, 5], "median") == 1
    assert combine([1, 3, 5], "median") == 3
    assert combine([2, 3], "mean") == 2
    assert combine([4, 2, 3], "minimum") == 2
    assert spread([2, 5, 3]) == 3
    assert spread([]) == 0
    with pytest.raises(ValueError, match="unknown aggregation"):
        combine([1], "mode")  # type: ignore[arg-type]


def test_scores_by_stakeholder_group(tiny, data):
    groups = score_by_group(tiny, data.respondents)
    assert list(groups) == ["gov", "civ"]
    assert groups["gov"].indicator("a1").stage == 2
    assert groups["civ"].indicator("b1").stage == 1
    assert groups["civ"].indicator("a2").status == "unanswered"


def test_frames_and_dict(tiny, data):
    s = score(tiny, data.respondents)
    indicators = s.to_frame()
    assert list(indicators["indicator_id"]) == ["a1", "a2", "a3", "a4", "b1", "b2"]
    assert indicators.loc[indicators.indicator_id == "a1", "by_group"].item() == {"gov": 2, "civ": 4}
    pillars = s.to_frame("pillars")
    assert list(pillars["score"]) == [60.0, 25.0]
    assert list(pillars["completeness"]) == [0.75, 1.0]
    as_dict = s.to_dict()
    assert as_dict["index"] == 48.33
    assert as_dict["tier"] == "mid"
    assert [p["stage"] for p in as_dict["pillars"]] == [2, 1]


def test_national_scale_scores(national):
    first = national.pillars[0]
    everyone_at_top = Respondent(
        "r",
        "government",
        {
            i.id: Answer(items=i.item_ids) if i.kind == "checklist" else Answer(stage=5)
            for p in national.pillars
            for i in p.indicators
        },
    )
    s = score(national, [everyone_at_top])
    assert s.index == 100.0
    assert s.tier_id == "leading"
    assert s.pillar(first.id).stage == 5
