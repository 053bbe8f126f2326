"""The browser journeys' helpers: a real app server and Chromium (bench/browser.py), and Streamlit widgets driven.

The server, the browser, `wait_idle`, `click_to_saved` and `sign_in` live in
bench/browser.py, which the benchmark shares; they are re-exported here, so the tests
import every helper from one place.
"""

from __future__ import annotations

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
    "sign_in",
    "stage_checked",
    "wait_idle",
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
