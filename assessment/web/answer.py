"""Answer: one respondent, one pillar at a time, every change saved the moment it is made.

Widgets only show and collect values; the database is the memory. A widget that is
not drawn (another pillar) forgets its state, so every widget starts from the stored
answer, and every change goes straight to `Store.save_answer` in a callback.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ..answers import Answer, Status
from ..countries import country_name
from ..errors import AssessmentError
from ..i18n import explain, translate
from ..model import Indicator, Questionnaire
from ..store import RespondentInfo
from .context import Opened, get_workspace, opened_assessment, opened_respondent
from .localise import clock_time
from .safe import md_definitions, md_escape
from .state import current_language, forget_param, set_param

NOT_APPLICABLE, DONT_KNOW, CHECKLIST = "na", "dk", "checklist"
SAVE_STATUS = "answer_save_status"
DRAWN = "answer_widgets_drawn"
"""The indicators whose widgets this server session has drawn: their changes go through callbacks."""


def widget_key(opened: Opened, respondent: RespondentInfo, indicator_id: str, part: str) -> str:
    return f"ans:{opened.info.id}:{respondent.id}:{indicator_id}:{part}"


def block_key(indicator_id: str) -> str:
    """The key of an indicator's block; Streamlit turns it into the CSS class `st-key-<key>`."""
    return "indicator-" + indicator_id.replace(".", "-")


def answer_from_widgets(indicator: Indicator, keys: dict[str, str]) -> Answer | None:
    """The answer the widgets of one indicator describe; None when they hold nothing at all."""
    state = st.session_state
    evidence = (state.get(keys["evidence"]) or "").strip()
    links = tuple(line.strip() for line in (state.get(keys["links"]) or "").splitlines() if line.strip())
    comment = (state.get(keys["comment"]) or "").strip()
    review = bool(state.get(keys["review"]))
    notes = {"evidence": evidence, "links": links, "comment": comment, "review": review}
    choice = state.get(keys["choice"])
    if choice == NOT_APPLICABLE:
        return Answer(status=Status.NOT_APPLICABLE, **notes)
    if choice == DONT_KNOW:
        return Answer(status=Status.DONT_KNOW, **notes)
    if choice == CHECKLIST:
        met = frozenset(item.id for item in indicator.items or [] if state.get(f"{keys['items']}:{item.id}"))
        return Answer(items=met, **notes)
    if isinstance(choice, int):
        return Answer(stage=choice, **notes)
    if evidence or links or comment or review:
        return Answer(status=Status.UNANSWERED, **notes)
    return None


def save_indicator(opened: Opened, respondent: RespondentInfo, indicator: Indicator, keys: dict[str, str]) -> None:
    """Widget callback: store what the widgets now say, and remember the outcome to show it."""
    statuses = st.session_state.setdefault(SAVE_STATUS, {})
    try:
        saved_at = get_workspace().save_answer(
            opened.info.id, respondent.id, indicator.id, answer_from_widgets(indicator, keys), opened.questionnaire
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
    outcome = st.session_state.get(SAVE_STATUS, {}).get(indicator.id)
    return outcome[1] if outcome and outcome[0] == "saved" else None


def choice_of(answer: Answer | None, indicator: Indicator) -> object:
    if answer is None or answer.status is Status.UNANSWERED:
        return None
    if answer.status is Status.NOT_APPLICABLE:
        return NOT_APPLICABLE
    if answer.status is Status.DONT_KNOW:
        return DONT_KNOW
    return CHECKLIST if indicator.kind == "checklist" else answer.stage


def render_saved_state(indicator: Indicator, saved: datetime | None, lang: str) -> None:
    outcome = st.session_state.get(SAVE_STATUS, {}).get(indicator.id)
    if outcome and outcome[0] == "error":
        st.error(translate("answer.not_saved", lang, reason=outcome[1]))
    elif saved is not None:
        st.caption(f":green[✓ {translate('answer.saved', lang, time=clock_time(saved, lang))}]")
    else:
        st.caption(translate("answer.not_answered", lang))


def render_indicator(
    opened: Opened,
    respondent: RespondentInfo,
    indicator: Indicator,
    stored: Answer | None,
    *,
    saved: datetime | None,
    lang: str,
) -> None:
    q = opened.questionnaire
    keys = {part: widget_key(opened, respondent, indicator.id, part) for part in
            ("choice", "items", "evidence", "links", "comment", "review")}  # fmt: skip
    callback = {"on_change": save_indicator, "args": (opened, respondent, indicator, keys)}
    stage_names = {s.value: q.text(s.name, lang) for s in q.scale.stages}
    with st.container(border=True, key=block_key(indicator.id)):
        st.markdown(f"#### {md_escape(q.text(indicator.title, lang))}")
        st.markdown(md_escape(q.text(indicator.question, lang)))
        special = {
            NOT_APPLICABLE: translate("answer.not_applicable", lang),
            DONT_KNOW: translate("answer.dont_know", lang),
        }
        if indicator.kind == "checklist":
            options: list[object] = [CHECKLIST, NOT_APPLICABLE, DONT_KNOW]
            labels = {CHECKLIST: translate("answer.use_checklist", lang), **special}
        else:
            options = [*q.scale.values, NOT_APPLICABLE, DONT_KNOW]
            labels = {
                s: f"**{s} · {md_escape(stage_names[s])}** — {md_escape(q.text(text, lang))}"
                for s, text in (indicator.descriptors or {}).items()
            } | special
        render_guidance(q, indicator, stage_names, lang)
        current = choice_of(stored, indicator)
        st.radio(
            translate("answer.choose", lang),
            options,
            index=options.index(current) if current in options else None,
            format_func=labels.__getitem__,
            key=keys["choice"],
            horizontal=indicator.kind == "checklist",
            **callback,
        )
        if indicator.kind == "checklist" and st.session_state.get(keys["choice"]) == CHECKLIST:
            met = stored.items or frozenset() if stored else frozenset()
            for item in indicator.items or []:
                st.checkbox(
                    f"{md_escape(q.text(item.text, lang))} · _{md_escape(stage_names[item.stage])}_",
                    value=item.id in met,
                    key=f"{keys['items']}:{item.id}",
                    **callback,
                )
        with st.expander(
            translate("answer.evidence_and_comments", lang), expanded=bool(stored and stored.has_evidence)
        ):
            st.caption(md_escape(q.text(indicator.evidence, lang)))
            st.text_area(translate("answer.evidence", lang), value=stored.evidence if stored else "",
                         key=keys["evidence"], max_chars=20_000, **callback)  # fmt: skip
            st.text_area(translate("answer.links", lang), value="\n".join(stored.links) if stored else "",
                         key=keys["links"], height=68, **callback)  # fmt: skip
            st.text_area(translate("answer.comment", lang), value=stored.comment if stored else "",
                         key=keys["comment"], max_chars=20_000, **callback)  # fmt: skip
            st.checkbox(translate("answer.review", lang), value=bool(stored and stored.review),
                        key=keys["review"], **callback)  # fmt: skip
        drawn = st.session_state.setdefault(DRAWN, set())
        if keys["choice"] not in drawn:
            saved = save_missed_change(opened, respondent, indicator, keys, stored) or saved
        drawn.add(keys["choice"])
        render_saved_state(indicator, saved, lang)


def render_guidance(q: Questionnaire, indicator: Indicator, stage_names: dict[int, str], lang: str) -> None:
    """The rating guidance: per stage, the evidence that supports choosing it."""
    if not indicator.guidance:
        return
    with st.expander(translate("answer.guidance", lang)):
        st.markdown(
            md_definitions(
                (f"{stage} · {stage_names[stage]}", q.text(text, lang))
                for stage, text in sorted(indicator.guidance.items())
            )
        )


def render_glossary(q: Questionnaire, lang: str, *, key: str) -> None:
    """The questionnaire's glossary, alphabetical in the reader's language."""
    if not q.glossary:
        return
    terms = sorted(q.glossary, key=lambda t: q.text(t.term, lang).casefold())
    with st.expander(translate("answer.glossary", lang, count=len(terms)), key=key):
        st.markdown(md_definitions((q.text(t.term, lang), q.text(t.definition, lang)) for t in terms))


def render_respondent_picker(opened: Opened, lang: str) -> None:
    """Continue as an existing respondent, or register as a new one; the choice goes into the URL."""
    workspace, q = get_workspace(), opened.questionnaire
    people = workspace.respondents(opened.info.id)
    group_names = {g.id: q.text(g.name, lang) for g in q.stakeholder_groups}
    person = workspace.principal
    if person.role == "respondent":  # only the groups they are invited to answer for
        invited = {group for assessment_id, group in person.invitations if assessment_id == opened.info.id}
        group_names = {g: name for g, name in group_names.items() if g in invited}
    if people:
        st.subheader(translate("answer.continue_as", lang))
        by_id = {p.id: p for p in people}
        chosen = st.selectbox(
            translate("answer.respondent", lang),
            list(by_id),
            format_func=lambda i: f"{by_id[i].name} · {by_id[i].organisation} · {group_names.get(by_id[i].group)}",
            key="pick_respondent",
        )
        if st.button(translate("answer.continue", lang), key="continue_respondent"):
            set_param("r", str(chosen))
            st.rerun()
    with st.form("new_respondent"):
        st.subheader(translate("answer.new_respondent", lang))
        name = st.text_input(translate("answer.name", lang), max_chars=200, key="respondent_name")
        organisation = st.text_input(translate("answer.organisation", lang), max_chars=200, key="respondent_org")
        group = st.selectbox(
            translate("answer.group", lang), list(group_names), format_func=group_names.get, key="respondent_group"
        )
        if st.form_submit_button(translate("answer.start", lang), type="primary"):
            try:
                person = workspace.add_respondent(opened.info.id, name, organisation, group, q)
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, lang)))
                return
            set_param("r", str(person.id))
            st.rerun()


def pillar_progress(q: Questionnaire, answers: dict[str, Answer], group: str) -> dict[str, tuple[int, int]]:
    """Per pillar with indicators for `group`: how many of them this respondent has settled (a stage, items or N/A).

    Only the indicators asked of the respondent's stakeholder group count; a pillar with
    none of them is left out.
    """
    done = {Status.ANSWERED, Status.NOT_APPLICABLE}
    progress = {}
    for pillar in q.pillars:
        asked = [i for i in pillar.indicators if i.is_asked_of(group)]
        if asked:
            progress[pillar.id] = (
                sum(1 for i in asked if i.id in answers and answers[i.id].status in done),
                len(asked),
            )
    return progress


def render_answer_page() -> None:
    lang = current_language()
    opened = opened_assessment(lang)
    if opened is None:
        return
    q, info = opened.questionnaire, opened.info
    st.title(f"{country_name(info.country, lang)} · {md_escape(info.round)}")
    st.caption(md_escape(f"{q.text(q.title, lang)} · {q.version}"))
    respondent = opened_respondent(opened)
    if respondent is None:
        render_respondent_picker(opened, lang)
        return
    group = q.groups.get(respondent.group)
    head, change = st.columns([4, 1])
    head.markdown(
        translate("answer.answering_as", lang, name=md_escape(respondent.name),
                  organisation=md_escape(respondent.organisation), group=q.text(group.name, lang) if group else "")
    )  # fmt: skip
    if change.button(translate("answer.change_respondent", lang), key="change_respondent"):
        forget_param("r")
        st.rerun()

    workspace = get_workspace()
    answers = workspace.respondent_answers(info.id, respondent.id)
    times = workspace.answer_times(info.id, respondent.id)
    progress = pillar_progress(q, answers, respondent.group)
    done, total = sum(d for d, _ in progress.values()), sum(t for _, t in progress.values())
    st.progress(done / total if total else 0.0, text=translate("answer.progress", lang, done=done, total=total))
    if total < len(q.indicators):
        st.caption(translate("answer.routed", lang, count=total, total=len(q.indicators)))
    render_glossary(q, lang, key="answer_glossary")
    pillar_ids = list(progress)
    if not pillar_ids:
        st.info(translate("answer.nothing_asked", lang))
        return
    wanted = st.query_params.get("p")
    pillar_key = f"pillar:{info.id}:{respondent.id}"
    if pillar_key not in st.session_state:
        st.session_state[pillar_key] = wanted if wanted in pillar_ids else pillar_ids[0]
    pillar_id = st.radio(
        translate("answer.pillar", lang),
        pillar_ids,
        format_func=lambda p: q.text(q.pillar(p).name, lang),
        key=pillar_key,
        horizontal=True,
    )
    # Progress stays out of the radio's labels: changing labels would make Streamlit redraw the radio.
    st.caption(" · ".join(f"{q.text(q.pillar(p).name, lang)} {d}/{t}" for p, (d, t) in progress.items()))
    if st.query_params.get("p") != pillar_id:
        st.query_params["p"] = pillar_id
    pillar = q.pillar(pillar_id)
    st.markdown(md_escape(q.text(pillar.description, lang)))
    for indicator in (i for i in pillar.indicators if i.is_asked_of(respondent.group)):
        render_indicator(
            opened, respondent, indicator, answers.get(indicator.id), saved=times.get(indicator.id), lang=lang
        )
