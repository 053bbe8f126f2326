"""A respondent in its own process, for the durability tests and the benchmark.

python -m bench.durability_worker URL ASSESSMENT_ID NAME GROUP ROUNDS

Registers a respondent, then saves an answer to every staged indicator, ROUNDS times
(0 = until killed), printing `ack <respondent> <indicator> <stage>` after each save that
returned, and `done <respondent> <saves> <seconds>` at the end.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from assessment.answers import Answer
from assessment.loader import load_questionnaire
from assessment.store import Store

NATIONAL = Path(__file__).resolve().parents[1] / "questionnaires" / "national-1.0.0"
"""The questionnaire the answers follow: the one tests/test_durability.py creates its assessments with."""


def main(url: str, assessment_id: int, name: str, group: str, rounds: int) -> None:
    q = load_questionnaire(NATIONAL).questionnaire
    store = Store(url, run_migrations=False)
    person = store.add_respondent(assessment_id, name, "Org", group, questionnaire=q, actor=name)
    staged = [i.id for i in q.indicators.values() if i.kind == "stages"]
    start, saves, n = time.perf_counter(), 0, 0
    while rounds == 0 or n < rounds:
        for k, indicator in enumerate(staged):
            stage = 1 + (n + k + person.id) % 5
            store.save_answer(
                assessment_id,
                person.id,
                indicator,
                Answer(stage=stage, evidence=f"{name} {n}"),
                questionnaire=q,
                actor=name,
            )
            saves += 1
            print(f"ack {person.id} {indicator} {stage} {n}", flush=True)
        n += 1
    print(f"done {person.id} {saves} {time.perf_counter() - start:.3f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]))
