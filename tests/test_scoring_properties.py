"""The properties DESIGN.md promises of the scoring rules, checked with hypothesis."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assessment.answers import Answer, Consensus, Respondent, Status, Targets
from assessment.loader import load_questionnaire
from assessment.model import Questionnaire
from assessment.recommend import recommend
from assessment.scoring import Scores, score
from tests.conftest import DATA, NATIONAL, TINY

pytestmark = pytest.mark.slow  # Hypothesis: hundreds of generated assessments per property

AGGREGATIONS = ("median", "mean", "minimum")


def with_rule(q: Questionnaire, rule: str) -> Questionnaire:
    """The same questionnaire with every pillar scored by `rule`."""
    pillars = [p.model_copy(update={"rule": rule}) for p in q.pillars]
    return Questionnaire.model_validate({**dict(q), "pillars": pillars})


BASES = {"tiny": load_questionnaire(TINY).questionnaire, "national": load_questionnaire(NATIONAL).questionnaire}
VARIANTS = [with_rule(q, rule) for q in BASES.values() for rule in ("gate", "median", "mean")]


@st.composite
def answer_for(draw, q: Questionnaire, indicator_id: str) -> Answer | None:
    indicator = q.indicators[indicator_id]
    kind = draw(st.sampled_from(["stage", "stage", "stage", "na", "dk", "none"]))
    evidence = draw(st.sampled_from(["", "", "a report"]))
    if kind == "na":
        return Answer(status=Status.NOT_APPLICABLE)
    if kind == "dk":
        return Answer(status=Status.DONT_KNOW)
    if kind == "none":
        return None
    if indicator.kind == "checklist":
        items = draw(st.sets(st.sampled_from(sorted(indicator.item_ids))))
        return Answer(items=frozenset(items), evidence=evidence)
    return Answer(stage=draw(st.sampled_from(q.scale.values)), evidence=evidence)


@st.composite
def respondent(draw, q: Questionnaire, n: int) -> Respondent:
    answers = {}
    for indicator_id in q.indicators:
        answer = draw(answer_for(q, indicator_id))
        if answer is not None:
            answers[indicator_id] = answer
    group = draw(st.sampled_from([g.id for g in q.stakeholder_groups]))
    return Respondent(f"r{n}", group, answers)


@st.composite
def assessment(draw):
    q = draw(st.sampled_from(VARIANTS))
    count = draw(st.integers(min_value=1, max_value=4))
    respondents = [draw(respondent(q, n)) for n in range(count)]
    return q, respondents, draw(st.sampled_from(AGGREGATIONS))


def numbers(s: Scores) -> tuple:
    """Every score and stage of a result, to compare two results."""
    return (
        s.index,
        tuple((p.stage, p.score) for p in s.pillars),
        tuple((i.stage, i.score, i.status) for i in s.indicators),
    )


def at_least(after: Scores, before: Scores) -> bool:
    def ge(a, b):
        return b is None or (a is not None and a >= b - 1e-9)

    return (
        ge(after.index, before.index)
        and all(
            ge(a.stage, b.stage) and ge(a.score, b.score) for a, b in zip(after.pillars, before.pillars, strict=True)
        )
        and all(ge(a.stage, b.stage) for a, b in zip(after.indicators, before.indicators, strict=True))
    )


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(assessment(), st.data())
def test_raising_an_answer_never_lowers_any_score(case, data):
    q, respondents, method = case
    who = data.draw(st.integers(0, len(respondents) - 1))
    target = respondents[who]
    raisable = [
        i
        for i, a in target.answers.items()
        if a.status is Status.ANSWERED
        and (
            (a.stage is not None and a.stage < q.scale.highest)
            or (a.items is not None and a.items < q.indicators[i].item_ids)
        )
    ]
    assume(raisable)
    indicator_id = data.draw(st.sampled_from(raisable))
    old = target.answers[indicator_id]
    if old.items is not None:
        extra = data.draw(st.sampled_from(sorted(q.indicators[indicator_id].item_ids - old.items)))
        new = dataclasses.replace(old, items=old.items | {extra})
    else:
        new = dataclasses.replace(old, stage=data.draw(st.integers(old.stage + 1, q.scale.highest)))
    raised = dataclasses.replace(target, answers={**target.answers, indicator_id: new})
    after = [raised if r is target else r for r in respondents]
    assert at_least(score(q, after, aggregation=method), score(q, respondents, aggregation=method))


@PROPERTY
@given(assessment())
def test_adding_identical_respondents_changes_nothing(case):
    q, respondents, method = case
    before = score(q, respondents, aggregation=method)
    doubled = respondents + [dataclasses.replace(r, id=r.id + "-copy") for r in respondents]
    after = score(q, doubled, aggregation=method)
    assert numbers(after) == numbers(before)
    assert [(i.spread, dict(i.by_group)) for i in after.indicators] == [
        (i.spread, dict(i.by_group)) for i in before.indicators
    ]


@PROPERTY
@given(assessment(), st.data())
def test_one_copy_of_a_sole_respondent_changes_nothing(case, data):
    q, respondents, method = case
    sole = respondents[:1]
    twin = dataclasses.replace(sole[0], id="twin")
    assert numbers(score(q, [*sole, twin], aggregation=method)) == numbers(score(q, sole, aggregation=method))


@PROPERTY
@given(assessment(), st.data())
def test_not_applicable_changes_only_its_pillar(case, data):
    q, respondents, method = case
    indicator_id = data.draw(st.sampled_from(list(q.indicators)))
    pillar_id = q.pillar_of[indicator_id].id
    na = Answer(status=Status.NOT_APPLICABLE)
    marked = [dataclasses.replace(r, answers={**r.answers, indicator_id: na}) for r in respondents]
    before, after = score(q, respondents, aggregation=method), score(q, marked, aggregation=method)
    for b, a in zip(before.pillars, after.pillars, strict=True):
        if b.pillar_id != pillar_id:
            assert a == b
    b, a = before.pillar(pillar_id), after.pillar(pillar_id)
    was_applicable = before.indicator(indicator_id).status != "not_applicable"
    assert a.applicable == b.applicable - was_applicable
    assert after.indicator(indicator_id).status == "not_applicable"


@PROPERTY
@given(assessment(), st.data())
def test_dont_know_is_the_same_as_no_answer_for_scores(case, data):
    q, respondents, method = case
    indicator_id = data.draw(st.sampled_from(list(q.indicators)))
    dk = Answer(status=Status.DONT_KNOW)
    unsure = [dataclasses.replace(r, answers={**r.answers, indicator_id: dk}) for r in respondents]
    silent = [
        dataclasses.replace(r, answers={k: v for k, v in r.answers.items() if k != indicator_id}) for r in respondents
    ]
    assert numbers(score(q, unsure, aggregation=method)) == numbers(score(q, silent, aggregation=method))


@PROPERTY
@given(assessment())
def test_results_stay_within_bounds(case):
    q, respondents, method = case
    s = score(q, respondents, aggregation=method)
    values = set(q.scale.values)
    assert s.index is None or 0.0 <= s.index <= 100.0
    assert 0.0 <= s.completeness <= 1.0
    assert 0.0 <= s.confidence <= 1.0
    for p in s.pillars:
        assert p.stage is None or p.stage in values
        assert p.score is None or 0.0 <= p.score <= 100.0
    for i in s.indicators:
        assert i.stage is None or i.stage in values
        assert (i.stage is None) == (i.status != "answered")


@PROPERTY
@given(assessment(), st.data())
def test_consensus_always_wins(case, data):
    q, respondents, method = case
    indicator_id = data.draw(st.sampled_from(list(q.indicators)))
    stage = data.draw(st.sampled_from(q.scale.values))
    s = score(q, respondents, {indicator_id: Consensus(stage=stage)}, aggregation=method)
    assert s.indicator(indicator_id).stage == stage


@PROPERTY
@given(assessment(), st.data())
def test_roadmap_is_ordered_and_complete(case, data):
    q, respondents, method = case
    target = data.draw(st.sampled_from(q.scale.values))
    s = score(q, respondents, aggregation=method)
    roadmap = recommend(q, s, Targets(default=target))
    assert [r.rank for r in roadmap] == list(range(1, len(roadmap) + 1))
    phases = [("now", "next", "later").index(r.phase) for r in roadmap]
    assert phases == sorted(phases)
    expected = sum(max(0, target - i.stage) for i in s.indicators if i.stage is not None)
    assert len(roadmap) == expected
    seen: dict[str, int] = {}
    for rec in roadmap:  # each indicator's steps come in stage order, one stage at a time
        assert rec.to_stage == seen.get(rec.indicator_id, rec.current) + 1
        seen[rec.indicator_id] = rec.to_stage
        assert rec.text == q.indicators[rec.indicator_id].recommendations[rec.to_stage].text


@pytest.mark.parametrize("q", VARIANTS, ids=lambda q: f"{q.id}-{q.pillars[0].rule}")
def test_variants_keep_their_rule(q):
    assert len({p.rule for p in q.pillars}) == 1


# --- tiers with minimum stages and "don't know" as the lowest stage (tests/data/zero, 0-4) ----------

ZERO = load_questionnaire(DATA / "zero").questionnaire
ZERO_UNANSWERED = Questionnaire.model_validate(
    {**dict(ZERO), "scoring": ZERO.scoring.model_copy(update={"dont_know": "unanswered"})}
)


@st.composite
def zero_assessment(draw):
    count = draw(st.integers(min_value=1, max_value=3))
    return [draw(respondent(ZERO, n)) for n in range(count)], draw(st.sampled_from(AGGREGATIONS))


def tier_holds(q: Questionnaire, s: Scores, position: int) -> bool:
    """Whether the tier at `position` qualifies, checked on the results directly."""
    tier = q.tiers[position]
    if s.index is None or s.index < tier.min_index:
        return False
    for r in tier.requires:
        if r.every == "indicator" or r.indicator is not None:
            chosen = [i for i in s.indicators if r.indicator in (None, i.indicator_id) and i.status != "not_applicable"]
        else:
            chosen = [p for p in s.pillars if r.pillar in (None, p.pillar_id) and p.applicable]
        if any(x.stage is None or x.stage < r.stage for x in chosen):
            return False
    return True


def tier_position(q: Questionnaire, s: Scores) -> int:
    return -1 if s.tier_id is None else [t.id for t in q.tiers].index(s.tier_id)


@PROPERTY
@given(zero_assessment())
def test_the_tier_is_the_last_whose_index_and_requirements_hold(case):
    respondents, method = case
    s = score(ZERO, respondents, aggregation=method)
    if s.index is None:
        assert s.tier_id is None
        return
    position = tier_position(ZERO, s)
    assert position == 0 or tier_holds(ZERO, s, position)
    assert not any(tier_holds(ZERO, s, later) for later in range(position + 1, len(ZERO.tiers)))


@PROPERTY
@given(zero_assessment(), st.data())
def test_raising_an_answer_never_lowers_the_tier(case, data):
    respondents, method = case
    who = data.draw(st.integers(0, len(respondents) - 1))
    target = respondents[who]
    staged = [i for i, a in target.answers.items() if a.stage is not None and a.stage < ZERO.scale.highest]
    assume(staged)
    indicator_id = data.draw(st.sampled_from(staged))
    old = target.answers[indicator_id]
    new = dataclasses.replace(old, stage=data.draw(st.integers(old.stage + 1, ZERO.scale.highest)))
    raised = dataclasses.replace(target, answers={**target.answers, indicator_id: new})
    after = score(ZERO, [raised if r is target else r for r in respondents], aggregation=method)
    assert tier_position(ZERO, after) >= tier_position(ZERO, score(ZERO, respondents, aggregation=method))


@PROPERTY
@given(zero_assessment())
def test_dont_know_as_lowest_raises_completeness_and_never_the_index(case):
    respondents, method = case
    lowest = score(ZERO, respondents, aggregation=method)
    unanswered = score(ZERO_UNANSWERED, respondents, aggregation=method)
    assert lowest.completeness >= unanswered.completeness
    if lowest.index is not None and unanswered.index is not None:
        assert lowest.index <= unanswered.index + 1e-9
    for a, b in zip(lowest.indicators, unanswered.indicators, strict=True):
        assert b.stage is None or (a.stage is not None and a.stage <= b.stage)
        assert a.stage is None or a.stage in ZERO.scale.values
