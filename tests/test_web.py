"""The questionnaire browser page, driven through Streamlit's AppTest."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from assessment.i18n import catalog, languages, translate
from assessment.web.safe import md_escape
from assessment.web.state import SIGNED_IN_USER
from tests.conftest import ROOT, TINY

APP = str(ROOT / "app.py")


def browse_script():
    from assessment.web.app import render_language_picker
    from assessment.web.browse import render_browse_page

    render_language_picker()
    render_browse_page()


def start(lang: str | None = None, questionnaire: str | None = "national@2.0.0") -> AppTest:
    """The Questionnaires page, showing `questionnaire` (several questionnaires are installed)."""
    at = AppTest.from_function(browse_script, default_timeout=30)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    if questionnaire is not None and at.selectbox(key="browse_questionnaire").value != questionnaire:
        at.selectbox(key="browse_questionnaire").select(questionnaire).run()
    return at


@pytest.mark.slow  # runs the app in AppTest
def test_first_start_creates_an_administrator_then_asks_to_sign_in(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("assessment.web.account.is_local_request", lambda: False)
    remote = AppTest.from_file(APP, default_timeout=30).run()
    assert "only be created from the computer that runs the server" in remote.error[0].value
    assert not remote.get("form")
    monkeypatch.setattr("assessment.web.account.is_local_request", lambda: True)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "Set up the first administrator"
    from assessment.web.account import SETUP_TOKEN

    at.text_input(key="setup_code").input("a guess")
    at.text_input(key="setup_username").input("Chief@Example.org")
    at.text_input(key="setup_password").input("a long enough password")
    at.text_input(key="setup_again").input("a long enough password")
    at.button[0].click().run()
    assert "not the one printed by the server" in at.error[0].value
    at.text_input(key="setup_code").input(SETUP_TOKEN)
    at.text_input(key="setup_username").input("Chief@Example.org")
    at.text_input(key="setup_password").input("a long enough password")
    at.text_input(key="setup_again").input("a long enough password")
    at.button[0].click().run()
    assert "Signed in" in at.success[0].value  # the browser now loads the app through /auth/session
    at.run()
    assert at.title[0].value == "Assessments"
    assert any(r"chief@example\.org (administrator)" in c.value for c in at.sidebar.caption)  # escaped Markdown

    again = AppTest.from_file(APP, default_timeout=30)
    again.query_params["lang"] = "es"
    again.run()
    assert again.title[0].value == "Iniciar sesión"
    again.text_input(key="sign_in_username").input("chief@example.org")
    again.text_input(key="sign_in_password").input("wrong password here")
    again.button[0].click().run()
    assert "nombre de usuario o contraseña incorrectos" in again.error[0].value  # in the language of the screen
    again.text_input(key="sign_in_password").input("a long enough password")
    again.button[0].click().run().run()
    assert again.title[0].value == "Evaluaciones"
    again.sidebar.button(key="sign_out").click().run().run()
    assert again.title[0].value == "Iniciar sesión"


def test_a_respondent_sees_only_the_pages_of_their_role(tmp_path, monkeypatch):
    from assessment.store import Store
    from assessment.store.accounts import create_user
    from assessment.store.database import default_url

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))
    user = create_user(Store(default_url()), "r@example.org", "a long enough password", "respondent", actor="t")
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[SIGNED_IN_USER.key] = user.id
    at.run()
    assert not at.exception
    assert at.info[0].value.startswith("There are no assessments")
    assert not at.get("form")  # no "create an assessment" for respondents


def test_page_lists_the_national_questionnaire_in_english():
    at = start()
    assert not at.exception
    assert at.title[0].value == "Questionnaires"
    options = at.selectbox(key="browse_questionnaire").options
    assert [o for o in options if o.startswith("National")] == [
        "National cybersecurity maturity self-assessment · 2.0.0",
        "National cybersecurity maturity self-assessment · 1.0.0",
    ]
    assert "CSIRT maturity self-assessment · 1.0.0" in options
    assert at.selectbox(key="browse_pillar").value == "strategy"
    labels = [e.label for e in at.expander]
    assert len(labels) == 9 + 1  # the strategy pillar's indicators, then the glossary
    assert labels[0].startswith("National cybersecurity strategy")
    assert labels[-1].startswith("Glossary (")


def test_the_questionnaire_page_shows_its_translation_coverage():
    at = start("pt")
    line = next(c.value for c in at.caption if c.value.startswith("Textos traduzidos"))
    assert "Inglês 100%" in line
    assert "Português 100%" in line
    assert "Francês 100%" in line


def test_mapped_framework_codes_are_shown_with_their_names():
    from assessment.loader import load_questionnaire
    from tests.conftest import NATIONAL_2

    q = load_questionnaire(NATIONAL_2).questionnaire
    at = start("es")
    strategy = q.indicators["strategy.national-strategy"]
    code = strategy.mappings.cmm[0]
    name = q.framework_catalogs["cmm"].codes[code].name["es"]
    shown = " ".join(m.value for m in at.markdown)
    assert md_escape(f"CMM 2021 {code}: {name}") in shown


def test_switching_pillar_shows_its_indicators():
    at = start()
    at.selectbox(key="browse_pillar").select("csirt").run()
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert len(labels) == 10 + 1
    assert any("services" in label.lower() for label in labels)


def test_spanish_from_the_url_and_switching_back():
    at = start("es")
    assert at.title[0].value == "Cuestionarios"
    assert at.expander[0].label.startswith("Estrategia nacional de ciberseguridad")
    at.selectbox(key="language_picker").select("en").run()
    assert at.title[0].value == "Questionnaires"
    assert at.query_params["lang"] == "en"


def test_unknown_language_falls_back_to_english():
    assert start("xx", questionnaire=None).title[0].value == "Questionnaires"


def test_a_broken_questionnaire_is_reported_and_the_others_still_load(tmp_path, monkeypatch):
    shutil.copytree(TINY, tmp_path / "tiny")
    shutil.copytree(TINY, tmp_path / "broken")
    meta = tmp_path / "broken" / "questionnaire.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: tiny", "id: &a tiny"), encoding="utf-8")
    monkeypatch.setenv("ASSESSMENT_QUESTIONNAIRES", str(tmp_path))
    at = start(questionnaire=None)
    assert not at.exception
    assert "broken" in at.warning[0].value
    assert "anchors are not allowed" in at.code[0].value
    assert at.selectbox(key="browse_questionnaire").options == ["Tiny test questionnaire · 0.1"]


def test_catalogs_have_the_same_keys():
    assert languages()[0] == "en"
    assert {"en", "es"} <= set(languages())
    english = set(catalog("en"))
    for lang in languages():
        assert set(catalog(lang)) == english, lang


def test_translate_fills_values_and_falls_back():
    assert translate("browse.summary", "es", pillars=6, indicators=38, version="1.0") == (
        "6 pilares · 38 indicadores · versión 1.0"
    )
    assert translate("browse.title", "fr") == "Questionnaires"
    assert translate("no.such.key", "en") == "no.such.key"


@pytest.mark.parametrize("text", ["**bold**", "<script>x</script>", "[link](javascript:x)", "# title", "a_b_c"])
def test_markdown_is_escaped(text):
    escaped = md_escape(text)
    assert escaped.replace("\\", "") == text
    assert all(escaped[i - 1] == "\\" for i, c in enumerate(escaped) if c in "*<[#_" and i > 0)
