"""The CSIRT module end to end in the app: created with its team's name, answered, scored, reported, compared."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import event
from streamlit.testing.v1 import AppTest

from assessment.access import Principal, Role
from assessment.answers import Answer
from assessment.loader import load_catalog
from assessment.model import Indicator, Questionnaire
from assessment.store import Store
from assessment.store.database import default_url
from assessment.workspace import Workspace
from tests.conftest import ROOT, ensure_admin, open_page, signed_in

pytestmark = pytest.mark.slow  # AppTest pages and PDF reports, a few seconds

ADMIN = Principal(1, "admin@example.org", Role.ADMINISTRATOR)


@pytest.fixture(autouse=True)
def fresh_database(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="module")
def csirt() -> Questionnaire:
    return load_catalog(ROOT / "questionnaires").find("csirt").questionnaire


def at_stage(indicator: Indicator, stage: int) -> Answer:
    """An answer that puts `indicator` at `stage`: the stage, or a checklist's items up to it."""
    if indicator.kind == "checklist":
        return Answer(items=frozenset(i.id for i in indicator.items or [] if i.stage <= stage))
    return Answer(stage=stage)


def answered_team(store: Store, q: Questionnaire, subject: str, stage: int, round_label: str = "2026") -> int:
    info = store.create_assessment("MX", round_label, q, "en", actor="t", subject=subject)
    person = store.add_respondent(info.id, "Ana", "CERT", "management", questionnaire=q, actor="t")
    for indicator in q.indicators.values():
        if indicator.is_asked_of("management"):
            store.save_answer(info.id, person.id, indicator.id, at_stage(indicator, stage), questionnaire=q, actor="t")
    return info.id


def create_form(at: AppTest, subject: str) -> AppTest:
    at.selectbox(key="new_country").select("MX")
    at.selectbox(key="new_questionnaire").select("csirt")
    at.text_input(key="new_subject").input(subject)
    next(b for b in at.button if b.proto.form_id == "create_assessment").click().run()
    return at


def test_a_csirt_assessment_needs_its_teams_name_and_the_pages_name_the_team():
    at = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=30), ensure_admin())
    at.query_params["lang"] = "en"
    create_form(at.run(), "")
    assert not at.exception
    assert any("assesses a CSIRT: give its name" in e.value for e in at.error)
    assert Store(default_url()).assessments() == []  # nothing half-made

    create_form(at, "CERT-Ejemplo")
    assert not at.exception
    (info,) = Store(default_url()).assessments()
    assert (info.country, info.subject, info.questionnaire_id) == ("MX", "CERT-Ejemplo", "csirt")
    assert at.title[0].value.replace("\\", "") == "CERT-Ejemplo · 2026"  # the Answer page (Markdown-escaped)


def test_a_country_questionnaire_refuses_a_subject_name():
    at = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=30), ensure_admin())
    at.query_params["lang"] = "en"
    at.run()
    at.selectbox(key="new_country").select("MX")
    at.selectbox(key="new_questionnaire").select("national")
    at.text_input(key="new_subject").input("CERT-Ejemplo")
    next(b for b in at.button if b.proto.form_id == "create_assessment").click().run()
    assert any("leave the name of what is assessed empty" in e.value for e in at.error)
    assert Store(default_url()).assessments() == []


def results_script():
    from assessment.web.results import render_results_page

    render_results_page()


def test_results_show_the_team_and_the_tier_its_minimum_stages_reach(csirt):
    store = Store(default_url())
    answered_team(store, csirt, "CERT-Ejemplo", 2)
    at = open_page(results_script, lang="en", a="1")
    assert not at.exception
    assert at.title[0].value.replace("\\", "") == "Results: CERT-Ejemplo · 2026"
    assert at.metric[0].value == "50.0"  # every indicator at 2 on a 0-4 scale
    assert at.metric[1].value == "Intermediate"  # every category and the essentials at 2 or more


def test_one_essential_indicator_below_its_minimum_keeps_the_team_at_the_floor(csirt):
    store = Store(default_url())
    assessment_id = answered_team(store, csirt, "CERT-Ejemplo", 2)
    person = store.respondents(assessment_id)[0]
    store.save_answer(assessment_id, person.id, "processes.incident-handling", Answer(stage=1),
                      questionnaire=csirt, actor="t")  # fmt: skip
    scored = Workspace(store, ADMIN).results(assessment_id, csirt)
    assert scored.scores.tier_id == "basic"


def test_the_report_cover_names_the_team(csirt):
    store = Store(default_url())
    assessment_id = answered_team(store, csirt, "CERT-Ejemplo", 3)
    pdf = Workspace(store, ADMIN).country_report(assessment_id, csirt, "en")
    cover = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "CERT-Ejemplo" in cover
    assert "Mexico" not in cover  # the team is what is assessed, not the country


def test_two_teams_of_one_country_are_compared_side_by_side(csirt):
    from assessment.compare import latest_per_country, ranking

    store = Store(default_url())
    answered_team(store, csirt, "CERT-Uno", 2, "2025")
    answered_team(store, csirt, "CERT-Uno", 3, "2026")
    answered_team(store, csirt, "CERT-Dos", 1, "2026")
    items = Workspace(store, ADMIN).compared(store.assessments(), csirt)
    latest = latest_per_country(items)
    assert sorted(c.label("en") for c in latest) == ["CERT-Dos · 2026", "CERT-Uno · 2026"]
    frame = ranking(csirt, latest, "en")
    assert list(frame["assessment"]) == ["CERT-Uno · 2026", "CERT-Dos · 2026"]  # best first


def count_selects(store: Store) -> list[str]:
    found: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: found.append(statement) if statement.lstrip().upper().startswith(
                     "SELECT") else None)  # fmt: skip
    return found


def test_a_save_through_the_workspace_reads_at_most_three_times_and_the_answer_page_twice(csirt):
    store = Store(default_url())
    assessment_id = answered_team(store, csirt, "CERT-Ejemplo", 2)
    person = store.respondents(assessment_id)[0]
    space = Workspace(store, ADMIN)
    selects = count_selects(store)
    space.save_answer(assessment_id, person.id, "organisation.mandate", Answer(stage=3), csirt)
    assert len(selects) <= 3
    selects.clear()
    answering = space.answering(assessment_id, person.id)
    assert len(selects) == 2
    assert answering.answers["organisation.mandate"].stage == 3
    assert set(answering.saved_at) == set(answering.answers)


def test_dont_know_completes_a_pillar_where_it_counts_as_the_lowest_stage(csirt):
    from assessment.answers import Status
    from assessment.model import ScoringRules
    from assessment.web.answer import pillar_progress

    pillar = csirt.pillars[0]
    asked = [i for i in pillar.indicators if i.is_asked_of("management")]
    answers = {i.id: Answer(status=Status.DONT_KNOW) for i in asked}
    here = pillar_progress(csirt, answers, "management")[pillar.id]
    assert (here.answered, here.dont_know, here.total) == (len(asked), len(asked), len(asked))
    assert here.complete
    unanswered = csirt.model_copy(update={"scoring": ScoringRules(dont_know="unanswered")})
    assert pillar_progress(unanswered, answers, "management")[pillar.id].answered == 0
