"""The signed-in person is read from the database once per script run, and a change still applies at the next."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assessment.loader import load_questionnaire
from assessment.store import Store
from assessment.store.accounts import set_active
from assessment.store.database import default_url
from assessment.web.state import AFTER_SIGN_IN
from tests.conftest import NATIONAL_2, ROOT, ensure_admin, signed_in

pytestmark = pytest.mark.slow  # runs the whole app in Streamlit's AppTest


@pytest.fixture(autouse=True)
def fresh_database(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def reads(monkeypatch) -> list[int]:
    """The user ids `principal` reads, as the web app calls it."""
    from assessment.web import context

    found: list[int] = []
    real = context.principal

    def counting(store, user_id):
        found.append(user_id)
        return real(store, user_id)

    monkeypatch.setattr(context, "principal", counting)
    return found


def test_one_read_per_run_of_the_whole_app_even_when_a_callback_saves(reads):
    q = load_questionnaire(NATIONAL_2).questionnaire
    store = Store(default_url())
    info = store.create_assessment("CR", "2026", q, "en", actor="t")
    person = store.add_respondent(info.id, "Ana", "MICITT", "government", questionnaire=q, actor="t")
    admin = ensure_admin()
    at = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), admin)
    # The shell, then the Answer page: as after signing in with the Answer page's address.
    at.session_state[AFTER_SIGN_IN.key] = ("answer", {"lang": "en", "a": str(info.id), "r": str(person.id),
                                                          "p": "strategy"})  # fmt: skip
    at.run()
    assert not at.exception
    key = f"ans:{info.id}:{person.id}:strategy.national-strategy:choice"
    assert key in [r.key for r in at.radio]  # the Answer page, whose shell, page and callbacks all ask

    reads.clear()
    at.run()
    assert reads == [admin]

    reads.clear()
    at.radio(key=key).set_value(3).run()  # the save callback asks too, in the same run
    assert not at.exception
    assert store.respondent_answers(info.id, person.id)["strategy.national-strategy"].stage == 3
    assert reads == [admin]

    set_active(store, admin, False, actor="t")  # read afresh at the next run: the account is disabled at once
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]
