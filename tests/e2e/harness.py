"""The browser journeys' helpers: a real app server and Chromium (bench/browser.py), and Streamlit widgets driven.

The server, the browser, `wait_idle`, `click_to_saved` and `sign_in` live in
bench/browser.py, which the benchmark shares; they are re-exported here, so the tests
import every helper from one place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page

from bench.browser import (
    CHROMIUM_FLAGS,
    ROOT,
    TIMEOUT,
    AppServer,
    chromium,
    chromium_path,
    click_to_saved,
    free_port,
    sign_in,
    track_reruns,
    wait_idle,
)

__all__ = [
    "CHROMIUM_FLAGS",
    "ROOT",
    "TIMEOUT",
    "AppServer",
    "choose",
    "chromium",
    "chromium_path",
    "click_to_saved",
    "create_assessment_in_spanish",
    "fill",
    "free_port",
    "indicator_block",
    "pick_stage",
    "saved_count",
    "seed_workshop",
    "settle",
    "sign_in",
    "sign_in_as_admin",
    "stage_checked",
    "track_reruns",
    "wait_idle",
    "wait_until",
]


# -- driving Streamlit widgets -----------------------------------------------------------


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option", name=option, exact=False).first.click()
    wait_idle(page)


def fill(page: Page, label: str, text: str, *, in_form: bool = False) -> None:
    """Type into the text field labelled `label`; outside a form, also leave it so that it is sent."""
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    if not in_form:  # inside a form, Enter would submit it: the submit button sends the value
        field.blur()
        wait_idle(page)


def indicator_block(page: Page, indicator_id: str):
    """The block of one indicator on the Answer page (see `answer.block_key`)."""
    return page.locator(".st-key-indicator-" + indicator_id.replace(".", "-"))


def pick_stage(page: Page, indicator_id: str, option_text: str) -> None:
    """Click the radio option containing `option_text` (such as '3 · ') in one indicator's block."""
    block = indicator_block(page, indicator_id)
    block.locator('[data-testid="stRadio"] label').filter(has_text=option_text).first.click()


def stage_checked(page: Page, indicator_id: str, option_text: str) -> bool:
    block = indicator_block(page, indicator_id)
    label = block.locator('[data-testid="stRadio"] label').filter(has_text=option_text).first
    return label.locator("input").is_checked()


def saved_count(page: Page, saved_word: str) -> int:
    return page.get_by_text(saved_word).count()


def create_assessment_in_spanish(page: Page, url: str, country: str = "Costa Rica") -> None:
    """Sign-in done: create an assessment on the Assessments page; the app then asks who is answering."""
    page.goto(url)
    page.get_by_text("Crear una evaluación").wait_for()
    wait_idle(page)
    choose(page, "País", country)
    page.get_by_role("button", name="Crear y comenzar a responder").click()
    page.get_by_text("Soy un nuevo participante").wait_for()


# -- a workshop's data, and pages that finish drawing ------------------------------------

# Resolves once no element or text has changed for `quiet` ms while no script run is going on, or after
# `limit` ms whatever happens.
QUIET_JS = """
([quiet, limit]) => new Promise((resolve) => {
  const running = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute("data-test-script-state");
    return state === "running" || state === "rerunRequested";
  };
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(quietFor, quiet); });
  const giveUp = setTimeout(finish, limit);
  let timer = setTimeout(quietFor, quiet);
  function quietFor() { if (running()) timer = setTimeout(quietFor, quiet); else finish(); }
  function finish() { observer.disconnect(); clearTimeout(timer); clearTimeout(giveUp); resolve(); }
  observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                   attributeFilter: ["data-test-script-state"]});
})
"""


def settle(page: Page, quiet_ms: int = 300, limit_ms: int = 10_000) -> None:
    """Wait until Streamlit has finished and the page stops changing (charts and tables draw late)."""
    wait_idle(page)
    page.evaluate(QUIET_JS, [quiet_ms, limit_ms])


def wait_until(page: Page, condition: Callable[[], object], timeout: float = 30, what: str = "the condition") -> None:
    """Poll `condition` (a database read, a query of the page) until it is true; fail after `timeout` seconds.

    Between two polls the page keeps running (Playwright's own wait), so its events are handled.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} was not met within {timeout} s")
        page.wait_for_timeout(100)


def seed_workshop(database: Path, country: str, language: str, organisation: str) -> tuple[int, int]:
    """The demo, and an assessment of 2.0.0 with two respondents, evidence, a consensus and targets.

    Returns the assessment's id and its first respondent's.
    """
    from assessment.answers import Answer, Consensus, Targets
    from assessment.demo import load_demo
    from assessment.loader import load_questionnaire
    from assessment.store import Store

    store = Store(f"sqlite:///{database}")
    q = load_questionnaire(ROOT / "questionnaires" / "national").questionnaire
    load_demo(store, q)
    info = store.create_assessment(country, "2026", q, language, actor="t")
    first = store.add_respondent(info.id, "Ana", organisation, "government", questionnaire=q, actor="t")
    second = store.add_respondent(info.id, "Luis", "ONG", "civil-society", questionnaire=q, actor="t")
    for n, indicator in enumerate(q.indicators_for("government")[:20]):
        answer = Answer(stage=1 + n % 5, evidence="Decreto 123" if n % 2 else "") if indicator.kind == "stages" \
            else Answer(items=frozenset())  # fmt: skip
        store.save_answer(info.id, first.id, indicator.id, answer, questionnaire=q, actor="t")
        if indicator.is_asked_of("civil-society") and indicator.kind == "stages":
            store.save_answer(info.id, second.id, indicator.id, Answer(stage=1), questionnaire=q, actor="t")
    store.set_consensus(info.id, q.indicators_for("government")[0].id, Consensus(3, rationale="Oficina"),
                        questionnaire=q, actor="t")  # fmt: skip
    store.set_targets(info.id, Targets(4), questionnaire=q, actor="t")
    store.engine.dispose()
    return info.id, first.id


def sign_in_as_admin(page: Page, language: str, username: str, password: str) -> None:
    """On the sign-in form the page shows, in `language`: sign in and wait to land past /auth/."""
    from assessment.i18n import translate

    button = translate("account.sign_in", language)
    page.get_by_label(translate("account.username", language)).fill(username)
    page.get_by_label(translate("account.password", language), exact=True).fill(password)
    page.get_by_role("button", name=button).click()
    # Signed in once the shell draws the sign-out button: the form's button goes away before the browser has
    # passed through /auth/session (which sets the cookie), and the sign-in page's own address is "/".
    page.locator(".st-key-sign_out").wait_for()
    page.wait_for_url(lambda address: "/auth/" not in address and "sign-in" not in address)
