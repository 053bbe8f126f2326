"""Saving an answer checks it before taking SQLite's one write lock, so a refusal never waits for another save."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from assessment.answers import Answer, Status
from assessment.errors import AssessmentError
from assessment.store import Store


@pytest.fixture
def opened(tmp_path, national):
    path = tmp_path / "lock.db"
    store = Store(f"sqlite:///{path}")
    info = store.create_assessment("CR", "2026", national, "en", actor="t")
    person = store.add_respondent(info.id, "Ana", "MICITT", "government", questionnaire=national, actor="t")
    return store, path, info.id, person.id


def test_a_refused_answer_is_refused_while_another_writer_holds_the_lock(opened, national):
    store, path, assessment_id, respondent_id = opened
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of its own write
    try:
        for indicator, answer in (
            ("strategy.lead-body", Answer(stage=9)),  # not a stage of the scale
            ("strategy.lead-body", Answer(status=Status.DONT_KNOW, stage=2)),
            ("no.such-indicator", Answer(stage=2)),
            ("strategy.lead-body", Answer(stage=2, comment="x" * 20_001)),
        ):
            with pytest.raises(AssessmentError):  # at once: a check inside the lock would wait, then fail to lock
                store.save_answer(assessment_id, respondent_id, indicator, answer, questionnaire=national, actor="t")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.respondent_answers(assessment_id, respondent_id) == {}
    assert [e.entity for e in store.audit(assessment_id)].count("answer") == 0


def test_a_valid_answer_waits_for_the_lock_then_is_saved_with_its_audit_row(opened, national):
    store, path, assessment_id, respondent_id = opened
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    done: list[object] = []

    def save() -> None:
        answer = Answer(stage=3)
        done.append(store.save_answer(assessment_id, respondent_id, "strategy.lead-body", answer,
                                      questionnaire=national, actor="t"))  # fmt: skip

    saver = threading.Thread(target=save)
    saver.start()
    saver.join(timeout=0.5)
    assert saver.is_alive()  # waiting for the write lock, not refused
    other.execute("ROLLBACK")
    other.close()
    saver.join(timeout=30)
    assert len(done) == 1
    assert store.respondent_answers(assessment_id, respondent_id)["strategy.lead-body"].stage == 3
    logged = [e for e in store.audit(assessment_id) if e.entity == "answer"]
    assert [(e.key, e.new["stage"]) for e in logged] == [(f"{respondent_id}:strategy.lead-body", 3)]
