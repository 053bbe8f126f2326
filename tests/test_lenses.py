"""Framework lenses: the assessment's indicators aggregated through CMM, GCI, NCAF and NCSI elements."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.answers import Answer, Respondent, Status
from assessment.lenses import lens, lens_frame, lens_frameworks, lenses
from assessment.loader import load_questionnaire
from assessment.model import Questionnaire
from assessment.scoring import score

from .conftest import NATIONAL_2


@cache
def q2() -> Questionnaire:
    return load_questionnaire(NATIONAL_2).questionnaire


def answering(stages: dict[str, int], **others: Answer) -> list[Respondent]:
    answers = {i: Answer(stage=s) if q2().indicators[i].kind == "stages" else Answer(items=frozenset())
               for i, s in stages.items()}  # fmt: skip
    return [Respondent("r1", "government", {**answers, **others})]


def staged_ids() -> list[str]:
    return [i.id for i in q2().indicators.values() if i.kind == "stages"]


def mapped_to(q: Questionnaire, framework: str, code: str) -> list[str]:
    """Indicators mapped to `code` or to an element below it, computed from the catalog by hand."""
    codes = q.framework_catalogs[framework].codes

    def under(c: str | None) -> bool:
        while c is not None:
            if c == code:
                return True
            c = codes[c].parent
        return False

    return [i.id for i in q.indicators.values() if any(under(c) for c in getattr(i.mappings, framework))]


def test_the_national_questionnaire_offers_the_four_lenses_with_named_elements():
    q = q2()
    assert {"cmm", "gci", "ncaf", "ncsi"} <= set(lens_frameworks(q))
    frame = lens_frame(lens(q, score(q, []), "cmm"), "es")
    assert frame.loc[frame["element"] == "D1", "name"].item() == "Política y estrategia de ciberseguridad"
    assert set(frame["depth"]) == {0, 1}


@pytest.mark.parametrize("framework", ["cmm", "gci", "ncaf", "ncsi"])
def test_an_element_score_is_the_weighted_mean_of_the_indicators_mapped_to_it_or_below(framework):
    q = q2()
    ids = staged_ids()
    stages = {i: q.scale.lowest + n % len(q.scale.stages) for n, i in enumerate(ids)}
    scores = score(q, answering(stages))
    seen = lens(q, scores, framework)
    for element in seen.elements:
        feeding = mapped_to(q, framework, element.code)
        assert list(element.indicators) == feeding
        answered = [scores.indicator(i) for i in feeding if scores.indicator(i).stage is not None]
        if not answered:
            assert element.score is None
            assert element.stage is None
            continue
        expected = sum(r.score * r.weight for r in answered) / sum(r.weight for r in answered)
        assert element.score == pytest.approx(expected)
        assert min(r.stage for r in answered) <= element.stage <= max(r.stage for r in answered)


def test_an_element_no_indicator_maps_to_is_not_covered_and_never_scored_zero():
    q = q2()
    everything_low = score(q, answering(dict.fromkeys(staged_ids(), q.scale.lowest)))
    ncsi = lens(q, everything_low, "ncsi")
    uncovered = [e for e in ncsi.elements if not e.covered]
    assert uncovered, "the national questionnaire leaves some NCSI indicators out"
    for element in uncovered:
        assert element.score is None
        assert element.stage is None
        assert element.coverage is None
    frame = lens_frame(ncsi, "en")
    assert frame.loc[~frame["covered"], "score"].isna().all()


def test_coverage_counts_the_mapped_indicators_with_a_stage_and_leaves_not_applicable_out():
    q = q2()
    element = next(e for e in lens(q, score(q, []), "cmm").elements if len(e.indicators) >= 3)
    first, second, *_ = element.indicators
    scores = score(q, answering({first: 3}, **{second: Answer(status=Status.NOT_APPLICABLE)}))
    seen = lens(q, scores, "cmm").element(element.code)
    assert seen.applicable == len(element.indicators) - 1
    assert seen.answered == 1
    assert seen.coverage == pytest.approx(1 / (len(element.indicators) - 1))


def test_the_lens_score_is_the_mean_of_its_scored_top_elements():
    q = q2()
    scores = score(q, answering(dict.fromkeys(staged_ids()[:20], 4)))
    gci = lens(q, scores, "gci")
    top = [e.score for e in gci.top if e.score is not None]
    assert gci.score == pytest.approx(sum(top) / len(top))
    assert gci.top_covered == (len(top), 5)


def test_no_answers_give_no_lens_score():
    q = q2()
    for seen in lenses(q, score(q, [])):
        assert seen.score is None
        assert all(e.score is None for e in seen.elements)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_raising_an_answer_never_lowers_a_lens_score(data):
    q = q2()
    ids = staged_ids()
    stages = {i: data.draw(st.integers(q.scale.lowest, q.scale.highest - 1)) for i in ids[:30]}
    raised_id = data.draw(st.sampled_from(sorted(stages)))
    before = score(q, answering(stages))
    after = score(q, answering({**stages, raised_id: stages[raised_id] + 1}))
    for framework in lens_frameworks(q):
        for old, new in zip(lens(q, before, framework).elements, lens(q, after, framework).elements, strict=True):
            if old.score is not None:
                assert new.score >= old.score - 1e-9
                assert new.stage >= old.stage


def test_an_index_from_too_few_answers_is_provisional():
    from assessment.scoring import is_provisional

    q = q2()
    ids = staged_ids()
    few = score(q, answering(dict.fromkeys(ids[:10], 3)))
    most = score(q, answering(dict.fromkeys(ids, 3)))
    assert few.completeness < q.scoring.provisional_below <= most.completeness
    assert is_provisional(q, few)
    assert not is_provisional(q, most)
    assert not is_provisional(q, score(q, []))  # no index, nothing to mark


def test_the_long_csv_carries_every_lens_element_and_leaves_uncovered_ones_unscored():
    import csv
    import io
    from datetime import UTC, datetime

    from assessment.answers import Targets
    from assessment.exchange.tabular import long_csv
    from assessment.scored import scored_assessment
    from assessment.store import AssessmentInfo

    q = q2()
    info = AssessmentInfo(1, "CR", "2026", q.id, q.version, "en", "open", datetime.now(UTC))
    tables = [scored_assessment(info, q, answering(dict.fromkeys(staged_ids(), 3)), {}, Targets())]
    machine = long_csv(tables, "es", machine_headers=True)
    rows = [r for r in csv.DictReader(io.StringIO(machine)) if r["level"] == "lens"]
    expected = sum(len(q.framework_catalogs[f].elements) for f in lens_frameworks(q))
    assert len(rows) == expected
    d1 = next(r for r in rows if (r["framework"], r["element"]) == ("cmm", "D1"))
    assert d1["name"] == "Política y estrategia de ciberseguridad"
    expected = lens(q, score(q, answering(dict.fromkeys(staged_ids(), 3))), "cmm").element("D1").score
    assert float(d1["score"]) == pytest.approx(expected)
    assert d1["stage"] == "3"
    uncovered = [r for r in rows if r["covered"] == "False"]
    assert uncovered
    assert all(r["score"] == "" and r["stage"] == "" for r in uncovered)


@pytest.mark.parametrize(
    ("instrument", "expected"),
    [("ITU GCI", True), ("GCI 2024", True), ("Global Cybersecurity Index", True),
     ("Índice Global de Ciberseguridad", True), ("Indice mondial de cybersécurité", True), ("NCSI", False),
     ("Logic index", False)],
)  # fmt: skip
def test_a_published_gci_score_is_recognised_by_its_name(instrument, expected):
    from assessment.compare import is_gci

    assert is_gci(instrument) is expected
