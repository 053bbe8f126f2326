"""Answers saved per second with twenty respondents saving at once, each in its own process.

On the embedded SQLite (WAL, full fsync on commit) and on a throwaway local PostgreSQL.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from assessment.loader import load_questionnaire
from assessment.store import Store
from bench.engine import NATIONAL
from bench.postgres import ThrowawayPostgres, postgres_bin

ROOT = Path(__file__).resolve().parent.parent
RESPONDENTS = 20
ROUNDS = 3


def saves_per_second(url: str) -> tuple[int, float]:
    q = load_questionnaire(NATIONAL).questionnaire
    store = Store(url)
    info = store.create_assessment("CR", "2026", q, "en", actor="bench")
    store.engine.dispose()
    command = [sys.executable, "-m", "bench.durability_worker", url, str(info.id)]
    workers = [
        subprocess.Popen(
            [*command, f"p{n}", "government", str(ROUNDS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(RESPONDENTS)
    ]
    total, slowest = 0, 0.0
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        if worker.returncode != 0:
            raise RuntimeError(err)
        _, _, saves, seconds = out.strip().splitlines()[-1].split()
        total, slowest = total + int(saves), max(slowest, float(seconds))
    return total, total / slowest


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        total, rate = saves_per_second(f"sqlite:///{Path(folder) / 'bench.db'}")
        print(f"{'SQLite: answers saved per second, 20 concurrent processes':<58} {rate:9.0f} /s   ({total} saves)")
    if postgres_bin() is None:
        print("PostgreSQL: skipped, not installed (make system-packages)")
        return
    server = ThrowawayPostgres()
    try:
        server.start()
        total, rate = saves_per_second(server.create_database("bench"))
        print(f"{'PostgreSQL: answers saved per second, 20 concurrent processes':<58} {rate:9.0f} /s   ({total} saves)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
