"""Comparison tables on the tiny questionnaire, computed by hand."""

from __future__ import annotations

import pytest

from assessment.answers import Answer, Respondent
from assessment.compare import Compared, heatmap, latest_per_country, peer_group_stats, pillar_scores, ranking, trends
from assessment.errors import AssessmentError
from assessment.scoring import score


def assessed(tiny, n: int, country: str, round_label: str, stages: dict[str, int]) -> Compared:
    answers = {k: Answer(stage=v) for k, v in stages.items()}
    return Compared(n, country, round_label, score(tiny, [Respondent("r", "gov", answers)]))


@pytest.fixture
def items(tiny):
    # 0-4 scale; alpha weights a1 1, a2 3 (a3 checklist, a4 unanswered); beta = gate; index weights alpha 2, beta 1.
    return [
        # alpha (4·1 + 4·3)/4 stages → score (100+300)/4 = 100; beta b1 2 → 50; index (200+50)/3 = 83.33
        assessed(tiny, 1, "CR", "2024", {"a1": 4, "a2": 4, "b1": 2}),
        # alpha (0 + 2·3)/4 → scores (0 + 150)/4 = 37.5; beta 100 → index (75+100)/3 = 58.33
        assessed(tiny, 2, "PA", "2024", {"a1": 0, "a2": 2, "b1": 4}),
        # alpha 25·1+25·3 → 25; beta: no answer → index 25 (alpha only)
        assessed(tiny, 3, "CR", "2022", {"a1": 1, "a2": 1}),
    ]


def test_pillar_scores(tiny, items):
    frame = pillar_scores(tiny, items, "en")
    assert frame.loc[frame.assessment == "Costa Rica · 2024", "score"].tolist() == [100.0, 50.0]
    assert frame.loc[frame.assessment == "Panama · 2024", "score"].tolist() == [37.5, 100.0]
    assert frame.loc[frame.assessment == "Costa Rica · 2022", "stage"].tolist()[0] == 1


def test_ranking_by_index_and_by_pillar(tiny, items):
    frame = ranking(tiny, items, "en")
    assert frame["assessment"].tolist() == ["Costa Rica · 2024", "Panama · 2024", "Costa Rica · 2022"]
    assert frame["index"].round(2).tolist() == [83.33, 58.33, 25.0]
    assert frame["rank"].tolist() == [1, 2, 3]
    assert frame["tier"].tolist() == ["High", "Middle", "Low"]
    assert frame["rank beta"].tolist()[:2] == [2, 1]
    assert frame["rank beta"].isna().tolist() == [False, False, True]


def test_heatmap_of_stages(tiny, items):
    frame = heatmap(tiny, items, "es")
    assert list(frame.columns) == ["Costa Rica · 2024", "Panamá · 2024", "Costa Rica · 2022"]
    assert list(frame.index)[:2] == ["A uno", "A dos"]
    assert frame.loc["A uno"].tolist() == [4, 0, 1]
    assert frame.loc["A cuatro"].isna().all()


def test_peer_group_uses_each_countrys_latest_round(tiny, items):
    latest = latest_per_country(items)
    assert sorted((c.country, c.round) for c in latest) == [("CR", "2024"), ("PA", "2024")]
    stats = peer_group_stats(tiny, latest).set_index("measure")
    assert stats.loc["index", "mean"] == pytest.approx((250 / 3 + 175 / 3) / 2)
    assert stats.loc["alpha", "median"] == pytest.approx((100 + 37.5) / 2)
    assert stats.loc["beta", "n"] == 2


def test_trends_of_one_country(tiny, items):
    frame = trends(tiny, items, "CR", "en")
    index = frame[frame.measure == "index"]
    assert index["round"].tolist() == ["2022", "2024"]
    assert index["score"].round(2).tolist() == [25.0, 83.33]


def test_only_one_questionnaire_at_a_time(tiny, national, items):
    other = Compared(9, "CR", "2024", score(national, []))
    with pytest.raises(AssessmentError, match="only assessments of questionnaire 'tiny'"):
        ranking(tiny, [*items, other], "en")
