"""The assessment pages through AppTest: create, answer, switch pillars, reload, results, consensus."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from assessment.answers import Answer, Targets
from assessment.loader import load_questionnaire
from assessment.recommend import guide_citation
from assessment.store import Store
from assessment.store.database import default_url
from assessment.web.safe import md_escape
from tests.conftest import NATIONAL, NATIONAL_2, ROOT, answer_directly, ensure_admin, open_page, signed_in

pytestmark = pytest.mark.slow  # runs the pages in Streamlit's AppTest, about a second a test

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def fresh_database(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))


def open_app(**params: str) -> AppTest:
    at = signed_in(AppTest.from_file(APP, default_timeout=30), ensure_admin())
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def choice_key(a: str, r: str, indicator: str) -> str:
    return f"ans:{a}:{r}:{indicator}:choice"


def create_and_register(lang: str = "en", group: str = "government", name: str = "Ana") -> AppTest:
    at = open_app(lang=lang)
    at.selectbox(key="new_country").select("CR")
    at.selectbox(key="new_questionnaire").select("national")  # the CSIRT module is installed too
    at.selectbox(key="new_language").select(lang)
    next(b for b in at.button if b.proto.form_id == "create_assessment").click().run()
    at.text_input(key="respondent_name").input(name)
    at.text_input(key="respondent_org").input("Ministerio")
    at.selectbox(key="respondent_group").select(group)
    next(b for b in at.button if b.proto.form_id == "new_respondent").click().run()
    assert not at.exception
    return at


def test_create_an_assessment_and_register(tmp_path):
    at = create_and_register()
    assert at.title[0].value == "Costa Rica · 2026"
    assert at.query_params["a"] == "1"
    assert at.query_params["r"] == "1"
    assert at.query_params["p"] == "strategy"
    store = Store(default_url())
    (info,) = store.assessments()
    assert (info.country, info.round, info.language) == ("CR", "2026", "en")
    assert store.respondents(info.id)[0].name == "Ana"


def test_an_answer_is_saved_at_once_and_survives_a_pillar_switch_and_a_reload():
    at = create_and_register()
    key = choice_key("1", "1", "strategy.national-strategy")
    at.radio(key=key).set_value(3).run()
    assert any("Saved at" in c.value for c in at.caption)
    assert Store(default_url()).respondent_answers(1, 1)["strategy.national-strategy"].stage == 3

    at.radio(key="pillar:1:1").set_value("csirt").run()
    assert at.query_params["p"] == "csirt"
    assert key not in [r.key for r in at.radio]
    at.radio(key="pillar:1:1").set_value("strategy").run()
    assert at.radio(key=key).value == 3

    reloaded = open_page(answer_script, lang="en", a="1", r="1", p="strategy")
    assert reloaded.radio(key=key).value == 3
    assert reloaded.radio(key="pillar:1:1").value == "strategy"


def test_checklist_evidence_and_notes_without_a_stage():
    at = create_and_register()
    at.radio(key="pillar:1:1").set_value("csirt").run()
    at.radio(key=choice_key("1", "1", "csirt.services")).set_value("checklist").run()
    for item in ("incident-handling", "alerts-warnings"):
        at.checkbox(key=f"ans:1:1:csirt.services:items:{item}").check().run()
    at.text_area(key="ans:1:1:csirt.exercises:evidence").input("Exercise report 2025").run()
    answers = Store(default_url()).respondent_answers(1, 1)
    assert answers["csirt.services"].items == {"incident-handling", "alerts-warnings"}
    assert answers["csirt.exercises"].evidence == "Exercise report 2025"
    assert answers["csirt.exercises"].stage is None
    reloaded = open_page(answer_script, lang="en", a="1", r="1", p="csirt")
    assert reloaded.checkbox(key="ans:1:1:csirt.services:items:alerts-warnings").value is True
    assert reloaded.text_area(key="ans:1:1:csirt.exercises:evidence").value == "Exercise report 2025"


def test_progress_counts_answers_among_the_groups_indicators():
    q = load_questionnaire(NATIONAL_2).questionnaire
    asked = q.indicators_for("government")
    at = create_and_register()
    at.radio(key=choice_key("1", "1", "strategy.lead-body")).set_value("na").run()
    at.radio(key=choice_key("1", "1", "strategy.national-strategy")).set_value(2).run()
    assert at.get("progress")[0].proto.text == f"2 of {len(asked)} indicators answered"
    assert len(asked) < len(q.indicators)
    strategy = sum(1 for i in asked if i.id.startswith("strategy."))
    assert any(f"National strategy and governance 2/{strategy} ·" in c.value for c in at.caption)


def test_a_respondent_sees_only_the_indicators_asked_of_their_group():
    q = load_questionnaire(NATIONAL_2).questionnaire
    at = create_and_register(group="justice")
    asked = {i.id for i in q.indicators_for("justice")}
    pillars = at.radio(key="pillar:1:1").options
    expected = [q.text(p.name, "en") for p in q.pillars if any(i.id in asked for i in p.indicators)]
    assert pillars == expected
    assert len(pillars) < len(q.pillars)
    for pillar in q.pillars:
        if not any(i.id in asked for i in pillar.indicators):
            continue
        at.radio(key="pillar:1:1").set_value(pillar.id).run()
        shown = {
            k.split(":")[3] for k in (r.key for r in at.radio) if k and k.startswith("ans:") and k.endswith(":choice")
        }
        assert shown == {i.id for i in pillar.indicators if i.id in asked}, pillar.id
    assert at.get("progress")[0].proto.text == f"0 of {len(asked)} indicators answered"


def test_rating_guidance_and_glossary_in_spanish():
    q = load_questionnaire(NATIONAL_2).questionnaire
    at = create_and_register(lang="es")
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("Glosario (")
    assert "Guía de calificación: la evidencia que respalda cada etapa" in labels
    guidance = q.indicators["strategy.national-strategy"].guidance
    shown = " ".join(m.value for m in at.markdown)
    assert all(md_escape(guidance[stage]["es"]) in shown for stage in q.scale.values)
    first_term = sorted(q.glossary, key=lambda t: t.term["es"].casefold())[0]
    assert f"**{md_escape(first_term.term['es'])}**: {md_escape(first_term.definition['es'])}" in shown


def test_spanish_interface_and_content():
    at = create_and_register(lang="es")
    assert at.radio(key="pillar:1:1").label == "Pilar"
    options = at.radio(key=choice_key("1", "1", "strategy.national-strategy")).options
    assert options[0].startswith("**1 · Inicial**")
    assert options[-2:] == ["No aplica", "No sé"]


def answer_script():
    from assessment.web.answer import render_answer_page

    render_answer_page()


def results_script():
    from assessment.web.results import render_results_page

    render_results_page()


def consensus_script():
    from assessment.web.consensus import render_consensus_page

    render_consensus_page()


def test_results_without_answers_say_so():
    answer_directly({}, "government", "Ana")
    at = open_page(results_script, lang="en", a="1")
    assert not at.exception
    assert at.metric[0].value == "–"
    assert "no answers yet" in at.info[0].value


def test_results_show_index_radar_divergence_and_recommendations():
    answer_directly({"strategy.national-strategy": 4, "strategy.lead-body": 3}, "government", "Ana")
    at = open_page(results_script, lang="en", a="1")
    assert not at.exception
    # strategy: (3×1.5 + 2×1.5)/3 → weighted mean of scores 75 and 50 = 62.5; the only scored pillar.
    assert at.metric[0].value == "62.5"
    assert at.metric[1].value == "Advanced"
    assert len(at.get("plotly_chart")) == 2
    assert any("do not diverge" in c.value for c in at.caption)  # after the charts' summaries

    answer_directly({"strategy.national-strategy": 1}, "civil-society", "Luis")
    at = open_page(results_script, lang="en", a="1")
    divergence = at.dataframe[1].value
    assert list(divergence["Indicator"]) == ["National cybersecurity strategy"]
    assert list(divergence["Spread"]) == [3]
    at.multiselect(key="radar_groups").select("civil-society").run()
    assert not at.exception

    at.selectbox(key="target_default").select(4)
    at.button[0].click().run()  # the targets form's only button: submit
    assert Store(default_url()).targets(1).default == 4
    roadmap = at.table[0].value  # the roadmap: one table per phase, under a heading naming the phase
    assert roadmap["Rank"].tolist()[:1] == ["1"]
    assert {h.value.split(":")[0] for h in at.subheader} <= {"Now", "Next", "Later"}
    at.toggle(key="show_audit").set_value(True).run()
    audit = at.dataframe[-1].value  # the audit log, for administrators
    assert list(audit["What"])[-1] == "targets"
    assert audit["Who"].str.contains("admin@example.org").any()


def test_roadmap_carries_effort_dependencies_and_guides():
    q = load_questionnaire(NATIONAL_2).questionnaire
    answer_directly({"strategy.national-risk-assessment": 2}, "government", "Ana", NATIONAL_2)
    Store(default_url()).set_targets(1, Targets(4), questionnaire=q, actor="t")
    at = open_page(results_script, lang="es", a="1")
    assert not at.exception
    roadmap = pd.concat([t.value for t in at.table])  # every phase's table; texts escaped (st.table reads Markdown)
    step = q.indicators["strategy.national-risk-assessment"].recommendations[3]
    row = roadmap[roadmap["Recomendación"] == md_escape(step.text["es"])].iloc[0]
    assert row["Esfuerzo"] == {"low": "Bajo", "medium": "Medio", "high": "Alto"}[step.effort]
    assert row["Guías"] == md_escape("; ".join(guide_citation(q, g) for g in step.guides))
    needs = [r for r in q.indicators["strategy.national-risk-assessment"].recommendations.values() if r.depends_on]
    assert needs, "the test needs a step with a dependency"
    assert roadmap["Requiere antes"].str.len().gt(0).any()


def test_results_show_the_framework_lenses_and_a_provisional_index():
    q = load_questionnaire(NATIONAL_2).questionnaire
    answer_directly({"strategy.national-strategy": 4, "strategy.lead-body": 2}, "government", "Ana", NATIONAL_2)
    at = open_page(results_script, lang="en", a="1")
    assert not at.exception
    assert at.metric[0].label == "Index (provisional)"
    assert any("The index is provisional" in w.value for w in at.warning)
    assert at.selectbox(key="lens").value == "cmm"
    cmm = next(d.value for d in at.dataframe if "Coverage" in d.value.columns)
    row = cmm[cmm["Code"] == "D1.1"].iloc[0]
    assert row["Element"] == "· National cybersecurity strategy"
    assert row["Score"] != "not covered"
    at.selectbox(key="lens").select("ncsi").run()
    ncsi = next(d.value for d in at.dataframe if "Coverage" in d.value.columns)
    uncovered = [e.code for e in q.framework_catalogs["ncsi"].elements
                 if not any(e.code in i.mappings.ncsi for i in q.indicators.values())]  # fmt: skip
    leaf = next(c for c in uncovered if not any(x.parent == c for x in q.framework_catalogs["ncsi"].elements))
    shown = ncsi[ncsi["Code"] == leaf].iloc[0]
    assert (shown["Stage"], shown["Score"], shown["Coverage"]) == ("not covered",) * 3
    assert any(b.label == "Word (editable)" for b in at.get("download_button"))


def test_files_are_made_in_the_assessments_language_unless_another_is_chosen():
    from assessment.web.results import file_stem

    answer_directly({"strategy.national-strategy": 4}, "government", "Ana")  # an assessment in English
    at = open_page(results_script, lang="es", a="1")
    choice = at.selectbox(key="report_language")
    assert choice.value == "en"
    assert choice.options == ["Inglés", "Español", "Portugués", "Francés"]  # named in the screen's language
    info = Store(default_url()).assessment(1)
    assert file_stem(info, "en") == "assessment-CR-2026"
    assert file_stem(info, "fr") == "evaluation-CR-2026"


def test_results_follow_the_aggregation_choice():
    answer_directly({"strategy.national-strategy": 5}, "government", "Ana")
    answer_directly({"strategy.national-strategy": 1}, "civil-society", "Luis")
    at = open_page(results_script, lang="en", a="1")
    assert at.metric[0].value == "0.0"  # lower median of 1 and 5 is 1
    at.segmented_control(key="aggregation").set_value("mean").run()
    assert at.metric[0].value == "50.0"  # mean 3


def test_consensus_overrides_the_results():
    answer_directly({"strategy.national-strategy": 5}, "government", "Ana")
    answer_directly({"strategy.national-strategy": 1}, "civil-society", "Luis")
    at = open_page(consensus_script, lang="es", a="1")
    assert not at.exception
    side_by_side = at.dataframe[0].value
    assert list(side_by_side["Participante"]) == ["Ana", "Luis"]
    at.toggle(key="only_divergent").set_value(True).run()
    assert len(at.dataframe) == 1
    at.selectbox(key="consensus_value:strategy.national-strategy").select(3)
    at.text_area(key="consensus_rationale:strategy.national-strategy").input("Acordado en el taller")
    at.button[0].click().run()
    settled = Store(default_url()).consensus(1)["strategy.national-strategy"]
    assert (settled.stage, settled.rationale) == (3, "Acordado en el taller")
    assert open_page(results_script, lang="en", a="1").metric[0].value == "50.0"


def test_unknown_assessment_in_the_url():
    at = open_page(results_script, lang="en", a="42")
    assert "no assessment number 42" in at.warning[0].value
    at = open_page(results_script, lang="en")
    assert "Choose an assessment" in at.info[0].value


def test_user_text_is_shown_as_text_not_markup():
    store = Store(default_url())
    q = load_questionnaire(NATIONAL).questionnaire
    info = store.create_assessment("CR", "**2026** <b>x</b>", q, "en", actor="t")
    person = store.add_respondent(info.id, "<img src=x onerror=alert(1)>", "[org](javascript:x)", "government",
                                  questionnaire=q, actor="t")  # fmt: skip
    at = open_page(answer_script, lang="en", a=str(info.id), r=str(person.id))
    assert not at.exception
    assert at.title[0].value == "Costa Rica · \\*\\*2026\\*\\* \\<b\\>x\\</b\\>"
    said = at.markdown[0].value
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in said
    assert "\\[org\\]\\(javascript\\:x\\)" in said


def test_sharing_is_switched_on_the_results_page():
    answer_directly({"strategy.lead-body": 3}, "government", "Ana")
    at = open_page(results_script, lang="en", a="1")
    assert at.toggle(key="shareable").value is False
    at.toggle(key="shareable").set_value(True).run()
    assert Store(default_url()).assessment(1).shareable is True
    assert Store(default_url()).audit(1)[-1].entity == "sharing"


def test_an_invited_respondent_answers_only_for_their_group_and_sees_no_results():
    from assessment.store.accounts import create_user, grant

    answer_directly({"strategy.lead-body": 3}, "government", "Ana")
    store = Store(default_url())
    user = create_user(store, "luis@example.org", "a long enough password", "respondent", actor="t")
    grant(store, user.id, assessment_id=1, group="civil-society", actor="t")
    at = signed_in(AppTest.from_function(answer_script, default_timeout=30), user.id)
    at.query_params["lang"], at.query_params["a"] = "en", "1"
    at.run()
    assert at.selectbox(key="respondent_group").options == ["Civil society"]
    assert "pick_respondent" not in [s.key for s in at.selectbox]  # Ana (government) is not offered
    at.text_input(key="respondent_name").input("Luis")
    next(b for b in at.button if b.proto.form_id == "new_respondent").click().run()
    at.radio(key="ans:1:2:strategy.lead-body:choice").set_value(1).run()
    assert store.respondent_answers(1, 2)["strategy.lead-body"].stage == 1
    assert store.respondent(1, 2).user_id == user.id
    results = signed_in(AppTest.from_function(results_script, default_timeout=30), user.id)
    results.query_params["lang"], results.query_params["a"] = "en", "1"
    results.run()
    assert results.exception  # the engine refused (app.py shows the refusal as an error message)
    assert not results.get("plotly_chart")
    assert not results.metric


def test_a_full_or_broken_database_says_nothing_was_saved(monkeypatch):
    from sqlalchemy.exc import OperationalError

    from assessment.store.repository import Store as Repository

    at = create_and_register()

    def full(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(Repository, "save_answer", full)
    at.radio(key=choice_key("1", "1", "strategy.national-strategy")).set_value(3).run()
    assert not at.exception
    assert any("nothing was saved" in e.value for e in at.error)  # beside the field: "Not saved: …"
    monkeypatch.setattr(Repository, "respondent_answers", full)
    at.run()
    assert not at.exception
    assert "The database is unavailable or full: nothing was saved" in at.error[0].value


def test_a_change_the_server_never_saw_is_saved_when_the_page_is_drawn():
    """After a server restart a tab sends its widgets' values to a new session that has no callbacks for them."""
    create_and_register()
    fresh = AppTest.from_function(answer_script, default_timeout=30)
    signed_in(fresh, ensure_admin())
    for key, value in {"lang": "en", "a": "1", "r": "1", "p": "strategy"}.items():
        fresh.query_params[key] = value
    fresh.session_state[choice_key("1", "1", "strategy.lead-body")] = 4  # what the reconnected tab shows
    fresh.run()
    assert not fresh.exception
    assert Store(default_url()).respondent_answers(1, 1)["strategy.lead-body"].stage == 4
    fresh.run()  # and nothing more is saved once the two agree
    assert len([e for e in Store(default_url()).audit(1) if e.entity == "answer"]) == 1


def test_a_tab_showing_an_older_value_does_not_write_it_back():
    """Two tabs on one respondent: a rerun of the one showing an older answer leaves the newer one alone."""
    older = create_and_register()  # this tab has drawn the strategy pillar
    q = load_questionnaire(NATIONAL_2).questionnaire
    Store(default_url()).save_answer(1, 1, "strategy.lead-body", Answer(stage=5), questionnaire=q, actor="other tab")
    older.run()
    assert not older.exception
    assert Store(default_url()).respondent_answers(1, 1)["strategy.lead-body"].stage == 5
