"""The answers file: shorthands, and every mistake refused with its line."""

from __future__ import annotations

import pytest

from assessment.answers import Status
from assessment.answers_file import load_answers, parse_answers
from assessment.errors import InputError
from assessment.loader import load_questionnaire
from tests.conftest import DATA, ROOT, line_of

HEADER = "questionnaire: tiny\nrespondents:\n  - id: r1\n    group: gov\n    answers:\n"


def problems(tiny, text: str):
    with pytest.raises(InputError) as caught:
        parse_answers(text, tiny, "a.yaml")
    return caught.value.problems


def test_shorthands_and_full_form(tiny):
    data = load_answers(DATA / "tiny-answers.yaml", tiny)
    r1, r2 = data.respondents
    assert r1.answers["a1"].stage == 2
    assert r1.answers["b2"].status is Status.NOT_APPLICABLE
    assert r2.answers["a2"].status is Status.DONT_KNOW
    assert r1.answers["a3"].items == frozenset({"x1", "x2", "y2", "w4"})
    assert r1.answers["b1"].evidence == "The B1 report."
    assert r2.answers["a1"].links == ("https://example.org/a1",)
    assert data.targets.default == 3
    assert (data.country, data.round) == ("Testland", "2026")


def test_json_is_accepted(tiny):
    text = '{"questionnaire": "tiny", "respondents": [{"id": "r", "group": "civ", "answers": {"a1": 3, "b2": "?"}}]}'
    data = parse_answers(text, tiny, "a.json")
    assert data.respondents[0].answers["a1"].stage == 3
    assert data.respondents[0].answers["b2"].status is Status.DONT_KNOW


@pytest.mark.parametrize(
    ("answer", "needle", "message"),
    [
        ("      a1: 9\n", "a1: 9", "stage 9 is not on the scale (0-4)"),
        ("      zz: 2\n", "zz: 2", "indicator 'zz' is not in questionnaire 'tiny'"),
        ("      a1: {items: [x1]}\n", "a1:", "'a1' is rated on the scale: give a stage, not items"),
        ("      a3: 2\n", "a3: 2", "'a3' is a checklist: list the items met under items"),
        ("      a3: {items: [x1, q9]}\n", "a3:", "'a3' has no item 'q9'"),
        ("      a1: {stage: 2, status: dont_know}\n", "a1:", "give exactly one of stage, items or status"),
        ("      a1: maybe\n", "a1: maybe", "an answer is a stage number"),
        ("      a1: {stage: 2, mood: happy}\n", "a1:", "unknown key 'mood'"),
    ],
)
def test_bad_answers_name_their_line(tiny, answer, needle, message):
    text = HEADER + answer
    (problem,) = problems(tiny, text)
    assert problem.line == line_of(text, needle)
    assert message in problem.message


def test_unknown_group_duplicate_respondent_and_wrong_questionnaire(tiny):
    text = "questionnaire: other\nrespondents:\n  - {id: r1, group: gov}\n  - {id: r1, group: press}\n"
    messages = [p.message for p in problems(tiny, text)]
    assert messages == [
        "answers are for 'other', not 'tiny'",
        "duplicate respondent id 'r1'",
        "stakeholder group 'press' is not in the questionnaire",
    ]


def test_question_not_asked_of_a_group(tiny, edited_tiny):
    folder, _ = edited_tiny("beta.yaml", "asked_of: [gov, civ]", "asked_of: [gov]")
    q = load_questionnaire(folder).questionnaire
    text = "questionnaire: tiny\nrespondents:\n  - id: r\n    group: civ\n    answers:\n      b2: 1\n"
    (problem,) = problems(q, text)
    assert problem.message == "'b2' is not asked of stakeholder group 'civ'"


def test_consensus_and_targets_are_checked(tiny):
    text = (
        "questionnaire: tiny\nconsensus:\n  a1: {stage: 7}\n  nope: {stage: 1}\n  a2: {rationale: x}\n"
        "targets:\n  default: 5\n  pillars: {gamma: 2}\n"
    )
    messages = [p.message for p in problems(tiny, text)]
    assert "stage 7 is not on the scale (0-4)" in messages
    assert "indicator 'nope' is not in questionnaire 'tiny'" in messages
    assert "give exactly one of stage or status" in messages
    assert "stage 5 is not on the scale (0-4)" in messages
    assert "pillar 'gamma' is not in questionnaire 'tiny'" in messages


def test_version_mismatch(tiny):
    (problem,) = problems(tiny, 'questionnaire: tiny\nversion: "9.9"\n')
    assert problem.message == "answers are for version 9.9, the questionnaire is 0.1"


def test_shipped_example_is_valid(national):
    data = load_answers(ROOT / "examples" / "answers-national.yaml", national)
    assert len(data.respondents) == 3
    assert {r.group for r in data.respondents} == {"government", "civil-society", "critical-infrastructure"}
    assert "csirt.funding-and-staff" in data.consensus
