"""Answer: one respondent, one pillar at a time, every change saved the moment it is made.

Widgets only show and collect values; the database is the memory. A widget that is
not drawn (another pillar) forgets its state, so every widget starts from the stored
answer, and every change goes straight to `Store.save_answer` in a callback.

Every change reruns the whole page, so the progress, the pillar picker's completion marks
and the review list are always those of the stored answers. (Indicator blocks as
`st.fragment`s were tried and measured: a change that moves the counts must then escalate
to a whole-page run, and that made the first answer of an indicator, the commonest
change, slower in the browser, while a block-only run saved little.)

A text area sends its value to the server only when it loses focus or on Ctrl+Enter, so
only the browser knows that a text differs from what is stored: a small script (see
`flow_script`) swaps the block's "Saved at" for "Not saved yet" while it does, and sends
an unsent text when the page is about to be left.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ..access import Reach, reach_of
from ..answers import Answer, Status
from ..errors import AssessmentError
from ..i18n import explain, translate
from ..model import Indicator, Pillar, Questionnaire
from ..scoring import checklist_stage
from ..store import RespondentInfo
from .context import Opened, assessment_title, get_workspace, opened_answering, opened_assessment
from .localise import clock_time
from .safe import md_definitions, md_escape
from .state import (
    ANSWER_DRAWN,
    ANSWER_FOCUS,
    ANSWER_FOCUS_COUNT,
    ANSWER_SAVE_COUNT,
    ANSWER_SAVE_STATUS,
    PILLAR_PARAM,
    choose_respondent,
    current_language,
    forget_respondent,
    pillar_picker_key,
    pillar_shown,
    widget,
    widget_text,
)

NOT_APPLICABLE, DONT_KNOW, CHECKLIST = "na", "dk", "checklist"
PILLAR_TOP = "pillar-top"


@dataclass(frozen=True)
class PillarProgress:
    """Of one pillar's indicators asked of the respondent: how many are settled, and how many are "don't know"."""

    answered: int
    dont_know: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def widget_key(opened: Opened, respondent: RespondentInfo, indicator_id: str, part: str) -> str:
    return f"ans:{opened.info.id}:{respondent.id}:{indicator_id}:{part}"


def block_key(indicator_id: str) -> str:
    """The key of an indicator's block; Streamlit turns it into the CSS class `st-key-<key>`."""
    return "indicator-" + indicator_id.replace(".", "-")


def widget_keys(opened: Opened, respondent: RespondentInfo, indicator: Indicator) -> dict[str, str]:
    parts = ("choice", "items", "evidence", "links", "comment", "review")
    return {part: widget_key(opened, respondent, indicator.id, part) for part in parts}


def answer_from_widgets(indicator: Indicator, keys: dict[str, str]) -> Answer | None:
    """The answer the widgets of one indicator describe; None when they hold nothing at all."""
    evidence = (widget_text(keys["evidence"]) or "").strip()
    links = tuple(line.strip() for line in (widget_text(keys["links"]) or "").splitlines() if line.strip())
    comment = (widget_text(keys["comment"]) or "").strip()
    review = bool(widget(keys["review"]).get())
    notes = Answer(evidence=evidence, links=links, comment=comment, review=review)
    choice = widget(keys["choice"]).get()
    if choice == NOT_APPLICABLE:
        return replace(notes, status=Status.NOT_APPLICABLE)
    if choice == DONT_KNOW:
        return replace(notes, status=Status.DONT_KNOW)
    if choice == CHECKLIST:
        met = frozenset(item.id for item in indicator.items or [] if widget(f"{keys['items']}:{item.id}").get())
        return replace(notes, items=met)
    if isinstance(choice, int):
        return replace(notes, stage=choice)
    if evidence or links or comment or review:
        return replace(notes, status=Status.UNANSWERED)
    return None


def save_indicator(opened: Opened, respondent: RespondentInfo, indicator: Indicator, keys: dict[str, str]) -> None:
    """Widget callback: store what the widgets now say, and remember the outcome to show it."""
    statuses = ANSWER_SAVE_STATUS.setdefault(dict)
    counts = ANSWER_SAVE_COUNT.setdefault(dict)
    counts[indicator.id] = counts.get(indicator.id, 0) + 1
    answer = answer_from_widgets(indicator, keys)
    try:
        saved_at = get_workspace().save_answer(
            opened.info.id, respondent.id, indicator.id, answer, opened.questionnaire
        )
    except AssessmentError as exc:
        statuses[indicator.id] = ("error", explain(exc, current_language()))
    except SQLAlchemyError:
        statuses[indicator.id] = ("error", translate("common.database_unavailable", current_language()))
    else:
        statuses[indicator.id] = ("saved", saved_at)


def save_missed_change(
    opened: Opened, respondent: RespondentInfo, indicator: Indicator, keys: dict[str, str], stored: Answer | None
) -> datetime | None:
    """Save what the widgets show when it differs from what is stored; the time saved, or None.

    Called only the first time an indicator is drawn in a server session. On a new page
    the widgets start from the stored answer, so the two agree. They differ when a tab
    reconnects after a server restart: the browser sends the change it made, but the new
    server session has no callbacks to run for it. Saving it here means nothing the
    person did is lost. (Later in a session the callbacks save every change, and a tab
    that merely shows an older value must not write it back over another tab's change.)
    """
    shown = answer_from_widgets(indicator, keys)
    if shown == stored or (shown is None and stored is not None and stored.status is Status.UNANSWERED):
        return None
    save_indicator(opened, respondent, indicator, keys)
    outcome = ANSWER_SAVE_STATUS.get_or({}).get(indicator.id)
    return outcome[1] if outcome and isinstance(outcome[1], datetime) else None


def choice_of(answer: Answer | None, indicator: Indicator) -> object:
    if answer is None or answer.status is Status.UNANSWERED:
        return None
    if answer.status is Status.NOT_APPLICABLE:
        return NOT_APPLICABLE
    if answer.status is Status.DONT_KNOW:
        return DONT_KNOW
    return CHECKLIST if indicator.kind == "checklist" else answer.stage


def render_saved_state(indicator: Indicator, saved: datetime | None, language: str) -> None:
    """ "Saved at …", "Not answered yet" or why nothing was saved, in a container whose key changes with each save.

    While a text of the block is not sent yet, the page script (`flow_script`) shows "Not saved
    yet" in its place, then "Saving…" until the container changes: the server has answered.
    """
    outcome = ANSWER_SAVE_STATUS.get_or({}).get(indicator.id)
    count = ANSWER_SAVE_COUNT.get_or({}).get(indicator.id, 0)
    with st.container(key=f"saved-{block_key(indicator.id)}-{count}"):
        if outcome and outcome[0] == "error":
            st.error(translate("answer.not_saved", language, reason=outcome[1]))
        elif saved is not None:
            st.caption(f":green[✓ {translate('answer.saved', language, time=clock_time(saved, language))}]")
        else:
            st.caption(translate("answer.not_answered", language))


def render_checklist(
    opened: Opened,
    indicator: Indicator,
    stored: Answer | None,
    keys: dict[str, str],
    *,
    callback: dict[str, Any],
    language: str,
) -> None:
    """The checklist's items, then the stage they give now (`scoring.checklist_stage`, as the results count it)."""
    q = opened.questionnaire
    stage_names = {s.value: q.text(s.name, language) for s in q.scale.stages}
    met = stored.items or frozenset() if stored else frozenset()
    ticked = set()
    for item in indicator.items or []:
        if st.checkbox(
            f"{md_escape(q.text(item.text, language))} · _{md_escape(stage_names[item.stage])}_",
            value=item.id in met,
            key=f"{keys['items']}:{item.id}",
            **callback,
        ):
            ticked.add(item.id)
    stage, _coverage = checklist_stage(indicator, ticked, q.scale.lowest)
    gives = translate("answer.checklist_gives", language, stage=stage, name=md_escape(stage_names[stage]),
                      met=len(ticked), total=len(indicator.items or []))  # fmt: skip
    st.markdown(gives, help=translate("answer.checklist_rule", language))


def render_indicator(
    opened: Opened,
    respondent: RespondentInfo,
    indicator: Indicator,
    stored: Answer | None,
    *,
    saved: datetime | None,
    language: str,
) -> None:
    """One indicator's block: the stages (or checklist), the review flag, evidence and notes, the saved state."""
    q = opened.questionnaire
    keys = widget_keys(opened, respondent, indicator)
    callback: dict[str, Any] = {"on_change": save_indicator, "args": (opened, respondent, indicator, keys)}
    stage_names = {s.value: q.text(s.name, language) for s in q.scale.stages}
    with st.container(border=True, key=block_key(indicator.id)):
        st.markdown(f"### {md_escape(q.text(indicator.title, language))}", anchors=False)
        st.markdown(md_escape(q.text(indicator.question, language)))
        special: dict[object, str] = {
            NOT_APPLICABLE: translate("answer.not_applicable", language),
            DONT_KNOW: translate("answer.dont_know", language),
        }
        other = [NOT_APPLICABLE, DONT_KNOW] if indicator.not_applicable else [DONT_KNOW]
        if indicator.kind == "checklist":
            options: list[object] = [CHECKLIST, *other]
            labels: dict[object, str] = {CHECKLIST: translate("answer.use_checklist", language), **special}
        else:
            options = [*q.scale.values, *other]
            labels = {
                s: f"**{s} · {md_escape(stage_names[s])}** — {md_escape(q.text(text, language))}"
                for s, text in (indicator.descriptors or {}).items()
            }
            labels.update(special)
        render_guidance(q, indicator, stage_names, language)
        current = choice_of(stored, indicator)
        st.radio(
            translate("answer.choose", language),
            options,
            index=options.index(current) if current in options else None,
            format_func=labels.__getitem__,
            key=keys["choice"],
            horizontal=indicator.kind == "checklist",
            **callback,
        )
        if indicator.kind == "checklist" and widget(keys["choice"]).get() == CHECKLIST:
            render_checklist(opened, indicator, stored, keys, callback=callback, language=language)
        with st.expander(  # open when it holds anything, so that a review flag shows after a reload
            translate("answer.evidence_and_comments", language),
            expanded=bool(stored and (stored.has_evidence or stored.comment.strip() or stored.review)),
        ):
            st.checkbox(translate("answer.review", language), value=bool(stored and stored.review),
                        key=keys["review"], **callback)  # fmt: skip
            st.caption(md_escape(q.text(indicator.evidence, language)))
            st.text_area(translate("answer.evidence", language), value=stored.evidence if stored else "",
                         key=keys["evidence"], max_chars=20_000, **callback)  # fmt: skip
            st.text_area(translate("answer.links", language), value="\n".join(stored.links) if stored else "",
                         key=keys["links"], height=68, **callback)  # fmt: skip
            st.text_area(translate("answer.comment", language), value=stored.comment if stored else "",
                         key=keys["comment"], max_chars=20_000, **callback)  # fmt: skip
        drawn = ANSWER_DRAWN.setdefault(set)
        if keys["choice"] not in drawn:
            drawn.add(keys["choice"])
            saved = save_missed_change(opened, respondent, indicator, keys, stored) or saved
        render_saved_state(indicator, saved, language)


def render_guidance(q: Questionnaire, indicator: Indicator, stage_names: dict[int, str], language: str) -> None:
    """The rating guidance: per stage, the evidence that supports choosing it."""
    if not indicator.guidance:
        return
    with st.expander(translate("answer.guidance", language)):
        st.markdown(
            md_definitions(
                (f"{stage} · {stage_names[stage]}", q.text(text, language))
                for stage, text in sorted(indicator.guidance.items())
            )
        )


def render_glossary(q: Questionnaire, language: str, *, key: str) -> None:
    """The questionnaire's glossary, alphabetical in the reader's language."""
    if not q.glossary:
        return
    terms = sorted(q.glossary, key=lambda t: q.text(t.term, language).casefold())
    with st.expander(translate("answer.glossary", language, count=len(terms)), key=key):
        st.markdown(md_definitions((q.text(t.term, language), q.text(t.definition, language)) for t in terms))


def render_respondent_picker(opened: Opened, language: str) -> None:
    """Continue as an existing respondent, or register as a new one; the choice goes into the URL."""
    workspace, q = get_workspace(), opened.questionnaire
    people = workspace.respondents(opened.info.id)
    group_names = {g.id: q.text(g.name, language) for g in q.stakeholder_groups}
    person = workspace.principal
    if reach_of(person.role) is Reach.INVITATIONS:  # only the groups they are invited to answer for
        invited = {group for assessment_id, group in person.invitations if assessment_id == opened.info.id}
        group_names = {g: name for g, name in group_names.items() if g in invited}
    if people:
        st.header(translate("answer.continue_as", language))
        by_id = {p.id: p for p in people}
        chosen = st.selectbox(
            translate("answer.respondent", language),
            list(by_id),
            format_func=lambda i: f"{by_id[i].name} · {by_id[i].organisation} · {group_names.get(by_id[i].group)}",
            key="pick_respondent",
        )
        if st.button(translate("answer.continue", language), key="continue_respondent"):
            pillar_shown(opened.info.id, chosen).pop()
            choose_respondent(chosen)
            st.rerun()
    with st.form("new_respondent"):
        st.header(translate("answer.new_respondent", language))
        name = st.text_input(translate("answer.name", language), max_chars=200, key="respondent_name")
        organisation = st.text_input(translate("answer.organisation", language), max_chars=200, key="respondent_org")
        group = st.selectbox(
            translate("answer.group", language),
            list(group_names),
            format_func=group_names.__getitem__,
            key="respondent_group",
        )
        if st.form_submit_button(translate("answer.start", language), type="primary"):
            try:
                added = workspace.add_respondent(opened.info.id, name, organisation, group or "", q)
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, language)))
                return
            choose_respondent(added.id)
            st.rerun()


def pillar_progress(q: Questionnaire, answers: dict[str, Answer], group: str) -> dict[str, PillarProgress]:
    """Per pillar with indicators for `group`: how many of them this respondent has settled (a stage, items or N/A).

    Only the indicators asked of the respondent's stakeholder group count; a pillar with
    none of them is left out. "Don't know" is counted apart: it leaves an indicator unanswered, unless
    the questionnaire scores it as the lowest stage (`scoring.dont_know: lowest`), which answers it.
    """
    done = {Status.ANSWERED, Status.NOT_APPLICABLE}
    if q.scoring.dont_know == "lowest":
        done.add(Status.DONT_KNOW)
    progress = {}
    for pillar in q.pillars:
        asked = [i for i in pillar.indicators if i.is_asked_of(group)]
        if asked:
            statuses = [answers[i.id].status for i in asked if i.id in answers]
            progress[pillar.id] = PillarProgress(
                answered=sum(1 for s in statuses if s in done),
                dont_know=sum(1 for s in statuses if s is Status.DONT_KNOW),
                total=len(asked),
            )
    return progress


def progress_text(
    key: str, answered: int, dont_know: int, total: int, language: str, *, rule: str = "unanswered"
) -> str:
    """ "6 of 7 … answered", and when some are "don't know", how many, and what they count as (`scoring.dont_know`)."""
    text = translate(key, language, done=answered, total=total)
    if dont_know:
        counted = "answer.dont_know_count" if rule == "unanswered" else "answer.dont_know_count_lowest"
        text += " · " + translate(counted, language, count=dont_know)
    return text


def completion_mark(progress: PillarProgress, language: str) -> str:
    """ "✓" when every indicator of the pillar asked of the respondent is answered, else "6/7"."""
    if progress.complete:
        return translate("answer.pillar_done", language)
    return translate("answer.pillar_count", language, done=progress.answered, total=progress.total)


def go_to_pillar(key: str, pillar_id: str, focus: str) -> None:
    """Button callback: show another pillar, and bring `focus` (a CSS selector) into view and focus on the next run."""
    widget(key).set(pillar_id)
    ANSWER_FOCUS.set(focus)


def flagged_for_review(q: Questionnaire, answers: dict[str, Answer], group: str) -> list[tuple[Pillar, Indicator]]:
    """The indicators asked of `group` whose stored answer is marked for review, in questionnaire order."""
    return [
        (pillar, indicator)
        for pillar in q.pillars
        for indicator in pillar.indicators
        if indicator.is_asked_of(group) and indicator.id in answers and answers[indicator.id].review
    ]


def render_review_list(q: Questionnaire, flagged: list[tuple[Pillar, Indicator]], key: str, language: str) -> None:
    """The indicators marked for review, each a button that goes to it."""
    if not flagged:
        return
    with st.expander(translate("answer.review_list", language, count=len(flagged)), key="review_list"):
        st.caption(translate("answer.review_list_help", language))
        for pillar, indicator in flagged:
            st.button(
                f"{md_escape(q.text(pillar.name, language))} · {md_escape(q.text(indicator.title, language))}",
                key=f"review:{indicator.id}",
                type="tertiary",
                on_click=go_to_pillar,
                args=(key, pillar.id, f".st-key-{block_key(indicator.id)}"),
            )


def render_pillar_steps(q: Questionnaire, pillar_ids: list[str], current: str, key: str, language: str) -> None:
    """Previous and next pillar of the respondent's group, at the bottom of the pillar (Tab to them, Enter or Space)."""
    at = pillar_ids.index(current)
    before, after = st.columns(2)
    if at > 0:
        previous = pillar_ids[at - 1]
        before.button(
            translate("answer.previous_pillar", language, pillar=md_escape(q.text(q.pillar(previous).name, language))),
            key="pillar_previous",
            on_click=go_to_pillar,
            args=(key, previous, f".st-key-{PILLAR_TOP}"),
        )
    if at < len(pillar_ids) - 1:
        following = pillar_ids[at + 1]
        with after.container(horizontal_alignment="right"):
            st.button(
                translate("answer.next_pillar", language, pillar=md_escape(q.text(q.pillar(following).name, language))),
                key="pillar_next",
                type="primary",
                on_click=go_to_pillar,
                args=(key, following, f".st-key-{PILLAR_TOP}"),
            )


FLOW_SCRIPT = """<script>
(() => {
  const config = __CONFIG__;
  // The notes, as CSS strings: shown in place of the saved state (catalog texts only, never user text).
  document.documentElement.style.setProperty("--cma-unsaved", JSON.stringify(config.unsaved));
  document.documentElement.style.setProperty("--cma-saving", JSON.stringify(config.saving));
  if (window.__cmaAnswerFlow) return;
  window.__cmaAnswerFlow = true;
  const BLOCK = '[class*="st-key-indicator-"]';
  const style = document.createElement("style");
  style.textContent = `
    [data-cma-text] [class*="st-key-saved-"] > * { display: none; }
    [data-cma-text] [class*="st-key-saved-"]::after { font-size: 0.875rem; line-height: 1.5; }
    [data-cma-text="unsaved"] [class*="st-key-saved-"]::after { content: var(--cma-unsaved); font-weight: 600; }
    [data-cma-text="saving"] [class*="st-key-saved-"]::after { content: var(--cma-saving); }`;
  document.head.appendChild(style);
  const ours = (el) => el && el.tagName === "TEXTAREA" && el.closest(BLOCK);
  const savedState = (el) => {
    const found = el.closest(BLOCK).querySelector('[class*="st-key-saved-"]');
    return found ? found.className : "";
  };
  // The block says "Not saved yet" while one of its texts is unsent, "Saving…" while one awaits the server.
  const mark = (el, state) => {
    el.__cmaState = state;
    const block = el.closest(BLOCK);
    const states = [...block.querySelectorAll("textarea")].map((t) => t.__cmaState);
    const shown = states.includes("unsaved") ? "unsaved" : states.includes("saving") ? "saving" : "";
    if (shown) block.setAttribute("data-cma-text", shown);
    else block.removeAttribute("data-cma-text");
  };
  const saving = new Set();
  const observer = new MutationObserver(() => {
    for (const el of [...saving]) {
      if (!el.isConnected || savedState(el) !== el.__cmaSavedState) {
        saving.delete(el);
        if (el.isConnected) mark(el, "");
      }
    }
    if (!saving.size) observer.disconnect();
  });
  // Streamlit sends a text area's value when it loses focus or on Ctrl+Enter: until then it is not saved.
  document.addEventListener("focusin", (e) => { if (ours(e.target)) e.target.__cmaSent = e.target.value; }, true);
  document.addEventListener("input", (e) => {
    const el = e.target;
    if (ours(el)) mark(el, el.value !== el.__cmaSent ? "unsaved" : saving.has(el) ? "saving" : "");
  }, true);
  const sent = (el) => {
    if (el.__cmaState !== "unsaved") return;
    el.__cmaSent = el.value;
    el.__cmaSavedState = savedState(el);  // the saved state's key changes when the server has saved
    mark(el, "saving");
    if (!saving.size) observer.observe(document.body, {subtree: true, childList: true});
    saving.add(el);
  };
  document.addEventListener("keydown", (e) => {
    if (ours(e.target) && e.key === "Enter" && (e.ctrlKey || e.metaKey)) sent(e.target);
  }, true);
  document.addEventListener("focusout", (e) => { if (ours(e.target)) sent(e.target); }, true);
  // Leaving the page with a text not sent yet: send it (as losing focus does) and let the browser ask.
  window.addEventListener("beforeunload", (e) => {
    const open = [...document.querySelectorAll(`${BLOCK} textarea`)].find((t) => t.__cmaState === "unsaved");
    if (!open) return;
    open.blur();
    e.preventDefault();
    e.returnValue = "";
  });
})();
</script>"""


def flow_script(language: str) -> str:
    """`FLOW_SCRIPT` with its two notes in `language` (JSON inside a script: "</" written "<\\/")."""
    config = {"unsaved": translate("answer.not_saved_yet", language), "saving": translate("answer.saving", language)}
    return FLOW_SCRIPT.replace("__CONFIG__", json.dumps(config, ensure_ascii=False).replace("</", "<\\/"))


FOCUS_SCRIPT = """<script>
(() => {
  const selector = %s;  // run %d
  let tries = 0;
  const go = () => {
    const target = document.querySelector(selector);
    if (!target) { if (tries++ < 50) setTimeout(go, 100); return; }
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({block: "start"});
    target.focus({preventScroll: true});
  };
  go();
})();
</script>"""


def render_focus(selector: str) -> None:
    """Bring the element `selector` finds into view and give it the keyboard focus (after moving to another pillar)."""
    count = ANSWER_FOCUS_COUNT.get_or(0) + 1
    ANSWER_FOCUS_COUNT.set(count)
    script = FOCUS_SCRIPT % (json.dumps(selector).replace("</", "<\\/"), count)
    st.html(script, unsafe_allow_javascript=True)


def render_answer_page() -> None:
    language = current_language()
    opened = opened_assessment(language)
    if opened is None:
        return
    q, info = opened.questionnaire, opened.info
    st.title(assessment_title(info, language))
    st.caption(md_escape(f"{q.text(q.title, language)} · {q.version}"))
    answering = opened_answering(opened)
    if answering is None:
        render_respondent_picker(opened, language)
        return
    respondent, answers, times = answering.respondent, answering.answers, answering.saved_at
    group = q.groups.get(respondent.group)
    head, change = st.columns([4, 1])
    head.markdown(
        translate("answer.answering_as", language, name=md_escape(respondent.name),
                  organisation=md_escape(respondent.organisation), group=q.text(group.name, language) if group else "")
    )  # fmt: skip
    if change.button(translate("answer.change_respondent", language), key="change_respondent"):
        forget_respondent()
        st.rerun()

    progress = pillar_progress(q, answers, respondent.group)
    done, total = sum(p.answered for p in progress.values()), sum(p.total for p in progress.values())
    dont_know = sum(p.dont_know for p in progress.values())
    st.progress(
        done / total if total else 0.0,
        text=progress_text("answer.progress", done, dont_know, total, language, rule=q.scoring.dont_know),
    )
    if total < len(q.indicators):
        st.caption(translate("answer.routed", language, count=total, total=len(q.indicators)))
    render_glossary(q, language, key="answer_glossary")
    pillar_ids = list(progress)
    if not pillar_ids:
        st.info(translate("answer.nothing_asked", language))
        return
    key, shown = pillar_picker_key(info.id, respondent.id), pillar_shown(info.id, respondent.id)
    render_review_list(q, flagged_for_review(q, answers, respondent.group), key, language)
    if not shown.is_set():
        wanted = st.query_params.get(PILLAR_PARAM)
        shown.set(wanted if wanted in pillar_ids else pillar_ids[0])
    # The marks are captions, not part of the options' labels: the picker keeps its value when they change.
    pillar_id = st.radio(
        translate("answer.pillar", language),
        pillar_ids,
        format_func=lambda p: q.text(q.pillar(p).name, language),
        captions=[completion_mark(progress[p], language) for p in pillar_ids],
        key=key,
        horizontal=True,
    )
    st.caption(
        " · ".join(f"{q.text(q.pillar(p).name, language)} {completion_mark(m, language)}" for p, m in progress.items())
    )
    if st.query_params.get(PILLAR_PARAM) != pillar_id:
        st.query_params[PILLAR_PARAM] = pillar_id
    pillar, here = q.pillar(pillar_id), progress[pillar_id]
    with st.container(key=PILLAR_TOP):
        st.header(md_escape(q.text(pillar.name, language)), anchor=False)
        st.markdown(md_escape(q.text(pillar.description, language)))
        st.caption(
            progress_text(
                "answer.pillar_progress", here.answered, here.dont_know, here.total, language, rule=q.scoring.dont_know
            )
        )
    for indicator in (i for i in pillar.indicators if i.is_asked_of(respondent.group)):
        render_indicator(
            opened, respondent, indicator, answers.get(indicator.id), saved=times.get(indicator.id), language=language
        )
    render_pillar_steps(q, pillar_ids, pillar_id, key, language)
    with st.sidebar:
        st.html(flow_script(language), unsafe_allow_javascript=True)
    if focus := ANSWER_FOCUS.pop():
        render_focus(focus)
