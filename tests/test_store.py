"""The repository on a real SQLite database: saves, checks, transactions, the audit log, migrations."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from assessment.answers import Answer, Consensus, Status, Targets
from assessment.errors import AssessmentError
from assessment.scoring import score
from assessment.store import Store


@pytest.fixture
def store(database_url) -> Store:
    """The repository on SQLite and on PostgreSQL: every test here runs on both."""
    created = Store(database_url)
    yield created
    created.engine.dispose()


@pytest.fixture
def opened(store, national):
    info = store.create_assessment("cr", "2026", national, "es", actor="tester")
    person = store.add_respondent(info.id, "Ana", "MICITT", "government", questionnaire=national, actor="tester")
    return info, person


def test_sqlite_runs_in_wal_mode_with_foreign_keys(store):
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings")
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_create_every_table_and_can_run_again(store):
    tables = set(inspect(store.engine).get_table_names())
    assert {
        "assessments",
        "respondents",
        "answers",
        "consensus",
        "targets",
        "audit_log",
        "alembic_version",
        "external_scores",
        "peer_groups",
    } <= tables
    Store(engine=store.engine)  # a second start migrates nothing and fails nothing


def test_create_and_list_assessments(store, national):
    info = store.create_assessment(" bo ", "2026 ", national, "en", actor="t")
    assert (info.country, info.round, info.questionnaire_version, info.status) == ("BO", "2026", "1.0.0", "open")
    assert [a.id for a in store.assessments()] == [info.id]
    with pytest.raises(AssessmentError, match="ISO 3166"):
        store.create_assessment("Bolivia", "2026", national, "en", actor="t")
    with pytest.raises(AssessmentError, match="language 'de'"):
        store.create_assessment("BO", "2026", national, "de", actor="t")
    with pytest.raises(AssessmentError, match="no assessment 99"):
        store.assessment(99)


def test_answers_round_trip_into_the_engine(store, national, opened):
    info, person = opened
    store.save_answer(
        info.id,
        person.id,
        "strategy.national-strategy",
        Answer(stage=3, evidence="Decree 12", links=("https://x.org/a",)),
        questionnaire=national,
        actor="ana",
    )
    store.save_answer(
        info.id,
        person.id,
        "csirt.services",
        Answer(items=frozenset({"incident-handling", "alerts-warnings"})),
        questionnaire=national,
        actor="ana",
    )
    store.save_answer(
        info.id,
        person.id,
        "legal.data-protection",
        Answer(status=Status.NOT_APPLICABLE),
        questionnaire=national,
        actor="ana",
    )
    (respondent,) = store.answers(info.id)
    assert respondent.group == "government"
    assert respondent.answers["strategy.national-strategy"] == Answer(
        stage=3, evidence="Decree 12", links=("https://x.org/a",)
    )
    assert respondent.answers["csirt.services"].items == {"incident-handling", "alerts-warnings"}
    scores = score(national, store.answers(info.id))
    assert scores.indicator("csirt.services").stage == 2
    assert scores.indicator("legal.data-protection").status == "not_applicable"


def test_saving_the_same_answer_twice_logs_once(store, national, opened):
    info, person = opened
    for _ in range(2):
        store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2), questionnaire=national, actor="a")
    store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=4), questionnaire=national, actor="b")
    changes = [e for e in store.audit(info.id) if e.entity == "answer"]
    assert [(e.actor, e.old and e.old["stage"], e.new["stage"]) for e in changes] == [("a", None, 2), ("b", 2, 4)]


def test_clearing_an_answer(store, national, opened):
    info, person = opened
    store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2), questionnaire=national, actor="a")
    store.save_answer(info.id, person.id, "strategy.lead-body", None, questionnaire=national, actor="a")
    assert store.respondent_answers(info.id, person.id) == {}
    assert store.audit(info.id)[-1].new is None


@pytest.mark.parametrize(
    ("indicator", "answer", "message"),
    [
        ("strategy.nope", Answer(stage=2), "not in questionnaire"),
        ("strategy.lead-body", Answer(stage=9), "needs a stage"),
        ("strategy.lead-body", Answer(items=frozenset({"x"})), "needs a stage"),
        ("csirt.services", Answer(stage=2), "is a checklist"),
        ("csirt.services", Answer(items=frozenset({"made-up"})), "has no item made-up"),
        ("strategy.lead-body", Answer(status=Status.DONT_KNOW, stage=2), "only an answered indicator"),
        ("strategy.lead-body", Answer(stage=2, evidence="x" * 20_001), "limited to"),
    ],
)
def test_invalid_answers_are_refused_and_nothing_is_written(store, national, opened, indicator, answer, message):
    info, person = opened
    before = store.audit(info.id)
    with pytest.raises(AssessmentError, match=message):
        store.save_answer(info.id, person.id, indicator, answer, questionnaire=national, actor="a")
    assert store.respondent_answers(info.id, person.id) == {}
    assert store.audit(info.id) == before


def test_answer_for_a_respondent_of_another_assessment_is_refused(store, national, opened):
    _, person = opened
    other = store.create_assessment("PA", "2026", national, "es", actor="t")
    with pytest.raises(AssessmentError, match="no respondent"):
        store.save_answer(other.id, person.id, "strategy.lead-body", Answer(stage=2), questionnaire=national, actor="a")


def test_unanswered_notes_are_kept_but_not_scored(store, national, opened):
    info, person = opened
    notes = Answer(status=Status.UNANSWERED, evidence="draft decree in consultation")
    store.save_answer(info.id, person.id, "strategy.lead-body", notes, questionnaire=national, actor="a")
    assert store.respondent_answers(info.id, person.id)["strategy.lead-body"] == notes
    assert score(national, store.answers(info.id)).indicator("strategy.lead-body").status == "unanswered"


def test_consensus_and_targets(store, national, opened):
    info, person = opened
    store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2), questionnaire=national, actor="a")
    store.set_consensus(
        info.id, "strategy.lead-body", Consensus(stage=4, rationale="decree seen"), questionnaire=national, actor="f"
    )
    assert score(national, store.answers(info.id), store.consensus(info.id)).indicator("strategy.lead-body").stage == 4
    store.set_consensus(info.id, "strategy.lead-body", None, questionnaire=national, actor="f")
    assert store.consensus(info.id) == {}
    with pytest.raises(AssessmentError, match="either a stage"):
        store.set_consensus(info.id, "strategy.lead-body", Consensus(), questionnaire=national, actor="f")
    targets = Targets(3, {"csirt": 4}, {"strategy.lead-body": 5})
    store.set_targets(info.id, targets, questionnaire=national, actor="f")
    assert store.targets(info.id) == targets
    with pytest.raises(AssessmentError, match="not a pillar or indicator"):
        store.set_targets(info.id, Targets(3, {"nope": 4}), questionnaire=national, actor="f")
    assert store.targets(info.id) == targets
    assert [e.entity for e in store.audit(info.id)][-4:] == ["answer", "consensus", "consensus", "targets"]


def test_a_closed_assessment_refuses_changes(store, national, opened):
    info, person = opened
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE assessments SET status = 'closed' WHERE id = :id"), {"id": info.id})
    with pytest.raises(AssessmentError, match="closed"):
        store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2), questionnaire=national, actor="a")


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"])
def test_the_audit_log_is_append_only(store, opened, statement):
    info, _ = opened
    before = store.audit(info.id)
    with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
        connection.execute(text(statement))
    assert store.audit(info.id) == before


def test_a_failed_transaction_leaves_nothing(store, national, opened):
    info, person = opened
    store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2), questionnaire=national, actor="a")

    def crash_in_the_middle() -> None:
        with store._write() as session:
            session.execute(text("DELETE FROM answers"))
            insert = "INSERT INTO targets (assessment_id, scope, ref, stage) VALUES (:a, 'default', '', 3)"
            session.execute(text(insert), {"a": info.id})
            raise RuntimeError("crash in the middle")

    with pytest.raises(RuntimeError):
        crash_in_the_middle()
    assert store.targets(info.id) == Targets()
    assert store.respondent_answers(info.id, person.id)["strategy.lead-body"].stage == 2
