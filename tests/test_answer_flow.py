"""The answering flow a respondent filling a whole questionnaire in one sitting expects (AppTest).

Moving from pillar to pillar, completion marks, "don't know" explained, the stage a checklist
gives, the review flag and the list of flagged indicators, the saved state of typed text,
and a new respondent starting on their own first pillar.
"""

from __future__ import annotations

import json

import pytest

from assessment.answers import Answer, Status
from assessment.i18n import translate
from assessment.loader import load_questionnaire
from assessment.scoring import checklist_stage
from assessment.store import Store
from assessment.store.database import default_url
from assessment.web.answer import block_key, flow_script
from assessment.web.safe import md_escape
from tests.conftest import NATIONAL_2, open_page

pytestmark = pytest.mark.slow  # runs the Answer page in Streamlit's AppTest, about a second a test

Q = load_questionnaire(NATIONAL_2).questionnaire


@pytest.fixture(autouse=True)
def fresh_database(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))


def answer_script():
    from assessment.web.answer import render_answer_page

    render_answer_page()


def seed(answers: dict[str, Answer] | None = None, group: str = "government", name: str = "Ana") -> int:
    """A 2.0.0 assessment (created once) with one more respondent and their answers; the respondent's id."""
    store = Store(default_url())
    existing = store.assessments()
    info = existing[0] if existing else store.create_assessment("CR", "2026", Q, "en", actor="t")
    person = store.add_respondent(info.id, name, "Org", group, questionnaire=Q, actor="t")
    for indicator, answer in (answers or {}).items():
        store.save_answer(info.id, person.id, indicator, answer, questionnaire=Q, actor="t")
    store.engine.dispose()
    return person.id


def pillars_of(group: str) -> list[str]:
    return [p.id for p in Q.pillars if any(i.is_asked_of(group) for i in p.indicators)]


def asked(pillar: str, group: str = "government") -> list[str]:
    return [i.id for i in Q.pillar(pillar).indicators if i.is_asked_of(group)]


def name(pillar: str) -> str:
    return Q.text(Q.pillar(pillar).name, "en")


def buttons(at) -> dict[str, object]:
    return {b.key: b for b in at.button if b.key}


def progress_text(at) -> str:
    return at.get("progress")[0].proto.text


# -- 1. previous and next pillar ---------------------------------------------------------


def test_previous_and_next_move_through_the_pillars_of_the_respondents_group_in_order():
    seed(group="justice")
    order = pillars_of("justice")
    assert len(order) < len(Q.pillars)  # the group skips pillars: "next" must skip them too
    at = open_page(answer_script, lang="en", a="1", r="1")
    assert at.radio(key="pillar:1:1").value == order[0]
    assert "pillar_previous" not in buttons(at)  # nothing before the first pillar
    for at_index, pillar in enumerate(order[1:], start=1):
        step = buttons(at)["pillar_next"]
        assert step.label == f"Next pillar: {name(pillar)} →"
        step.click().run()
        assert not at.exception
        assert at.radio(key="pillar:1:1").value == pillar
        assert at.query_params["p"] == pillar
        shown = {k.split(":")[3] for k in (r.key for r in at.radio) if k and k.endswith(":choice")}
        assert shown == set(asked(pillar, "justice")), at_index
    assert "pillar_next" not in buttons(at)  # nothing after the last one
    back = buttons(at)["pillar_previous"]
    assert back.label == f"← Previous pillar: {name(order[-2])}"
    back.click().run()
    assert at.radio(key="pillar:1:1").value == order[-2]
    assert at.query_params["p"] == order[-2]


def test_the_pillar_steps_are_buttons_at_the_bottom_of_the_pillar():
    """Buttons (reached with Tab, pressed with Enter or Space) drawn after the last indicator of the pillar."""
    seed()
    at = open_page(answer_script, lang="en", a="1", r="1", p="strategy")
    tree = [node for node in at.main if getattr(node, "key", None)]
    keys = [n.key for n in tree]
    last_block = max(i for i, k in enumerate(keys) if k.startswith("ans:") and k.endswith(":comment"))
    assert keys.index("pillar_next") > last_block


# -- 2. completion marks in the pillar picker ----------------------------------------------


def test_the_pillar_picker_marks_complete_pillars_and_counts_the_others():
    diplomacy = {i: Answer(stage=2) for i in asked("diplomacy")}
    first_strategy = asked("strategy")[0]
    diplomacy[first_strategy] = Answer(stage=3)
    diplomacy[asked("legal")[-1]] = Answer(status=Status.NOT_APPLICABLE)  # settled: counts as answered
    seed(diplomacy)
    at = open_page(answer_script, lang="en", a="1", r="1")
    picker = at.radio(key="pillar:1:1")
    marks = dict(zip(pillars_of("government"), picker.proto.captions, strict=True))
    assert marks["diplomacy"] == "✓"
    assert marks["strategy"] == f"1/{len(asked('strategy'))}"
    assert marks["legal"] == f"1/{len(asked('legal'))}"
    assert marks["csirt"] == f"0/{len(asked('csirt'))}"
    assert picker.options == [name(p) for p in pillars_of("government")]  # marks beside the names, not in them


def test_a_mark_follows_an_answer_given_on_the_page_and_the_picker_keeps_its_pillar():
    diplomacy = asked("diplomacy")
    seed({i: Answer(stage=2) for i in diplomacy[:-1]})
    at = open_page(answer_script, lang="en", a="1", r="1", p="diplomacy")
    assert at.radio(key="pillar:1:1").proto.captions[pillars_of("government").index("diplomacy")] == (
        f"{len(diplomacy) - 1}/{len(diplomacy)}"
    )
    at.radio(key=f"ans:1:1:{diplomacy[-1]}:choice").set_value(4).run()
    assert at.radio(key="pillar:1:1").proto.captions[pillars_of("government").index("diplomacy")] == "✓"
    assert at.radio(key="pillar:1:1").value == "diplomacy"


# -- 3. "don't know" explained ---------------------------------------------------------------


def test_dont_know_is_counted_and_said_to_count_as_unanswered():
    strategy = [i for i in asked("strategy") if Q.indicators[i].kind == "stages"]
    total = len(Q.indicators_for("government"))
    seed({strategy[0]: Answer(stage=3), strategy[1]: Answer(status=Status.DONT_KNOW)})
    at = open_page(answer_script, lang="en", a="1", r="1", p="strategy")
    assert progress_text(at) == f"1 of {total} indicators answered · “Don't know”: 1 (counts as unanswered)"
    here = [c.value for c in at.caption if c.value.startswith("This pillar:")]
    assert here == [
        f"This pillar: 1 of {len(asked('strategy'))} indicators answered · “Don't know”: 1 (counts as unanswered)"
    ]
    at.radio(key=f"ans:1:1:{strategy[2]}:choice").set_value("dk").run()
    assert progress_text(at) == f"1 of {total} indicators answered · “Don't know”: 2 (counts as unanswered)"
    at.radio(key=f"ans:1:1:{strategy[1]}:choice").set_value(2).run()  # one "don't know" settled
    assert progress_text(at) == f"2 of {total} indicators answered · “Don't know”: 1 (counts as unanswered)"
    at.radio(key=f"ans:1:1:{strategy[2]}:choice").set_value(1).run()
    assert progress_text(at) == f"3 of {total} indicators answered"  # no "don't know" left: nothing to explain


def test_dont_know_is_explained_in_spanish():
    strategy = asked("strategy")
    seed({strategy[0]: Answer(status=Status.DONT_KNOW)})
    at = open_page(answer_script, lang="es", a="1", r="1", p="strategy")
    total = len(Q.indicators_for("government"))
    assert progress_text(at) == f"0 de {total} indicadores respondidos · «No sé»: 1 (cuenta como sin responder)"


# -- 4. the stage a checklist gives ------------------------------------------------------------


def gives_line(at, indicator: str) -> str:
    prefix = "With the items ticked now"
    lines = [m.value for m in at.markdown if m.value.startswith(prefix)]
    assert len(lines) == 1, lines
    return lines[0]


def expected_line(indicator: str, met: set[str]) -> str:
    stage, _ = checklist_stage(Q.indicators[indicator], met, Q.scale.lowest)
    stage_name = next(Q.text(s.name, "en") for s in Q.scale.stages if s.value == stage)
    total = len(Q.indicators[indicator].items)
    return translate("answer.checklist_gives", "en", stage=stage, name=md_escape(stage_name), met=len(met), total=total)


def test_a_checklist_shows_the_stage_it_gives_as_items_are_ticked():
    seed()
    at = open_page(answer_script, lang="en", a="1", r="1", p="csirt")
    at.radio(key="ans:1:1:csirt.services:choice").set_value("checklist").run()
    assert gives_line(at, "csirt.services") == expected_line("csirt.services", set())
    assert "stage **1 · Start\\-up**" in gives_line(at, "csirt.services")
    met: set[str] = set()
    for item, stage_after in [("incident-handling", 1), ("alerts-warnings", 2), ("malware-analysis", 2),
                              ("service-catalogue", 2), ("after-hours", 3)]:  # fmt: skip
        at.checkbox(key=f"ans:1:1:csirt.services:items:{item}").check().run()
        met.add(item)
        line = gives_line(at, "csirt.services")
        assert line == expected_line("csirt.services", met)
        assert f"stage **{stage_after} · " in line, item
    assert f"({len(met)} of 8 items met)" in line
    stored = Store(default_url()).respondent_answers(1, 1)["csirt.services"]
    assert stored.items == met


def test_a_checklist_read_back_from_the_database_shows_its_stage():
    seed({"csirt.services": Answer(items=frozenset({"incident-handling", "alerts-warnings"}))})
    at = open_page(answer_script, lang="en", a="1", r="1", p="csirt")
    assert "stage **2 · Formative**" in gives_line(at, "csirt.services")


# -- 5. the review flag and the list of flagged indicators ------------------------------------


def test_the_review_flag_shows_after_a_reload_in_notes_that_open_for_it():
    strategy = asked("strategy")
    seed({strategy[2]: Answer(stage=2, review=True), strategy[3]: Answer(stage=2)})
    at = open_page(answer_script, lang="en", a="1", r="1", p="strategy")

    def notes_of(indicator: str):
        key = f"ans:1:1:{indicator}:review"
        return next(e for e in at.expander if key in [c.key for c in e.checkbox])

    flagged = notes_of(strategy[2])
    assert flagged.checkbox(key=f"ans:1:1:{strategy[2]}:review").value is True
    assert flagged.proto.expanded is True  # open: the flag is in sight after the reload
    plain = notes_of(strategy[3])
    assert plain.checkbox(key=f"ans:1:1:{strategy[3]}:review").value is False
    assert plain.proto.expanded is False  # nothing in it: closed


def test_the_flagged_indicators_are_listed_and_each_goes_to_its_pillar():
    strategy = asked("strategy")
    seed({strategy[2]: Answer(stage=2, review=True), "csirt.exercises": Answer(status=Status.UNANSWERED, review=True)})
    at = open_page(answer_script, lang="en", a="1", r="1", p="strategy")
    listing = next(e for e in at.expander if e.label.startswith("Marked for review"))
    assert listing.label == "Marked for review (2)"
    labels = [b.label for b in listing.button]
    title = Q.text(Q.indicators[strategy[2]].title, "en")
    exercises = Q.text(Q.indicators["csirt.exercises"].title, "en")
    assert labels == [f"{name('strategy')} · {title}", f"{name('csirt')} · {exercises}"]  # questionnaire order
    next(b for b in listing.button if b.key == "review:csirt.exercises").click().run()
    assert at.radio(key="pillar:1:1").value == "csirt"
    assert at.query_params["p"] == "csirt"
    assert at.checkbox(key="ans:1:1:csirt.exercises:review").value is True
    assert any(block_key("csirt.exercises") in h.proto.body for h in at.get("html"))  # brought into view

    at.checkbox(key="ans:1:1:csirt.exercises:review").uncheck().run()
    listing = next(e for e in at.expander if e.label.startswith("Marked for review"))
    assert listing.label == "Marked for review (1)"
    assert "csirt.exercises" not in Store(default_url()).respondent_answers(1, 1)  # nothing left to keep


def test_no_list_when_nothing_is_flagged():
    seed({asked("strategy")[0]: Answer(stage=2)})
    at = open_page(answer_script, lang="en", a="1", r="1")
    assert not [e for e in at.expander if e.label.startswith("Marked for review")]


# -- 6. typed text: "Saved at" only beside what is stored ----------------------------------------


def test_the_saved_state_changes_element_with_every_save():
    """The page script shows "Not saved yet" in place of the saved state while a text is unsent, then
    "Saving…" until the saved state's container changes: its key must change with every save."""
    seed({"strategy.lead-body": Answer(stage=2, evidence="Decree 1")})
    at = open_page(answer_script, lang="en", a="1", r="1", p="strategy")
    block = block_key("strategy.lead-body")

    def keyed() -> list[str]:
        return [n.key for n in at.main if getattr(n, "key", None) and n.key.startswith(f"saved-{block}")]

    assert keyed() == [f"saved-{block}-0"]
    at.text_area(key="ans:1:1:strategy.lead-body:evidence").input("Decree 1 and 2").run()
    assert keyed() == [f"saved-{block}-1"]
    at.text_area(key="ans:1:1:strategy.lead-body:evidence").input("Decree 1 and 2 ").run()  # the same once stripped
    assert keyed() == [f"saved-{block}-2"]  # nothing changed in the database, but the server has answered
    assert Store(default_url()).respondent_answers(1, 1)["strategy.lead-body"].evidence == "Decree 1 and 2"
    saved = at.main.get_by_key(f"saved-{block}-2")
    assert saved.caption[0].value.startswith(":green[✓ Saved at")


@pytest.mark.parametrize("lang", ["en", "es", "pt", "fr"])
def test_the_page_script_carries_the_notes_in_the_screens_language(lang):
    seed()
    at = open_page(answer_script, lang=lang, a="1", r="1")
    scripts = [h.proto.body for h in at.get("html") if "__cmaAnswerFlow" in h.proto.body]
    assert scripts == [flow_script(lang)]
    for key in ("answer.not_saved_yet", "answer.saving"):
        assert json.dumps(translate(key, lang), ensure_ascii=False) in scripts[0]
    assert "__CONFIG__" not in scripts[0]


def test_a_failed_save_shows_no_saved_time(monkeypatch):
    from sqlalchemy.exc import OperationalError

    from assessment.store.repository import Store as Repository

    seed({"strategy.lead-body": Answer(stage=2)})
    at = open_page(answer_script, lang="en", a="1", r="1", p="strategy")

    def full(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(Repository, "save_answer", full)
    at.text_area(key="ans:1:1:strategy.lead-body:comment").input("To check").run()
    block = block_key("strategy.lead-body")
    saved = next(n for n in at.main if getattr(n, "key", "") and n.key.startswith(f"saved-{block}-"))
    assert not [c for c in saved.caption if "Saved at" in c.value]
    assert any("nothing was saved" in e.value for e in at.error)


# -- 7. a new respondent starts on their own first pillar ---------------------------------------


def test_a_newly_registered_respondent_starts_at_the_first_pillar_of_their_group():
    seed()
    at = open_page(answer_script, lang="en", a="1", r="1", p="legal")
    assert at.radio(key="pillar:1:1").value == "legal"
    buttons(at)["change_respondent"].click().run()
    assert "p" not in at.query_params
    at.text_input(key="respondent_name").input("Luis")
    at.text_input(key="respondent_org").input("Fiscalía")
    at.selectbox(key="respondent_group").select("justice")
    next(b for b in at.button if b.proto.form_id == "new_respondent").click().run()
    assert not at.exception
    assert at.query_params["r"] == "2"
    assert at.radio(key="pillar:1:2").value == pillars_of("justice")[0]
    assert at.query_params["p"] == pillars_of("justice")[0]


def test_a_respondent_switched_to_starts_at_their_first_pillar_not_the_previous_persons():
    seed(name="Ana")
    seed(group="justice", name="Luis")
    at = open_page(answer_script, lang="en", a="1", r="1", p="technology")  # Ana on the last pillar
    assert at.radio(key="pillar:1:1").value == "technology"
    buttons(at)["change_respondent"].click().run()
    at.selectbox(key="pick_respondent").select(2)
    buttons(at)["continue_respondent"].click().run()
    assert at.query_params["r"] == "2"
    assert at.radio(key="pillar:1:2").value == pillars_of("justice")[0]  # "technology" is asked of justice too
    buttons(at)["change_respondent"].click().run()
    at.selectbox(key="pick_respondent").select(1)
    buttons(at)["continue_respondent"].click().run()
    assert at.radio(key="pillar:1:1").value == pillars_of("government")[0]


def test_a_pillar_in_the_url_with_its_respondent_is_kept_on_reload():
    seed()
    at = open_page(answer_script, lang="en", a="1", r="1", p="legal")
    assert at.radio(key="pillar:1:1").value == "legal"


# -- headings in order (h1 page, h2 pillar, h3 indicator) ------------------------------------------


def test_headings_go_down_one_level_at_a_time():
    seed()
    at = open_page(answer_script, lang="en", a="1", r="1", p="strategy")
    assert [h.value for h in at.title] == ["Costa Rica · 2026"]  # h1
    assert [h.value for h in at.header] == [name("strategy")]  # st.header: h2
    assert not at.subheader  # h3 from st.subheader would skip h2 elsewhere on the page
    titles = [m.value for m in at.markdown if m.value.startswith("#")]
    assert titles
    assert all(t.startswith("### ") for t in titles)
