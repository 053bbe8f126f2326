"""The format beyond countries: subject, tiers with minimum stages, "don't know" as the lowest
stage, indicators that refuse "not applicable", on the 0-4 questionnaire tests/data/zero."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessment.answers import Answer, Consensus, Respondent, Status, Targets
from assessment.answers_file import parse_answers
from assessment.checks import check_answer, check_consensus
from assessment.errors import AssessmentError, InputError, Problem
from assessment.loader import load_questionnaire
from assessment.model import Questionnaire
from assessment.recommend import recommend
from assessment.scoring import score, tier_of
from tests.conftest import DATA, line_of

ZERO = DATA / "zero"


@pytest.fixture(scope="module")
def zero() -> Questionnaire:
    return load_questionnaire(ZERO).questionnaire


@pytest.fixture
def edited_zero(tmp_path: Path):
    """Copy tests/data/zero, replace `old` by `new` in one file; return the folder and the line of `new`."""

    def edit(file: str, old: str, new: str) -> tuple[Path, int]:
        folder = tmp_path / "zero"
        if not folder.exists():
            shutil.copytree(ZERO, folder)
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
        return folder, line_of(text, new)

    return edit


def only_problem(folder: Path) -> Problem:
    with pytest.raises(InputError) as caught:
        load_questionnaire(folder)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    return problems[0]


def team(**answers: object) -> list[Respondent]:
    """One respondent of group `team`: an int is a stage, a set a checklist's items, a Status a status."""

    def answer(value: object) -> Answer:
        if isinstance(value, Status):
            return Answer(status=value)
        if isinstance(value, (set, frozenset)):
            return Answer(items=frozenset(value))
        return Answer(stage=value)  # type: ignore[arg-type]

    return [Respondent("r1", "team", {k: answer(v) for k, v in answers.items()})]


# --- subject --------------------------------------------------------------------------------


def test_subject_is_read_and_defaults_to_country(zero, tiny):
    assert zero.subject.kind == "csirt"
    assert zero.text(zero.subject.name, "es") == "CSIRT"
    assert not zero.subject_is_country
    assert tiny.subject.kind == "country"
    assert tiny.subject.name is None
    assert tiny.subject_is_country


def test_subject_name_counts_as_a_text_to_translate(edited_zero):
    folder, line = edited_zero("questionnaire.yaml", "name: {en: CSIRT, es: CSIRT}", "name: {en: CSIRT}")
    coverage = load_questionnaire(folder).coverage["es"]
    assert [(p.line, p.path) for p in coverage.missing] == [(line, "subject.name")]


def test_subject_kind_must_be_an_id(edited_zero):
    folder, line = edited_zero("questionnaire.yaml", "kind: csirt", "kind: Big CSIRT")
    problem = only_problem(folder)
    assert (problem.file, problem.line, problem.path) == ("zero/questionnaire.yaml", line, "subject.kind")


# --- tier rules in the loader ---------------------------------------------------------------


def test_tier_requirements_are_read(zero):
    basic, intermediate, advanced = zero.tiers
    assert (basic.min_index, basic.requires) == (0, [])
    assert [(r.every, r.stage) for r in intermediate.requires] == [("indicator", 1)]
    assert [(r.every, r.pillar, r.indicator, r.stage) for r in advanced.requires] == [
        ("pillar", None, None, 2),
        (None, "respond", None, 3),
        (None, None, "d1", 3),
    ]


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ("{pillar: respond, stage: 3}", "{pillar: recover, stage: 3}", "tiers[2].requires[1].pillar", "'recover'"),
        ("{indicator: d1, stage: 3}", "{indicator: d9, stage: 3}", "tiers[2].requires[2].indicator", "'d9'"),
        ("{indicator: d1, stage: 3}", "{indicator: d1, stage: 5}", "tiers[2].requires[2].stage", "not on the scale"),
        (
            "{every: indicator, stage: 1}",
            "{every: indicator, pillar: detect, stage: 1}",
            "tiers[1].requires[0]",
            "exactly one",
        ),
        ("{every: indicator, stage: 1}", "{stage: 1}", "tiers[1].requires[0]", "exactly one"),
        ("{every: indicator, stage: 1}", "{every: item, stage: 1}", "tiers[1].requires[0].every", "'item'"),
        ("{every: indicator, stage: 1}", "{every: indicator}", "tiers[1].requires[0].stage", "'stage' is missing"),
    ],
)
def test_bad_requirements_are_refused_with_file_line_and_path(edited_zero, old, new, path, message):
    folder, line = edited_zero("questionnaire.yaml", old, new)
    problem = only_problem(folder)
    assert (problem.file, problem.line, problem.path) == ("zero/questionnaire.yaml", line, path)
    assert message in problem.message


def test_the_first_tier_is_the_floor_without_requirements(edited_zero):
    folder, line = edited_zero(
        "questionnaire.yaml",
        "- {id: basic, name: {en: Basic, es: Básico}}",
        "- {id: basic, name: {en: Basic, es: Básico}, requires: [{every: pillar, stage: 1}]}",
    )
    problem = only_problem(folder)
    assert (problem.line, problem.path) == (line, "tiers[0].requires")
    assert "floor" in problem.message


def test_min_index_may_repeat_but_not_decrease(edited_zero):
    folder, line = edited_zero(
        "questionnaire.yaml",
        "    min_index: 25\n    requires:\n      - {every: pillar",
        "    min_index: 20\n    requires:\n      - {every: pillar",
    )
    problem = only_problem(folder)
    assert (problem.line, problem.path) == (line, "tiers[2].min_index")
    assert "may not decrease" in problem.message


# --- tier selection -------------------------------------------------------------------------

# Scores on 0-4 are stage/4 × 100. detect: mean rule over d1 and the checklist d2; respond: gate.
# Tiers: basic (floor); intermediate: index ≥ 25 and every indicator ≥ 1; advanced: index ≥ 25,
# every pillar ≥ 2, respond ≥ 3 and d1 ≥ 3.


def test_every_requirement_met_gives_the_highest_tier(zero):
    # detect floor((3+2)/2) = 2, score (75+50)/2 = 62.5; respond min(3,3) = 3, score 75; index 68.75
    s = score(zero, team(d1=3, d2={"t1", "t2"}, r1=3, r2=3))
    assert s.index == pytest.approx(68.75)
    assert [p.stage for p in s.pillars] == [2, 3]
    assert s.tier_id == "advanced"
    assert tier_of(zero, s).id == "advanced"


def test_one_requirement_short_falls_to_the_tier_below(zero):
    # d1 at 2 misses advanced's "d1 ≥ 3"; every indicator is ≥ 1, so intermediate
    s = score(zero, team(d1=2, d2={"t1", "t2"}, r1=3, r2=3))
    assert s.index == pytest.approx(62.5)
    assert s.tier_id == "intermediate"


def test_the_last_listed_tier_whose_rules_hold_wins(zero):
    # d2 with nothing met is stage 0: intermediate ("every indicator ≥ 1") fails, advanced holds
    # (detect floor((4+0)/2) = 2, respond 3, d1 4)
    s = score(zero, team(d1=4, d2=set(), r1=3, r2=4))
    assert [p.stage for p in s.pillars] == [2, 3]
    assert s.tier_id == "advanced"


def test_min_index_still_applies_and_the_floor_is_reached_by_any_index(zero):
    # every indicator at stage 1: index 25, intermediate; then at 0: index 0, the floor
    assert score(zero, team(d1=1, d2={"t1"}, r1=1, r2=1)).tier_id == "intermediate"
    s = score(zero, team(d1=0, d2=set(), r1=0, r2=0))
    assert (s.index, s.tier_id) == (0.0, "basic")


def test_an_unanswered_indicator_does_not_meet_a_requirement(zero):
    # r2 unanswered: respond is min(3) = 3 from r1 alone, but "every indicator ≥ 1" fails for r2
    s = score(zero, team(d1=4, d2={"t1", "t2"}, r1=3))
    assert s.indicator("r2").status == "unanswered"
    assert s.tier_id == "advanced"  # advanced asks nothing of r2 itself
    s = score(zero, team(d1=2, d2={"t1", "t2"}, r1=3))
    assert s.tier_id == "basic"  # intermediate needs r2 ≥ 1; advanced needs d1 ≥ 3


def test_not_applicable_indicators_are_left_out_of_every_indicator(zero):
    s = score(zero, team(d1=2, d2=Status.NOT_APPLICABLE, r1=3, r2=3))
    assert s.indicator("d2").status == "not_applicable"
    assert s.tier_id == "intermediate"


def test_no_index_no_tier(zero):
    s = score(zero, [])
    assert (s.index, s.tier_id, tier_of(zero, s)) == (None, None, None)


def test_tiers_without_requirements_still_follow_the_index(tiny):
    def one(stage: int) -> list[Respondent]:
        return [Respondent("r", "gov", {i: Answer(stage=stage) for i in ("a1", "a2", "a4", "b1")})]

    # tiny: low from 0, mid from 40, high from 70; all at stage s gives index s × 25
    assert [score(tiny, one(s)).tier_id for s in range(5)] == ["low", "low", "mid", "high", "high"]


# --- "don't know" ---------------------------------------------------------------------------


def test_dont_know_as_lowest_is_an_answer_at_stage_zero(zero):
    s = score(zero, team(d1=3, d2={"t1", "t2"}, r1=3, r2=Status.DONT_KNOW))
    r2 = s.indicator("r2")
    assert (r2.status, r2.stage, r2.score) == ("answered", 0, 0.0)
    assert s.completeness == 1.0
    assert s.pillar("respond").stage == 0  # gate: the lowest indicator
    # detect 62.5, respond (75 + 0)/2 = 37.5
    assert s.index == pytest.approx(50.0)
    assert s.tier_id == "basic"  # r2 at 0 fails both "every indicator ≥ 1" and "every pillar ≥ 2"


def test_dont_know_as_lowest_on_a_checklist(zero):
    s = score(zero, team(d1=3, d2=Status.DONT_KNOW, r1=3, r2=3))
    d2 = s.indicator("d2")
    assert (d2.stage, d2.coverage) == (0, 0.0)


def test_dont_know_as_unanswered_is_todays_rule(zero, edited_zero):
    folder, _ = edited_zero("questionnaire.yaml", "dont_know: lowest", "dont_know: unanswered")
    unanswered = load_questionnaire(folder).questionnaire
    answers = team(d1=3, d2={"t1", "t2"}, r1=3, r2=Status.DONT_KNOW)
    s = score(unanswered, answers)
    assert (s.indicator("r2").status, s.indicator("r2").stage) == ("unanswered", None)
    assert s.completeness == 0.75
    assert s.pillar("respond").stage == 3
    assert s.index == pytest.approx(68.75)
    assert s.index != score(zero, answers).index


def test_dont_know_defaults_to_unanswered(tiny):
    assert tiny.scoring.dont_know == "unanswered"


# --- "not applicable" refused ---------------------------------------------------------------

HEADER = "questionnaire: zero\nrespondents:\n  - id: r1\n    group: team\n    answers:\n"


@pytest.mark.parametrize("answer", ["n/a", "not_applicable", "{status: not_applicable}"])
def test_answers_file_refuses_not_applicable_where_not_allowed(zero, answer):
    text = HEADER + f"      d1: {answer}\n"
    with pytest.raises(InputError) as caught:
        parse_answers(text, zero, "a.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (6, "respondents[0].answers.d1")
    assert "'d1' does not allow 'not applicable'" in problem.message


def test_answers_file_still_allows_not_applicable_elsewhere_and_quoted_question_mark(zero):
    data = parse_answers(HEADER + '      d2: n/a\n      d1: "?"\n', zero, "a.yaml")
    answers = data.respondents[0].answers
    assert answers["d2"].status is Status.NOT_APPLICABLE
    assert answers["d1"].status is Status.DONT_KNOW


def test_answers_file_refuses_a_consensus_of_not_applicable_where_not_allowed(zero):
    text = "questionnaire: zero\nconsensus:\n  d1: {status: not_applicable}\n  d2: {status: not_applicable}\n"
    with pytest.raises(InputError) as caught:
        parse_answers(text, zero, "a.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (3, "consensus.d1")


def test_store_checks_refuse_not_applicable_where_not_allowed(zero):
    with pytest.raises(AssessmentError) as caught:
        check_answer(zero, "d1", "team", Answer(status=Status.NOT_APPLICABLE))
    assert caught.value.key == "error.not_applicable_refused"
    with pytest.raises(AssessmentError):
        check_consensus(zero, "d1", Consensus(not_applicable=True))
    check_answer(zero, "d2", "team", Answer(status=Status.NOT_APPLICABLE))
    check_consensus(zero, "d2", Consensus(not_applicable=True))


def test_scoring_treats_a_refused_not_applicable_as_unanswered(zero):
    s = score(zero, team(d1=Status.NOT_APPLICABLE, d2={"t1"}), {"d1": Consensus(not_applicable=True)})
    d1 = s.indicator("d1")
    assert (d1.status, d1.stage, d1.from_consensus) == ("unanswered", None, False)
    assert s.pillar("detect").applicable == 2


# --- a 0-4 scale end to end -----------------------------------------------------------------


def test_recommendations_start_above_stage_zero(zero):
    s = score(zero, team(d1=0, d2=set(), r1=1, r2=Status.DONT_KNOW))
    roadmap = recommend(zero, s, Targets(default=2))
    steps = sorted((r.indicator_id, r.current, r.to_stage) for r in roadmap)
    assert steps == [("d1", 0, 1), ("d1", 0, 2), ("d2", 0, 1), ("d2", 0, 2), ("r1", 1, 2), ("r2", 0, 1), ("r2", 0, 2)]
    assert {zero.text(r.text, "en") for r in roadmap if r.indicator_id == "d2"} == {"Get tool one.", "Get tool two."}


@pytest.mark.parametrize(
    ("rule", "said"), [("unanswered", "(counts as unanswered)"), ("lowest", "(counts as the lowest stage)")]
)
def test_the_answer_page_says_what_dont_know_counts_as(rule, said):
    from assessment.web.answer import progress_text

    english = progress_text("answer.progress", 3, 2, 4, "en", rule=rule)
    assert english.endswith(f"“Don't know”: 2 {said}")
    for lang in ("es", "pt", "fr"):
        assert progress_text("answer.progress", 3, 2, 4, lang, rule=rule) != english
