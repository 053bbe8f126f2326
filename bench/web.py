"""The web app's performance figures.

- server-side time of one rerun of the Answer page showing the largest pillar (AppTest), aim < 100 ms;
- the same rerun when it also saves a changed answer;
- server-side time of one rerun of the Results page with 10 respondents (AppTest);
- in a real headless Chromium: time from clicking a stage to the "saved" state, aim < 0.5 s.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.answers import Answer
from assessment.loader import load_questionnaire
from assessment.store import Store
from bench.engine import NATIONAL, report, synthetic_assessment
from tests.conftest import ADMIN, ADMIN_PASSWORD, ensure_admin, signed_in


def answer_script():
    from assessment.web.answer import render_answer_page

    render_answer_page()


def results_script():
    from assessment.web.results import render_results_page

    render_results_page()


def seeded_store(folder: Path, respondents: int) -> tuple[Store, int]:
    """A database with one assessment of the national questionnaire and `respondents` full respondents."""
    q = load_questionnaire(NATIONAL).questionnaire
    store = Store(f"sqlite:///{folder / 'assessment.db'}")
    info = store.create_assessment("CR", "2026", q, "en", actor="bench")
    rng = random.Random(7)
    for person in synthetic_assessment(q, respondents, rng):
        row = store.add_respondent(info.id, f"Person {person.id}", "Org", person.group, questionnaire=q, actor="bench")
        for indicator_id, answer in person.answers.items():
            store.save_answer(info.id, row.id, indicator_id, answer, questionnaire=q, actor="bench")
    return store, info.id


def rerun_times(at: AppTest, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception}")
    return times


def server_side(folder: Path) -> None:
    os.environ["ASSESSMENT_DATA_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    store, assessment_id = seeded_store(folder, 10)
    q = load_questionnaire(NATIONAL).questionnaire
    group = store.respondent(assessment_id, 1).group  # the Answer page shows this group's indicators only
    largest = max(q.pillars, key=lambda p: sum(len(i.items or i.descriptors or {}) for i in p.indicators
                                               if i.is_asked_of(group)))  # fmt: skip
    shown = [i for i in largest.indicators if i.is_asked_of(group)]
    params = {"lang": "en", "a": str(assessment_id), "r": "1", "p": largest.id}

    admin = ensure_admin(f"sqlite:///{folder / 'assessment.db'}")
    at = signed_in(AppTest.from_function(answer_script, default_timeout=60), admin)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    report(f"Answer page rerun, pillar '{largest.id}' ({len(shown)} indicators)", rerun_times(at, 20), 0.1)

    staged = [i.id for i in shown if i.kind == "stages"]
    saves = []
    for n in range(20):
        at.radio(key=f"ans:{assessment_id}:1:{staged[n % len(staged)]}:choice").set_value(2 + n % 3)
        start = time.perf_counter()
        at.run()
        saves.append(time.perf_counter() - start)
    report("Answer page rerun that saves a changed answer", saves, 0.1)

    results = signed_in(AppTest.from_function(results_script, default_timeout=60), admin)
    results.query_params["lang"], results.query_params["a"] = "en", str(assessment_id)
    results.run()
    report("Results page rerun (10 respondents, radar, roadmap)", rerun_times(results, 10), 0.1)
    store.engine.dispose()


def in_browser(folder: Path) -> None:
    from tests.e2e.harness import AppServer, chromium, chromium_path, click_to_saved, sign_in, wait_idle

    if chromium_path() is None:
        print("click to saved in the browser: skipped, Chromium is not installed (make system-packages)")
        return
    store, assessment_id = seeded_store(folder, 0)
    q = load_questionnaire(NATIONAL).questionnaire
    person = store.add_respondent(assessment_id, "Bench", "Org", "government", questionnaire=q, actor="bench")
    store.save_answer(assessment_id, person.id, "csirt.services", Answer(stage=None, items=frozenset()),
                      questionnaire=q, actor="bench")  # fmt: skip
    store.engine.dispose()
    ensure_admin(f"sqlite:///{folder / 'assessment.db'}")
    server = AppServer(folder)
    server.start()
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            times = []
            for pillar in [p for p in q.pillars if any(i.is_asked_of("government") for i in p.indicators)]:
                url = f"{server.url}/answer?lang=en&a={assessment_id}&r={person.id}&p={pillar.id}"
                if pillar is q.pillars[0]:
                    sign_in(page, url, ADMIN, ADMIN_PASSWORD, "Sign in")
                else:
                    page.get_by_text(q.text(pillar.name, "en")).first.click()
                page.get_by_text("Answering as").first.wait_for(timeout=60_000)
                wait_idle(page)
                for indicator in pillar.indicators:
                    if indicator.kind == "stages" and indicator.is_asked_of("government"):
                        times.append(click_to_saved(page, indicator.id, "3 · ", "Saved at"))
                        wait_idle(page)
            report("click a stage → 'saved' shown, in headless Chromium", times, 0.5)
            p90 = statistics.quantiles(times, n=10)[-1]
            print(f"{'':<58} worst  {max(times) * 1000:9.1f} ms   p90 {p90 * 1000:.1f} ms   clicks={len(times)}")
    finally:
        server.stop()


def main() -> None:
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        server_side(Path(first))
        in_browser(Path(second))
