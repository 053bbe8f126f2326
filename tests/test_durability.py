"""Durability under crashes and concurrency, on SQLite and PostgreSQL.

Respondents run in separate processes (bench/durability_worker.py), as several app
servers or sessions would.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from assessment.store import Store
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # twenty processes saving at once, and a writer killed twenty times

GROUPS = (
    "government",
    "critical-infrastructure",
    "private-sector",
    "civil-society",
    "academia",
    "international-partners",
)


def worker(url: str, assessment_id: int, name: str, group: str, rounds: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "bench.durability_worker", url, str(assessment_id), name, group, str(rounds)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def assessment(database_url, national):
    store = Store(database_url)
    info = store.create_assessment("CR", "2026", national, "en", actor="test")
    yield store, info.id
    store.engine.dispose()


def test_twenty_concurrent_respondents_lose_and_overwrite_nothing(assessment, database_url, national):
    store, assessment_id = assessment
    processes = [worker(database_url, assessment_id, f"person-{n}", GROUPS[n % 6], 1) for n in range(20)]
    outputs = [p.communicate(timeout=300) for p in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert "database is locked" not in err
    acked = {}
    for out, _ in outputs:
        for line in out.splitlines():
            if line.startswith("ack "):
                _, respondent, indicator, stage, _round = line.split()
                acked[(respondent, indicator)] = int(stage)
    staged = sum(1 for i in national.indicators.values() if i.kind == "stages")
    assert len(acked) == 20 * staged
    stored = {(r.id, k): a.stage for r in store.answers(assessment_id) for k, a in r.answers.items()}
    assert stored == acked  # every answer there, each respondent's own
    people = store.answers(assessment_id)
    assert all(a.evidence.startswith(p.name) for p in people for a in p.answers.values())


def test_killing_the_writer_twenty_times_loses_no_acknowledged_answer(assessment, database_url):
    store, assessment_id = assessment
    rng = random.Random(20)
    acked: dict[tuple[str, str], int] = {}
    for run in range(20):
        process = worker(database_url, assessment_id, f"run-{run}", GROUPS[run % 6], 0)
        deadline = time.monotonic() + rng.uniform(0.8, 2.0)
        lines = []
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
        process.send_signal(signal.SIGKILL)
        process.wait()
        lines += process.stdout.read().splitlines(keepends=True)  # acknowledged before the kill
        for line in lines:
            if line.startswith("ack "):
                _, respondent, indicator, stage, _round = line.split()
                acked[(respondent, indicator)] = int(stage)
    assert len({r for r, _ in acked}) >= 10  # most runs got to save something before being killed
    stored = {(r.id, k): a.stage for r in store.answers(assessment_id) for k, a in r.answers.items()}
    for key, stage in acked.items():
        assert key in stored, key
        # the next save may have committed just before the kill, without its acknowledgement
        assert stored[key] in (stage, 1 + stage % 5), key
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
