"""The web app's performance figures, each beside the same figure for a bare Streamlit page.

The bare page (bench/bare_page.py) draws the radios of the Answer page's measured pillar
(the largest pillar of the national questionnaire asked of the government group) and
writes each change to SQLite; it imports nothing of the app. Measured in one run, and
printed as Answer ÷ bare beside the aim:

- server-side rerun (AppTest, each page in its own fresh process, with the full garbage
  collection Streamlit makes after each run): the whole app showing the Answer page,
  against the bare page, aim ≤ 1.5×; and the same rerun when it saves a changed answer;
- in one headless Chromium, time to first render on a freshly started server (the app's
  first page is the sign-in page; the bare page's, its radios), aim ≤ 1.3×;
- in the same Chromium, click a stage until "Saved at" shows, aim ≤ 1.2×.

Also the Results page rerun with 10 respondents (AppTest), aim < 100 ms.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.i18n import translate
from assessment.loader import load_questionnaire
from assessment.model import Pillar, Questionnaire
from assessment.store import Store
from assessment.web.safe import md_definitions, md_escape
from bench.accounts import ADMIN, ADMIN_PASSWORD, ensure_admin, signed_in
from bench.engine import NATIONAL, report, synthetic_assessment

GROUP = "government"
ROUNDS = 2
"""Each side-by-side figure alternates the pages this many times, so that a busy moment hits them all."""
FIRST_RENDERS = 3
"""Fresh servers started per page for the time to first render."""


def results_script():
    from assessment.web.results import render_results_page

    render_results_page()


def measured_pillar(q: Questionnaire) -> Pillar:
    """The pillar with the most answer options asked of the government group: the Answer page's heaviest."""
    return max(q.pillars, key=lambda p: sum(len(i.items or i.descriptors or {}) for i in p.indicators
                                            if i.is_asked_of(GROUP)))  # fmt: skip


def bare_page_spec(q: Questionnaire, pillar: Pillar, language: str = "en") -> dict:
    """The bare page's widgets: the Answer page's options, labels and texts (answer.render_indicator) for `pillar`."""
    stage_names = {s.value: q.text(s.name, language) for s in q.scale.stages}
    special = [translate("answer.not_applicable", language), translate("answer.dont_know", language)]
    indicators = []
    for indicator in (i for i in pillar.indicators if i.is_asked_of(GROUP)):
        if indicator.kind == "checklist":
            options: list[object] = ["checklist", "na", "dk"]
            labels = [translate("answer.use_checklist", language), *special]
        else:
            options = [*q.scale.values, "na", "dk"]
            descriptors = indicator.descriptors or {}
            labels = [f"**{s} · {md_escape(stage_names[s])}** — {md_escape(q.text(descriptors[s], language))}"
                      for s in q.scale.values] + special  # fmt: skip
        guidance = md_definitions((f"{stage} · {stage_names[stage]}", q.text(text, language))
                                  for stage, text in sorted((indicator.guidance or {}).items()))  # fmt: skip
        indicators.append({
            "id": indicator.id, "title": md_escape(q.text(indicator.title, language)),
            "question": md_escape(q.text(indicator.question, language)), "options": options, "labels": labels,
            "horizontal": indicator.kind == "checklist", "guidance": guidance,
            "evidence": md_escape(q.text(indicator.evidence, language)),
        })  # fmt: skip
    words = ("review", "evidence_and_comments", "evidence", "links", "comment", "guidance")
    return {
        "title": q.text(pillar.name, language),
        "choose": translate("answer.choose", language),
        "saved": translate("answer.saved", language, time="{time}"),
        "not_answered": translate("answer.not_answered", language),
        "words": {word: translate(f"answer.{word}", language) for word in words},
        "indicators": indicators,
    }


def staged_ids(q: Questionnaire, pillar: Pillar) -> list[str]:
    return [i.id for i in pillar.indicators if i.kind == "stages" and i.is_asked_of(GROUP)]


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


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


BARE = {"bare": "bare page, same widgets", "radios": "bare page, radios only"}
"""The two yardsticks: the aims are against the first; the second is issue 13's first measure."""


def side_by_side(label: str, found: dict[str, list[float]], aim: float) -> None:
    """The Answer page's figure, each bare page's, and each ratio (Answer ÷ bare); the aim is against "bare"."""
    app = found["app"]
    print(f"{label:<52} Answer page             median {median_ms(app):7.1f} ms   n={len(app)}")
    for name, title in BARE.items():
        ratio = statistics.median(app) / statistics.median(found[name])
        verdict = f"(aim ≤ {aim:g}×: {'met' if ratio <= aim else 'NOT met'})" if name == "bare" else "(no aim)"
        print(f"{'':<52} {title:<23} median {median_ms(found[name]):7.1f} ms   n={len(found[name])}   "
              f"ratio {ratio:4.2f}× {verdict}")  # fmt: skip


def in_process(page: str, settings: dict, folder: Path) -> dict[str, list[float]]:
    path = folder / f"rerun-{page}.json"
    path.write_text(json.dumps(settings), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bench.rerun", page, str(path)], check=True, capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[1])  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def server_side(folder: Path) -> None:
    os.environ["ASSESSMENT_DATA_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    q = load_questionnaire(NATIONAL).questionnaire
    pillar = measured_pillar(q)
    store, assessment_id = seeded_store(folder, 10)
    respondent = next(r for r in store.respondents(assessment_id) if r.group == GROUP)
    admin = ensure_admin(f"sqlite:///{folder / 'assessment.db'}")
    spec = folder / "bare-spec.json"
    spec.write_text(json.dumps(bare_page_spec(q, pillar)), encoding="utf-8")
    shown = sum(1 for i in pillar.indicators if i.is_asked_of(GROUP))
    common = {"repeat": 15, "staged": staged_ids(q, pillar)}
    bare = {**common, "spec": str(spec), "database": str(folder / "bare.db")}
    pages = {
        "bare": ("bare", bare),
        "radios": ("bare", {**bare, "widgets": "radios"}),
        "app": ("answer", {**common, "folder": str(folder), "user": admin, "assessment": assessment_id,
                           "respondent": respondent.id, "pillar": pillar.id}),
    }  # fmt: skip
    reruns: dict[str, list[float]] = {name: [] for name in pages}
    saves: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(ROUNDS):
        for name, (page, settings) in pages.items():
            found = in_process(page, settings, folder)
            reruns[name] += found["rerun"]
            saves[name] += found["save"]
    print(f"Server side (AppTest, then the collection Streamlit makes after a run), pillar '{pillar.id}', "
          f"{shown} indicators:")  # fmt: skip
    side_by_side("  rerun (the whole app, on the Answer page)", reruns, 1.5)
    side_by_side("  rerun that saves a changed answer", saves, 1.5)

    results = signed_in(AppTest.from_function(results_script, default_timeout=60), admin)
    results.query_params["lang"], results.query_params["a"] = "en", str(assessment_id)
    results.run()
    times = []
    for _ in range(10):
        start = time.perf_counter()
        results.run()
        times.append(time.perf_counter() - start)
    if results.exception:
        raise RuntimeError(f"the Results page failed: {results.exception}")
    report("Results page rerun (10 respondents, radar, roadmap)", times, 0.1)
    store.engine.dispose()


def first_render(browser, server, url: str, drawn: str) -> float:
    """Seconds from opening `url` on a server just started to `drawn` (a CSS selector) being visible."""
    server.start()
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.locator(drawn).last.wait_for(timeout=60_000)
        took = time.perf_counter() - start
        context.close()
        return took
    finally:
        server.stop()


def clicks(page, ids: list[str], saved_word: str) -> list[float]:
    from bench.browser import click_to_saved, wait_idle

    times = []
    for indicator_id in ids:
        times.append(click_to_saved(page, indicator_id, "3 · ", saved_word))
        wait_idle(page)
    return times


def in_browser(folder: Path) -> None:
    from bench.browser import AppServer, chromium, chromium_path, sign_in, wait_idle

    if chromium_path() is None:
        print("in the browser: skipped, Chromium is not installed (make system-packages)")
        return
    q = load_questionnaire(NATIONAL).questionnaire
    pillar = measured_pillar(q)
    ids = staged_ids(q, pillar)
    rounds = 2 * ROUNDS
    app_dir, bare_dir = folder / "app", folder / "bare"
    app_dir.mkdir()
    bare_dir.mkdir()
    store, assessment_id = seeded_store(app_dir, 0)
    people = [store.add_respondent(assessment_id, f"Bench {n}", "Org", GROUP, questionnaire=q, actor="bench").id
              for n in range(rounds)]  # fmt: skip  # one fresh respondent per round: every click answers anew
    store.engine.dispose()
    ensure_admin(f"sqlite:///{app_dir / 'assessment.db'}")
    spec = bare_dir / "spec.json"
    spec.write_text(json.dumps(bare_page_spec(q, pillar)), encoding="utf-8")
    app = AppServer(app_dir)
    bare = AppServer(bare_dir, script=Path(__file__).with_name("bare_page.py"),
                     env={"BARE_PAGE_SPEC": str(spec), "BARE_PAGE_DB": str(bare_dir / "bare.db")})  # fmt: skip
    answer_url = f"/answer?lang=en&a={assessment_id}&r={people[0]}&p={pillar.id}"
    radios = '[data-testid="stRadio"]'
    bare_query = {"bare": "", "radios": "&widgets=radios"}
    print("In one headless Chromium:")
    with chromium() as browser:
        first: dict[str, list[float]] = {"app": [], "bare": [], "radios": []}
        for _ in range(FIRST_RENDERS):
            for name, query in bare_query.items():
                first[name].append(first_render(browser, bare, f"{bare.url}/?r=0{query}", radios))
            first["app"].append(first_render(browser, app, app.url + answer_url, 'button:has-text("Sign in")'))
        side_by_side("  first render, server just started (app: sign-in)", first, 1.3)

        app.start()
        bare.start()
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            sign_in(page, app.url + answer_url, ADMIN, ADMIN_PASSWORD, "Sign in")
            found: dict[str, list[float]] = {"app": [], "bare": [], "radios": []}
            for n, person in enumerate(people):
                for name, query in bare_query.items():
                    page.goto(f"{bare.url}/?r={name}{n}{query}")
                    page.locator(radios).last.wait_for(timeout=60_000)
                    wait_idle(page)
                    found[name] += clicks(page, ids, "Saved at")
                page.goto(f"{app.url}/answer?lang=en&a={assessment_id}&r={person}&p={pillar.id}")
                page.get_by_text("Answering as").first.wait_for(timeout=60_000)
                wait_idle(page)
                found["app"] += clicks(page, ids, "Saved at")
            side_by_side("  click a stage until 'Saved at' shows", found, 1.2)
            for name, times in found.items():
                p90 = statistics.quantiles(times, n=10)[-1]
                print(f"{'':<52} {name:<6} worst {max(times) * 1000:7.1f} ms   p90 {p90 * 1000:7.1f} ms")
        finally:
            app.stop()
            bare.stop()


def main() -> None:
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        server_side(Path(first))
        in_browser(Path(second))


if __name__ == "__main__":
    main()
