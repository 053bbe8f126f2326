"""The Answer page with the keyboard alone, in Chromium: Tab, the arrow keys, Space and Enter; no mouse click.

A whole pillar is answered (stages, "not applicable", a checklist, a review flag), reached with the
"next pillar" button, and every answer is in the database; typed evidence says "Not saved yet" until
it is sent, and a reload does not lose it.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from assessment.answers import Answer, Status
from assessment.loader import load_questionnaire
from assessment.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD, NATIONAL_2
from tests.e2e.harness import indicator_block, wait_idle, wait_until

FOCUSED = """() => {
  const a = document.activeElement;
  const block = a && a.closest('[class*="st-key-indicator-"]');
  return {
    tag: a ? a.tagName : "",
    type: (a && a.type) || "",
    text: a ? ((a.closest("label") || a).innerText || a.getAttribute("aria-label") || "").trim().slice(0, 80) : "",
    block: block ? [...block.classList].find(c => c.startsWith("st-key-indicator-")).slice(7) : "",
    top: !!(a && a.closest(".st-key-pillar-top")),
    checked: !!(a && a.checked),
  };
}"""


NOTE = """(block) => {
  const state = block.querySelector('[class*="st-key-saved-"]');
  const content = getComputedStyle(state, "::after").content;
  return content === "none" || content === "normal" ? "" : JSON.parse(content);
}"""
NOT_SAVED = "Not saved yet: press Ctrl+Enter or click outside the box"


def note(block) -> str:
    """The note the page script shows in place of the block's saved state ("" when none)."""
    return block.evaluate(NOTE)


def wait_note(page, block, text: str) -> None:
    wait_until(page, lambda: note(block) == text, timeout=10, what=f"the note {text!r}")


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, wanted, limit: int = 120) -> dict:
    """Press Tab until the focused element is the one `wanted` recognises; that element's description."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the element; last focused: {focused(page)}")


def press(page, key: str) -> None:
    page.keyboard.press(key)
    wait_idle(page)


def block_name(indicator_id: str) -> str:
    return "indicator-" + indicator_id.replace(".", "-")


def radio_of(indicator_id: str):
    return lambda f: f["type"] == "radio" and f["block"] == block_name(indicator_id)


def sign_in_with_the_keyboard(page, url: str) -> None:
    page.goto(url)
    field = page.get_by_label("User name or e-mail address")
    field.wait_for()
    wait_idle(page)
    field.focus()
    page.keyboard.type(ADMIN)
    press(page, "Tab")
    page.keyboard.type(ADMIN_PASSWORD)
    page.keyboard.press("Enter")  # submits the sign-in form
    page.wait_for_url(lambda address: "/auth/" not in address and "sign-in" not in address)
    page.get_by_text("Answering as").first.wait_for()
    wait_idle(page)


def seeded(server) -> Store:
    store = Store(f"sqlite:///{server.data_dir / 'assessment.db'}")
    q = load_questionnaire(NATIONAL_2).questionnaire
    info = store.create_assessment("CR", "2026", q, "en", actor="setup")
    store.add_respondent(info.id, "Ana", "Ministry", "government", questionnaire=q, actor="setup")
    return store


def choose_stage(page, indicator_id: str, option: int, text: str) -> None:
    """On the indicator's stage radios: Space picks the first option, each arrow down the next one."""
    tab_to(page, radio_of(indicator_id))
    press(page, "Space")
    for _ in range(option - 1):
        press(page, "ArrowDown")
    now = focused(page)
    assert now["checked"], now
    assert now["text"].startswith(text), now


def test_a_whole_pillar_answered_with_the_keyboard_alone(server, page):
    store = seeded(server)
    sign_in_with_the_keyboard(page, f"{server.url}/answer?lang=en&a=1&r=1&p=diplomacy")

    # From the pillar before, the "next pillar" button at the bottom, pressed with Enter.
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].startswith("Next pillar: Legal"))
    press(page, "Enter")
    expect(page).to_have_url(re.compile(r"p=legal"))
    page.get_by_role("heading", name="Legal and regulatory framework").wait_for()
    wait_idle(page)
    assert focused(page)["top"]  # the keyboard starts at the top of the new pillar

    # A checklist: Space on "Answer with the checklist", then Tab to the first two items, Space on each.
    checklist = "legal.substantive-cybercrime-law"
    tab_to(page, radio_of(checklist))
    press(page, "Space")
    block = indicator_block(page, checklist)
    block.get_by_text("this checklist gives stage 1 · Start-up").wait_for()  # drawn after the items
    wait_idle(page)
    for _ in range(2):
        now = tab_to(page, lambda f: f["type"] == "checkbox", limit=1)
        assert now["block"] == block_name(checklist)
        press(page, "Space")
    for n in range(2):
        expect(block.locator('[data-testid="stCheckbox"] input').nth(n)).to_be_checked()
    block.get_by_text("this checklist gives stage 2 · Formative").wait_for()

    choose_stage(page, "legal.international-instruments", 3, "3 · ")
    choose_stage(page, "legal.data-protection-law", 6, "Not applicable")
    choose_stage(page, "legal.victim-reporting", 1, "1 · ")
    notes = tab_to(page, lambda f: f["tag"] == "SUMMARY", limit=1)
    assert "Evidence and comments" in notes["text"]
    press(page, "Enter")  # opens the notes, where the review flag is
    review = tab_to(page, lambda f: f["type"] == "checkbox", limit=1)
    assert review["text"] == "Mark for review"
    assert review["block"] == block_name("legal.victim-reporting")
    press(page, "Space")
    choose_stage(page, "legal.online-gender-violence", 2, "2 · ")

    expected = {
        checklist: Answer(items=frozenset({"illegal-access", "child-sexual-abuse-material"})),
        "legal.international-instruments": Answer(stage=3),
        "legal.data-protection-law": Answer(status=Status.NOT_APPLICABLE),
        "legal.victim-reporting": Answer(stage=1, review=True),
        "legal.online-gender-violence": Answer(stage=2),
    }
    wait_until(page, lambda: store.respondent_answers(1, 1) == expected, what="every answer stored")
    for indicator in expected:
        indicator_block(page, indicator).get_by_text("Saved at").wait_for()

    # What the whole page shows moved with the answers given in the blocks.
    asked = len(load_questionnaire(NATIONAL_2).questionnaire.indicators_for("government"))
    page.get_by_text(f"5 of {asked} indicators answered").wait_for()
    page.get_by_text("This pillar: 5 of 5 indicators answered").wait_for()
    picker = page.locator('[data-testid="stRadio"]').first
    expect(picker).to_contain_text(re.compile(r"Legal and regulatory framework\s*✓"))
    expect(page.get_by_text("Marked for review (1)")).to_be_visible()


def test_typed_evidence_says_not_saved_until_it_is_sent_and_a_reload_keeps_it(server, page):
    store = seeded(server)
    sign_in_with_the_keyboard(page, f"{server.url}/answer?lang=en&a=1&r=1&p=strategy")
    indicator = "strategy.lead-body"
    block = indicator_block(page, indicator)
    choose_stage(page, indicator, 2, "2 · ")
    block.get_by_text("Saved at").wait_for()
    saved = block.get_by_text("Saved at")
    assert note(block) == ""

    tab_to(page, lambda f: f["tag"] == "SUMMARY" and f["block"] == block_name(indicator) and "Evidence" in f["text"])
    press(page, "Enter")  # opens "Evidence and comments"
    tab_to(page, lambda f: f["tag"] == "TEXTAREA" and f["block"] == block_name(indicator), limit=5)
    page.keyboard.type("Decree 12/2024")
    wait_note(page, block, NOT_SAVED)  # the server has not seen the text: no "Saved at" beside it
    expect(saved).to_be_hidden()
    assert store.respondent_answers(1, 1)[indicator].evidence == ""

    press(page, "Tab")  # leaving the box sends it
    expect(saved).to_be_visible()
    assert note(block) == ""
    assert store.respondent_answers(1, 1)[indicator].evidence == "Decree 12/2024"

    page.keyboard.press("Shift+Tab")  # from the links box back into the evidence box
    assert focused(page)["tag"] == "TEXTAREA"
    page.keyboard.press("Control+End")
    page.keyboard.type(", art. 4")
    wait_note(page, block, NOT_SAVED)
    page.keyboard.press("Control+Enter")  # Ctrl+Enter sends it too
    expect(saved).to_be_visible()
    wait_until(page, lambda: store.respondent_answers(1, 1)[indicator].evidence == "Decree 12/2024, art. 4", 5)

    page.keyboard.type(" and art. 9")  # not sent yet; then the page is reloaded
    wait_note(page, block, NOT_SAVED)
    expect(saved).to_be_hidden()
    page.once("dialog", lambda dialog: dialog.accept())  # "leave the page?": the unsent text was sent first
    page.reload()
    page.get_by_text("Answering as").first.wait_for()
    wait_idle(page)
    wait_until(
        page, lambda: store.respondent_answers(1, 1)[indicator].evidence == "Decree 12/2024, art. 4 and art. 9", 5
    )
    expect(indicator_block(page, indicator).get_by_label("Evidence", exact=True)).to_have_value(
        "Decree 12/2024, art. 4 and art. 9"
    )
