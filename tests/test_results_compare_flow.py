"""Results, Compare, Assessments and Live as a facilitator uses them in a workshop (issue 13).

The roadmap in full by phase; charts that tell the lowest stage from no answer, each with its
text alternative; Compare keeping its selection and ranking each country once; the assessment
chosen on Assessments opened by every page; the person's own assessments first; Live projected.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from assessment.answers import Targets
from assessment.charts.data import Series
from assessment.charts.figures import indicator_bars, radar
from assessment.charts.summary import chart_summary
from assessment.demo import load_demo
from assessment.loader import load_questionnaire
from assessment.recommend import recommend
from assessment.scoring import score
from assessment.store import Store
from assessment.store.accounts import create_user, grant, principal
from assessment.store.database import default_url
from assessment.web.safe import md_escape
from assessment.workspace import Workspace
from tests.conftest import ADMIN, NATIONAL, NATIONAL_2, ensure_admin, open_page, signed_in
from tests.conftest import answer_directly as store_answers

pytestmark = pytest.mark.slow  # runs the Results and Compare pages in Streamlit's AppTest

STAGES = {1: "Start-up", 2: "Formative", 3: "Established", 4: "Strategic", 5: "Dynamic"}


def answer_directly(stages: dict[str, int], group: str = "government", name: str = "Ana", folder=NATIONAL_2):
    return store_answers(stages, group, name, folder)


@pytest.fixture(autouse=True)
def fresh_database(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def demo() -> Store:
    store = Store(default_url())
    load_demo(store, load_questionnaire(NATIONAL).questionnaire)
    return store


def results_script():
    from assessment.web.results import render_results_page

    render_results_page()


def live_script():
    from assessment.web.live import render_live_page

    render_live_page()


def compare_script():
    from assessment.web.compare import render_compare_page

    render_compare_page()


def pages_script():
    """Several pages in one session, as the menu switches them: the page to draw is in the session."""
    import streamlit as st

    from assessment.web.app import RENDERERS
    from assessment.web.nav import build_pages

    build_pages(RENDERERS, "en")
    RENDERERS[st.session_state.get("test_page", "assessments")]()


def go_to(at: AppTest, page: str) -> AppTest:
    """What the menu does: another page, without the query parameters of the one left."""
    at.session_state["test_page"] = page
    for name in list(at.query_params):
        if name != "lang":
            del at.query_params[name]
    return at.run()


def figure(chart) -> dict:
    return json.loads(chart.proto.spec)


# -- the charts -------------------------------------------------------------------------


def test_indicator_bars_draw_the_lowest_stage_and_say_which_have_no_stage():
    bars = indicator_bars(["Strategy", "Lead body", "Budget", "Other"], [1, None, 3, None], {"Strategy": 4},
                          STAGES, language="es", not_applicable=[3])  # fmt: skip
    drawn = bars.data[0]
    ends = [drawn.base + length for length in drawn.x]
    assert ends[0] == 1
    assert drawn.x[0] > 0
    assert ends[2] == 3
    assert drawn.x[1] == 0
    assert drawn.x[3] == 0
    assert list(drawn.text) == ["1", "sin responder", "3", "no aplica"]
    assert bars.data[1].x == (4, None, None, None)  # the target marker at the target stage
    assert bars.data[1].name == "Meta"


def test_radar_leaves_a_gap_where_a_pillar_has_no_answers_and_says_so():
    shown = radar(["Strategy", "CSIRT", "Skills"], [Series("Current", [62.5, None, 0.0])], language="fr")
    line = shown.data[0]
    assert line.r == (62.5, None, 0.0, 62.5)  # the unanswered pillar is a gap, not 0; a real 0 stays 0
    assert line.connectgaps is False
    assert line.customdata[:3] == ("62,5", "sans réponse", "0,0")  # hovers in the language's way
    assert shown.data[-1].name.startswith("Une coupure dans une ligne")  # the legend says what a gap is
    complete = radar(["Strategy", "CSIRT", "Skills"], [Series("Current", [62.5, 10.0, 0.0])], language="en")
    assert len(complete.data) == 1
    assert complete.data[0].fill == "toself"


# -- Results ----------------------------------------------------------------------------


def test_the_roadmap_is_shown_in_full_one_table_per_phase():
    q = load_questionnaire(NATIONAL_2).questionnaire
    stages = {i.id: 1 for i in q.pillars[0].indicators if i.kind == "stages"}
    store, q, info = answer_directly(stages)
    store.set_targets(info.id, Targets(5), questionnaire=q, actor="t")
    at = open_page(results_script, lang="en", a=str(info.id))
    assert not at.exception
    expected = recommend(q, score(q, store.answers(info.id), store.consensus(info.id)), Targets(5))
    assert len(expected) > 20  # more than a scrolling grid shows
    phases = [p for p in ("now", "next", "later") if any(r.phase == p for r in expected)]
    assert [h.value for h in at.subheader] == [
        f"{p.capitalize()}: {sum(r.phase == p for r in expected)} step(s)" for p in phases
    ]
    tables = [t.value for t in at.table]
    assert len(tables) == len(phases)
    assert sum(len(t) for t in tables) == len(expected)  # every row, none left in a scroll
    assert [int(n) for n in pd.concat(tables)["Rank"]] == [r.rank for r in expected]
    first = expected[0]
    assert tables[0]["Recommendation"].iloc[0] == md_escape(q.text(first.text, "en"))
    assert not [d for d in at.dataframe if "Rank" in d.value.columns]


def test_results_sections_are_the_level_below_the_title():
    store, q, info = answer_directly({"strategy.national-strategy": 3})
    store.set_targets(info.id, Targets(4), questionnaire=q, actor="t")
    at = open_page(results_script, lang="en", a=str(info.id))
    headers = [h.value for h in at.header]
    for section in ("Where respondents disagree", "Targets", "Prioritised recommendations", "Downloads"):
        assert section in headers
    assert all(h.value.split(":")[0] in {"Now", "Next", "Later"} for h in at.subheader)


def test_results_charts_tell_stage_1_from_no_answer_and_are_said_in_words():
    store, q, info = answer_directly({"strategy.national-strategy": 1, "strategy.lead-body": 3})
    at = open_page(results_script, lang="en", a=str(info.id))
    assert not at.exception
    radar_chart, bars_chart = at.get("plotly_chart")
    pillar_line = figure(radar_chart)["data"][0]
    assert pillar_line["r"][1] is None  # the CSIRT pillar has no answer: a gap, not 0
    bars = figure(bars_chart)["data"][0]
    strategy = q.pillar("strategy")
    position = {i.id: n for n, i in enumerate(strategy.indicators)}
    assert bars["base"] + bars["x"][position["strategy.national-strategy"]] == 1  # stage 1 has a bar
    assert bars["x"][position["strategy.national-strategy"]] > 0
    unanswered = next(n for i, n in position.items() if i not in {"strategy.national-strategy", "strategy.lead-body"})
    assert bars["text"][unanswered] == "not answered"

    scores = score(q, store.answers(info.id), store.consensus(info.id))
    axes = [q.text(p.name, "en") for p in q.pillars]
    said_radar = chart_summary(axes, [Series("Current", [p.score for p in scores.pillars])], "en")
    labels = [q.text(i.title, "en") for i in strategy.indicators]
    said_bars = chart_summary(labels, [Series("Current", [scores.indicator(i.id).score for i in strategy.indicators])],
                              "en")  # fmt: skip
    captions = [c.value for c in at.caption]
    assert md_escape(said_radar) in captions
    assert md_escape(said_bars) in captions


# -- Live -------------------------------------------------------------------------------


def projection_styles(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.get("html") if 'data-testid="stSidebar"' in e.proto.body]


def test_live_projection_mode_hides_the_menu_writes_larger_and_is_left_with_the_same_switch():
    store, q, info = answer_directly({"strategy.national-strategy": 2})
    at = open_page(live_script, lang="en", a=str(info.id))
    assert not at.exception
    assert at.toggle(key="live_projection").value is False
    assert projection_styles(at) == []
    assert at.header[0].value == "Where respondents disagree"  # h2 under the page's h1
    results = Workspace(store, principal(store, ensure_admin())).results(info.id, q)
    lines = [Series("Current", [p.score for p in results.scores.pillars])]
    lines += [Series(q.text(q.groups[g].name, "en"), [p.score for p in s.pillars]) for g, s in results.by_group.items()]
    axes = [q.text(p.name, "en") for p in q.pillars]
    assert md_escape(chart_summary(axes, lines, "en")) in [c.value for c in at.caption]

    at.toggle(key="live_projection").set_value(True).run()
    assert at.query_params["full"] == "1"  # a reload of the projector stays in the mode
    (style,) = projection_styles(at)
    assert style.startswith("<style>")
    assert style.endswith("</style>")
    assert "display: none" in style
    assert "font-size" in style
    assert figure(at.get("plotly_chart")[0])["layout"]["font"]["size"] >= 18

    reloaded = open_page(live_script, lang="en", a=str(info.id), full="1")
    assert reloaded.toggle(key="live_projection").value is True
    assert len(projection_styles(reloaded)) == 1
    reloaded.toggle(key="live_projection").set_value(False).run()
    assert "full" not in reloaded.query_params
    assert projection_styles(reloaded) == []


# -- Compare ----------------------------------------------------------------------------


def test_compare_keeps_its_selection_when_the_page_is_left_and_opened_again(demo):
    at = signed_in(AppTest.from_function(pages_script, default_timeout=60), ensure_admin())
    at.query_params["lang"] = "en"
    at.session_state["test_page"] = "compare"
    at.run()
    at.multiselect(key="compare_selection").set_value([2, 4, 6]).run()
    at.toggle(key="compare_every_round").set_value(True).run()
    go_to(at, "assessments")
    assert not at.exception
    assert "compare_selection" not in [m.key for m in at.multiselect]
    go_to(at, "compare")
    assert not at.exception
    assert at.multiselect(key="compare_selection").value == [2, 4, 6]
    assert at.toggle(key="compare_every_round").value is True
    assert len(at.dataframe[0].value) == 3


def test_the_ranking_takes_each_countrys_latest_round_unless_every_round_is_asked_for(demo):
    at = open_page(compare_script, lang="en")
    at.multiselect(key="compare_selection").set_value([1, 2, 3]).run()  # Arcadia 2024 and 2026, Borealis 2024
    assert not at.exception
    ranking = at.dataframe[0].value
    assert len(ranking) == 2
    assert sorted(ranking["Assessment"].str[-4:]) == ["2024", "2026"]
    assert any(a.startswith("Arcadia") and a.endswith("2026") for a in ranking["Assessment"])
    assert any("1 earlier round(s) left out" in c.value for c in at.caption)
    at.toggle(key="compare_every_round").set_value(True).run()
    assert len(at.dataframe[0].value) == 3


def test_compare_charts_have_text_alternatives(demo):
    at = open_page(compare_script, lang="es")
    at.multiselect(key="compare_selection").set_value([1, 2, 4]).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Puntuaciones sobre 100") for c in captions)  # the radar, then the trends
    assert sum(c.startswith("Puntuaciones sobre 100") for c in captions) == 2
    stages = next(e for e in at.expander if e.label == "Las etapas en una tabla")
    table = stages.dataframe[0].value
    assert next(iter(table.columns)) == "Indicador"
    assert len(table) == len(load_questionnaire(NATIONAL).questionnaire.indicators)
    assert all(" · " in v or v.startswith("sin etapa") for v in table.iloc[:, 1])


def test_heatmap_labels_are_short_wrapped_and_keep_every_row():
    from assessment.charts.figures import heatmap_figure

    q = load_questionnaire(NATIONAL_2).questionnaire
    long = "A very long indicator title that goes on and on about national cybersecurity governance"
    frame = pd.DataFrame({"Arcadia (fictional) · 2026": [1, None, 3], "Borealia (fictional) · 2024": [2, 5, None]},
                         index=[long, long, "Short"], dtype="Float64")  # fmt: skip
    shown = heatmap_figure(frame, q, "en")
    assert list(shown.data[0].y) == [0, 1, 2]  # two indicators with one title keep their own rows
    ticks = shown.layout.yaxis.ticktext
    assert all(len(line) <= 30 for tick in ticks for line in tick.split("<br>"))
    assert ticks[0].endswith("…")
    assert ticks[2] == "Short"
    assert shown.layout.xaxis.tickangle == -35
    assert all(len(line) <= 16 for tick in shown.layout.xaxis.ticktext for line in tick.split("<br>"))
    assert long in shown.data[0].text[0][0].replace("<br>", " ")  # the full title in the hover
    taller = heatmap_figure(pd.concat([frame] * 10), q, "en")
    assert taller.layout.height - shown.layout.height == 27 * 34


# -- Assessments: one picker for every page, the person's own first -----------------------


def test_choosing_on_assessments_opens_it_on_live_results_and_consensus(demo):
    at = signed_in(AppTest.from_function(pages_script, default_timeout=60), ensure_admin())
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    at.selectbox(key="open_assessment").select(6).run()  # Coralia (fictional) · 2026
    assert at.query_params["a"] == "6"
    for page in ("live", "results", "consensus"):
        go_to(at, page)
        assert not at.exception, page
        assert at.title[0].value.replace("\\", "").endswith("Coralia (fictional) · 2026"), page
    go_to(at, "assessments")
    assert at.selectbox(key="open_assessment").value == 6  # the picker shows the one open


def test_choosing_another_assessment_forgets_the_respondent_and_a_stale_one_is_forgotten(demo):
    at = signed_in(AppTest.from_function(pages_script, default_timeout=60), ensure_admin())
    at.query_params.update({"lang": "en", "a": "2", "r": "3"})
    at.run()
    assert at.selectbox(key="open_assessment").value == 2
    assert at.query_params["r"] == "3"
    at.selectbox(key="open_assessment").select(4).run()
    assert "r" not in at.query_params

    at.query_params["a"] = "999"
    at.session_state["test_page"] = "results"
    at.run()
    assert "no assessment number 999" in at.warning[0].value
    go_to(at, "live")
    assert "Choose an assessment" in at.info[0].value


def test_the_persons_own_assessments_come_first_named_in_words():
    store, q = Store(default_url()), load_questionnaire(NATIONAL_2).questionnaire
    mine = store.create_assessment("CR", "2027", q, "es", actor=ADMIN)
    load_demo(store, load_questionnaire(NATIONAL).questionnaire)  # loaded after it: newer rows
    assert store.assessments()[0].id != mine.id
    at = open_page(pages_script, lang="es")
    assert not at.exception
    listed = at.dataframe[0].value
    first = listed.iloc[0]
    assert (first["País"], first["Ronda"], bool(first["Suya"])) == ("Costa Rica", "2027", True)
    assert first["Cuestionario"] == f"{q.text(q.title, 'es')} · 2.0.0"
    assert first["Idioma"] == "Español"
    assert listed["Suya"].sum() == 1
    assert set(listed["Idioma"][1:]) == {"Inglés"}  # never a bare code such as "en"
    assert at.selectbox(key="open_assessment").value == mine.id


def test_a_facilitator_sees_the_assessment_they_answer_in_before_the_rest_of_their_country():
    store = Store(default_url())
    q = load_questionnaire(NATIONAL_2).questionnaire
    facilitator = create_user(store, "fa@example.org", "a long enough password", "facilitator", actor="t")
    grant(store, facilitator.id, country="CR", actor="t")
    answered = store.create_assessment("CR", "2025", q, "en", actor="t")
    store.add_respondent(answered.id, "Fa", "Org", "government", questionnaire=q, actor="t", user_id=facilitator.id)
    store.create_assessment("CR", "2026", q, "en", actor="t")  # newer, of the same country
    store.create_assessment("PA", "2026", q, "en", actor="t")  # outside the scope: not listed
    at = signed_in(AppTest.from_function(pages_script, default_timeout=60), facilitator.id)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    listed = at.dataframe[0].value
    assert list(listed["Round"]) == ["2025", "2026"]
    assert list(listed["Yours"]) == [True, False]
