"""How many statements the store sends: a saved answer in two reads and two writes, the Answer page's reads in one each.

The statements are counted with SQLAlchemy's `before_cursor_execute` event, on SQLite and
PostgreSQL; transactions with the engine's `begin` and `commit` events.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event, text

from assessment.answers import Answer, Status
from assessment.errors import AssessmentError
from assessment.store import Store


@dataclass
class Sent:
    """The statements sent while counting, by kind, and the transactions committed."""

    statements: list[str] = field(default_factory=list)
    commits: int = 0

    def kinds(self, kind: str) -> list[str]:
        return [s for s in self.statements if s.split(None, 1)[0].upper() == kind]

    @property
    def reads(self) -> int:
        return len(self.kinds("SELECT"))

    @property
    def writes(self) -> list[str]:
        return [s for s in self.statements if s.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")]


@contextmanager
def counting(store: Store) -> Iterator[Sent]:
    sent = Sent()

    def on_execute(_conn, _cursor, statement, _params, _context, _many) -> None:
        sent.statements.append(statement.strip())

    def on_commit(_conn) -> None:
        sent.commits += 1

    event.listen(store.engine, "before_cursor_execute", on_execute)
    event.listen(store.engine, "commit", on_commit)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", on_execute)
        event.remove(store.engine, "commit", on_commit)


@pytest.fixture
def store(database_url) -> Iterator[Store]:
    created = Store(database_url)
    yield created
    created.engine.dispose()


@pytest.fixture
def opened(store, national):
    info = store.create_assessment("CR", "2026", national, "en", actor="t")
    person = store.add_respondent(info.id, "Ana", "MICITT", "government", questionnaire=national, actor="t")
    return info, person


def save(store: Store, national, info, person, answer: Answer | None, **kwargs) -> object:
    return store.save_answer(info.id, person.id, "strategy.lead-body", answer, questionnaire=national, actor="ana",
                             **kwargs)  # fmt: skip


@pytest.mark.parametrize(
    ("before", "after", "table_write"),
    [
        (None, Answer(stage=2), "INSERT INTO answers"),
        (Answer(stage=2), Answer(stage=3, evidence="Decree 12"), "UPDATE answers"),
        (Answer(stage=2), None, "DELETE FROM answers"),
    ],
)
def test_a_save_reads_twice_and_writes_the_answer_and_its_audit_row_in_one_transaction(
    store, national, opened, before, after, table_write
):
    info, person = opened
    if before is not None:
        save(store, national, info, person, before)
    logged = len(store.audit(info.id))
    with counting(store) as sent:
        save(store, national, info, person, after)
    assert sent.reads <= 2  # the respondent with the assessment's status; the status with the answer it replaces
    assert len(sent.writes) == 2
    assert [w for w in sent.writes if w.startswith(table_write)]
    assert [w for w in sent.writes if w.startswith("INSERT INTO audit_log")]
    assert sent.commits == 1
    assert store.respondent_answers(info.id, person.id).get("strategy.lead-body") == after
    assert len(store.audit(info.id)) == logged + 1


def test_the_same_answer_again_reads_and_writes_nothing_more(store, national, opened):
    info, person = opened
    first = save(store, national, info, person, Answer(stage=2))
    with counting(store) as sent:
        again = save(store, national, info, person, Answer(stage=2))
    assert again == first
    assert sent.reads <= 2
    assert sent.writes == []


def test_a_save_given_the_respondent_it_has_just_read_reads_once(store, national, opened):
    info, person = opened
    _, respondent = store.assessment_and_respondent(info.id, person.id)
    with counting(store) as sent:
        save(store, national, info, person, Answer(stage=4), respondent=respondent)
    assert sent.reads == 1  # inside the write transaction only
    assert store.respondent_answers(info.id, person.id)["strategy.lead-body"].stage == 4


def test_a_save_given_another_respondent_is_refused(store, national, opened):
    info, person = opened
    other = store.add_respondent(info.id, "Luis", "CSIRT", "critical-infrastructure", questionnaire=national, actor="t")
    with pytest.raises(AssessmentError, match="no respondent"):
        save(store, national, info, person, Answer(stage=2), respondent=other)
    assert store.respondent_answers(info.id, person.id) == {}


def test_a_closed_assessment_is_refused_before_the_write_transaction(store, national, opened):
    info, person = opened
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE assessments SET status = 'closed' WHERE id = :id"), {"id": info.id})
    with counting(store) as sent, pytest.raises(AssessmentError, match="closed"):
        save(store, national, info, person, Answer(stage=2))
    assert sent.reads == 1
    assert sent.commits == 0


def test_the_assessment_and_a_respondent_in_one_read(store, national, opened):
    info, person = opened
    with counting(store) as sent:
        got_info, got_person = store.assessment_and_respondent(info.id, person.id)
    assert sent.reads == 1
    assert (got_info, got_person) == (store.assessment(info.id), store.respondent(info.id, person.id))
    other = store.create_assessment("PA", "2026", national, "en", actor="t")
    with pytest.raises(AssessmentError, match="no respondent"):
        store.assessment_and_respondent(other.id, person.id)
    with pytest.raises(AssessmentError, match="no assessment 999"):
        store.assessment_and_respondent(999, person.id)


def test_the_assessment_and_all_its_respondents_in_one_read(store, national, opened):
    info, person = opened
    second = store.add_respondent(
        info.id, "Luis", "CSIRT", "critical-infrastructure", questionnaire=national, actor="t"
    )
    with counting(store) as sent:
        got_info, people = store.assessment_and_respondents(info.id)
    assert sent.reads == 1
    assert got_info == store.assessment(info.id)
    assert people == [person, second] == store.respondents(info.id)
    empty = store.create_assessment("PA", "2026", national, "en", actor="t")
    assert store.assessment_and_respondents(empty.id) == (empty, [])
    with pytest.raises(AssessmentError, match="no assessment 999"):
        store.assessment_and_respondents(999)


def test_a_respondents_answers_and_their_times_in_one_read(store, national, opened):
    info, person = opened
    save(store, national, info, person, Answer(stage=2, comment="to check"))
    store.save_answer(info.id, person.id, "legal.data-protection", Answer(status=Status.NOT_APPLICABLE),
                      questionnaire=national, actor="ana")  # fmt: skip
    with counting(store) as sent:
        answers, times = store.answers_and_times(info.id, person.id)
    assert sent.reads == 1
    assert answers == store.respondent_answers(info.id, person.id)
    assert answers["strategy.lead-body"] == Answer(stage=2, comment="to check")
    assert times == store.answer_times(info.id, person.id)
    assert set(times) == {"strategy.lead-body", "legal.data-protection"}
