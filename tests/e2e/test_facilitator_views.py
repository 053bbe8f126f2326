"""In Chromium: the Live view projected full screen and left again; Compare's selection kept across the menu."""

from __future__ import annotations

from assessment.answers import Answer
from assessment.demo import load_demo
from assessment.loader import load_questionnaire
from assessment.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD, NATIONAL_2
from tests.e2e.harness import sign_in, wait_idle

METRIC_SIZE = """() => parseFloat(getComputedStyle(
  document.querySelector('[data-testid="stMetricValue"] p') || document.querySelector('[data-testid="stMetricValue"]')
).fontSize)"""


def test_live_projection_hides_the_menu_writes_larger_and_is_left_with_its_switch(server, page):
    store = Store(f"sqlite:///{server.data_dir / 'assessment.db'}")
    q = load_questionnaire(NATIONAL_2).questionnaire
    info = store.create_assessment("CR", "2026", q, "en", actor="t")
    person = store.add_respondent(info.id, "Ana", "Org", "government", questionnaire=q, actor="t")
    store.save_answer(info.id, person.id, "strategy.national-strategy", Answer(stage=3), questionnaire=q, actor="t")

    sign_in(page, f"{server.url}/live?lang=en&a={info.id}", ADMIN, ADMIN_PASSWORD, "Sign in")
    page.locator('[data-testid="stMetricValue"]').first.wait_for()
    wait_idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.is_visible()
    normal = page.evaluate(METRIC_SIZE)

    page.get_by_text("Projection mode").click()
    page.wait_for_url(lambda address: "full=1" in address)
    sidebar.wait_for(state="hidden")
    wait_idle(page)
    assert not page.locator('header[data-testid="stHeader"]').is_visible()
    assert page.evaluate(METRIC_SIZE) > 1.5 * normal  # larger type for the room

    page.reload()  # the projector's browser reloads: still projecting
    page.locator('[data-testid="stMetricValue"]').first.wait_for()
    wait_idle(page)
    assert not page.get_by_test_id("stSidebar").is_visible()
    page.get_by_text("Projection mode").click()  # the way out stays on the page
    page.get_by_test_id("stSidebar").wait_for(state="visible")
    wait_idle(page)
    assert "full=1" not in page.url
    assert page.evaluate(METRIC_SIZE) == normal


def test_compare_keeps_the_chosen_assessments_when_the_person_goes_elsewhere_and_back(server, page):
    load_demo(Store(f"sqlite:///{server.data_dir / 'assessment.db'}"), load_questionnaire(NATIONAL_2).questionnaire)
    sign_in(page, f"{server.url}/compare?lang=en", ADMIN, ADMIN_PASSWORD, "Sign in")
    page.get_by_text("Choose two or more assessments").wait_for()
    wait_idle(page)
    picker = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Assessments to compare").first
    chosen = ("Arcadia (fictional) · 2026", "Borealis (fictional) · 2026")
    for label in chosen:
        picker.locator("input").click()
        picker.locator("input").fill(label)
        page.get_by_role("option", name=label).first.click()
        page.keyboard.press("Escape")
        wait_idle(page)
    page.get_by_text("Ranking").wait_for()

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("link", name="Questionnaires").click()
    page.get_by_role("heading", level=1).filter(has_text="Questionnaires").wait_for()
    wait_idle(page)
    sidebar.get_by_role("link", name="Compare").click()
    page.get_by_role("heading", level=1).filter(has_text="Compare").wait_for()
    page.get_by_text("Ranking").wait_for()
    wait_idle(page)
    picker = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Assessments to compare").first
    for label in chosen:
        assert label in picker.inner_text()
