"""The menu each role sees, read from the access policy; the pages kept per session; session state in one module."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from assessment.access import Principal, Role
from assessment.web.nav import assessment_pages, pages_for
from tests.conftest import ROOT, signed_in

pytestmark = pytest.mark.slow  # runs the app shell once per role in Streamlit's AppTest

APP = str(ROOT / "app.py")

MENU = {
    Role.ADMINISTRATOR: (
        "assessments", "answer", "results", "consensus", "live", "compare", "invitations", "admin", "questionnaires",
    ),
    Role.FACILITATOR: (
        "assessments", "answer", "results", "consensus", "live", "compare", "invitations", "admin", "questionnaires",
    ),
    Role.VIEWER: ("assessments", "results", "live", "compare", "questionnaires"),
    Role.RESPONDENT: ("assessments", "answer", "questionnaires"),
}  # fmt: skip
"""The pages of each role's menu, as they were when the shell had its own table of them."""


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_the_pages_it_always_saw(role):
    assert pages_for(role) == MENU[role]
    assert pages_for(role.value) == MENU[role]  # as stored


def test_a_role_the_policy_does_not_know_sees_only_the_pages_open_to_everyone():
    assert pages_for("auditor") == ("assessments", "questionnaires")


@pytest.fixture
def fresh_database(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def menus(monkeypatch) -> list[list[str]]:
    """The names of the pages the shell hands to `st.navigation`, at each call."""
    import streamlit

    from assessment.web.state import PAGES

    real = streamlit.navigation
    shown: list[list[str]] = []

    def recording(pages, **kwargs):
        named = {id(page): name for name, page in (PAGES.get() or {}).items()}
        shown.append([named.get(id(page), "?") for page in pages])
        return real(pages, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recording)
    return shown


@pytest.mark.parametrize("role", list(Role))
def test_the_shell_gives_each_role_its_menu(fresh_database, menus, role):
    from assessment.store import Store
    from assessment.store.accounts import create_user
    from assessment.store.database import default_url

    user = create_user(Store(default_url()), f"{role}@example.org", "a long enough password", role, actor="t")
    at = signed_in(AppTest.from_file(APP, default_timeout=30), user.id).run()
    assert not at.exception
    assert menus[-1] == list(MENU[role])


def test_the_assessments_page_links_only_to_what_the_person_may_open():
    facilitator = Principal(1, "f", Role.FACILITATOR, frozenset({"CR"}))
    assert assessment_pages(facilitator, "CR", 7) == ("answer", "results", "consensus", "live")
    assert assessment_pages(facilitator, "PA", 8) == ()
    viewer = Principal(2, "v", Role.VIEWER, frozenset({"CR"}))
    assert assessment_pages(viewer, "CR", 7) == ("results", "live")
    respondent = Principal(3, "r", Role.RESPONDENT, invitations=frozenset({(7, "academia")}))
    assert assessment_pages(respondent, "CR", 7) == ("answer",)
    assert assessment_pages(respondent, "CR", 8) == ()
    assert assessment_pages(Principal(4, "a", Role.ADMINISTRATOR), "PA", 8) == (
        "answer",
        "results",
        "consensus",
        "live",
    )


def test_each_session_keeps_its_own_pages_in_its_language(fresh_database):
    from assessment.web.state import PAGES

    def script():
        from assessment.web.app import RENDERERS
        from assessment.web.nav import build_pages
        from assessment.web.state import current_language

        build_pages(RENDERERS, current_language())

    spanish, english = AppTest.from_function(script), AppTest.from_function(script)
    spanish.query_params["lang"] = "es"
    english.query_params["lang"] = "en"
    spanish.run()
    english.run()  # after the Spanish session: it must not change that session's pages
    assert spanish.session_state[PAGES.key]["answer"].title == "Responder"
    assert english.session_state[PAGES.key]["answer"].title == "Answer"


def test_only_the_state_module_touches_session_state():
    web = ROOT / "assessment" / "web"
    touching = sorted(p.name for p in web.glob("*.py") if re.search(r"session_state", p.read_text(encoding="utf-8")))
    assert touching == ["state.py"]
