"""The questionnaire browser page, driven through Streamlit's AppTest."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from assessment.i18n import catalog, languages, translate
from assessment.web.safe import md_escape
from tests.conftest import ROOT, TINY

APP = str(ROOT / "app.py")


def browse_script():
    from assessment.web.app import render_language_picker
    from assessment.web.browse import render_browse_page

    render_language_picker()
    render_browse_page()


def start(lang: str | None = None) -> AppTest:
    at = AppTest.from_function(browse_script, default_timeout=30)
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def test_the_app_opens_on_the_assessments_page_with_every_page_in_the_menu():
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "Assessments"
    spanish = AppTest.from_file(APP, default_timeout=30)
    spanish.query_params["lang"] = "es"
    assert spanish.run().title[0].value == "Evaluaciones"


def test_page_lists_the_national_questionnaire_in_english():
    at = start()
    assert not at.exception
    assert at.title[0].value == "Questionnaires"
    assert at.selectbox(key="browse_questionnaire").value == "national"
    assert at.selectbox(key="browse_pillar").value == "strategy"
    labels = [e.label for e in at.expander]
    assert len(labels) == 7
    assert labels[0].startswith("National cybersecurity strategy")


def test_switching_pillar_shows_its_indicators():
    at = start()
    at.selectbox(key="browse_pillar").select("csirt").run()
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert len(labels) == 7
    assert any("services" in label.lower() for label in labels)


def test_spanish_from_the_url_and_switching_back():
    at = start("es")
    assert at.title[0].value == "Cuestionarios"
    assert at.expander[0].label.startswith("Estrategia nacional de ciberseguridad")
    at.selectbox(key="language_picker").select("en").run()
    assert at.title[0].value == "Questionnaires"
    assert at.query_params["lang"] == "en"


def test_unknown_language_falls_back_to_english():
    assert start("xx").title[0].value == "Questionnaires"


def test_a_broken_questionnaire_is_reported_and_the_others_still_load(tmp_path, monkeypatch):
    shutil.copytree(TINY, tmp_path / "tiny")
    shutil.copytree(TINY, tmp_path / "broken")
    meta = tmp_path / "broken" / "questionnaire.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: tiny", "id: &a tiny"), encoding="utf-8")
    monkeypatch.setenv("ASSESSMENT_QUESTIONNAIRES", str(tmp_path))
    at = start()
    assert not at.exception
    assert "broken" in at.warning[0].value
    assert "anchors are not allowed" in at.code[0].value
    assert at.selectbox(key="browse_questionnaire").options == ["Tiny test questionnaire"]


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
