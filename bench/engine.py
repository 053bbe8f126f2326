"""The engine's performance figures.

- load and validate the national questionnaire (aim: under 0.2 s);
- score 1,000 assessments of 10 respondents each (aim: under 2 s for the thousand);
- build the roadmap of those 1,000 assessments;
- read and check an answers file of 10 respondents.

Synthetic answers come from a fixed seed, so runs are comparable.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from assessment.answers import Answer, Respondent, Status, Targets
from assessment.answers_file import load_answers
from assessment.loader import load_questionnaire
from assessment.model import Questionnaire
from assessment.recommend import recommend
from assessment.scoring import score

NATIONAL = Path(__file__).resolve().parent.parent / "questionnaires" / "national"


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float], aim: float | None = None) -> None:
    best, median = min(times), statistics.median(times)
    verdict = "" if aim is None else (f"  (aim < {aim:g} s: {'met' if median < aim else 'NOT met'})")
    print(f"{label:<58} median {median * 1000:9.1f} ms   best {best * 1000:9.1f} ms   n={len(times)}{verdict}")


def synthetic_answer(q: Questionnaire, indicator_id: str, rng: random.Random) -> Answer | None:
    roll = rng.random()
    if roll < 0.05:
        return None
    if roll < 0.08:
        return Answer(status=Status.NOT_APPLICABLE)
    if roll < 0.12:
        return Answer(status=Status.DONT_KNOW)
    indicator = q.indicators[indicator_id]
    evidence = "report" if rng.random() < 0.4 else ""
    if indicator.kind == "checklist":
        items = frozenset(i for i in sorted(indicator.item_ids) if rng.random() < 0.6)
        return Answer(items=items, evidence=evidence)
    return Answer(stage=rng.randint(q.scale.lowest, q.scale.highest), evidence=evidence)


def synthetic_assessment(q: Questionnaire, respondents: int, rng: random.Random) -> list[Respondent]:
    groups = [g.id for g in q.stakeholder_groups]
    people = []
    for n in range(respondents):
        group = groups[n % len(groups)]
        asked = [i.id for i in q.indicators_for(group)]  # a respondent answers only their group's indicators
        answers = {i: a for i in asked if (a := synthetic_answer(q, i, rng)) is not None}
        people.append(Respondent(f"r{n}", group, answers))
    return people


def answers_file(q: Questionnaire, people: list[Respondent], folder: Path) -> Path:
    def entry(answer: Answer) -> object:
        if answer.status is not Status.ANSWERED:
            return "n/a" if answer.status is Status.NOT_APPLICABLE else "dont_know"
        body: dict[str, object] = {"evidence": answer.evidence}
        body.update({"items": sorted(answer.items)} if answer.items is not None else {"stage": answer.stage})
        return body

    data = {
        "questionnaire": q.id,
        "version": q.version,
        "respondents": [
            {"id": r.id, "group": r.group, "answers": {k: entry(a) for k, a in r.answers.items()}} for r in people
        ],
    }
    path = folder / "answers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assessments", type=int, default=1000)
    parser.add_argument("--respondents", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    q = load_questionnaire(NATIONAL).questionnaire
    print(f"national questionnaire: {len(q.pillars)} pillars, {len(q.indicators)} indicators")
    report("load and validate the national questionnaire", timed(lambda: load_questionnaire(NATIONAL), 20), 0.2)

    rng = random.Random(2026)
    batch = [synthetic_assessment(q, args.respondents, rng) for _ in range(args.assessments)]
    answers = sum(len(r.answers) for people in batch for r in people)
    label = f"score {args.assessments:,} assessments x {args.respondents} respondents ({answers:,} answers)"
    results: list = []
    report(label, timed(lambda: results.__setitem__(slice(None), [score(q, p) for p in batch]), args.repeat), 2.0)

    targets = Targets(default=4)
    report(f"roadmap (target 4) for {args.assessments:,} scored assessments",
           timed(lambda: [recommend(q, s, targets) for s in results], args.repeat))  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        path = answers_file(q, batch[0], Path(folder))
        size = path.stat().st_size
        report(f"read and check an answers file ({args.respondents} respondents, {size // 1024} KiB)",
               timed(lambda: load_answers(path, q), 20))  # fmt: skip


if __name__ == "__main__":
    main()
