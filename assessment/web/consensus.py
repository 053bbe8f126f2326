"""Consensus: the respondents' answers side by side, and the value the facilitator settles."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..answers import Answer, Consensus, Respondent, Status
from ..countries import country_name
from ..errors import AssessmentError
from ..formatting import stage_label
from ..i18n import explain, translate
from ..model import Indicator, Questionnaire
from ..scoring import answer_stage, score
from .context import Opened, get_workspace, opened_assessment
from .safe import md_escape
from .state import current_language

NONE, NOT_APPLICABLE = "none", "na"


def answer_text(q: Questionnaire, indicator: Indicator, answer: Answer | None, lang: str) -> str:
    if answer is None or answer.status is Status.UNANSWERED:
        return "–"
    if answer.status is Status.NOT_APPLICABLE:
        return translate("answer.not_applicable", lang)
    if answer.status is Status.DONT_KNOW:
        return translate("answer.dont_know", lang)
    return stage_label(q, answer_stage(indicator, answer, q.scale.lowest), lang)


def answers_side_by_side(
    q: Questionnaire, indicator: Indicator, people: tuple[Respondent, ...], lang: str
) -> pd.DataFrame:
    rows = []
    for person in people:
        answer = person.answers.get(indicator.id)
        rows.append(
            {
                translate("answer.respondent", lang): person.name,
                translate("answer.group", lang): q.text(q.groups[person.group].name, lang),
                translate("results.stage", lang): answer_text(q, indicator, answer, lang),
                translate("answer.evidence", lang): answer.evidence if answer else "",
                translate("answer.comment", lang): answer.comment if answer else "",
            }
        )
    return pd.DataFrame(rows)


def render_consensus_form(opened: Opened, indicator: Indicator, settled: Consensus | None, lang: str) -> None:
    q = opened.questionnaire
    options: list[object] = [NONE, *q.scale.values, NOT_APPLICABLE]
    current = NONE if settled is None else (NOT_APPLICABLE if settled.not_applicable else settled.stage)
    with st.form(f"consensus:{indicator.id}"):
        choice = st.selectbox(
            translate("consensus.value", lang),
            options,
            index=options.index(current),
            format_func=lambda v: translate("consensus.none", lang) if v == NONE
            else translate("answer.not_applicable", lang) if v == NOT_APPLICABLE
            else stage_label(q, v, lang),  # type: ignore[arg-type]
            key=f"consensus_value:{indicator.id}",
        )  # fmt: skip
        rationale = st.text_area(
            translate("consensus.rationale", lang),
            value=settled.rationale if settled else "",
            max_chars=20_000,
            key=f"consensus_rationale:{indicator.id}",
        )
        if st.form_submit_button(translate("consensus.save", lang)):
            value = None
            if choice == NOT_APPLICABLE:
                value = Consensus(not_applicable=True, rationale=rationale.strip())
            elif choice != NONE:
                value = Consensus(stage=choice, rationale=rationale.strip())  # type: ignore[arg-type]
            try:
                get_workspace().set_consensus(opened.info.id, indicator.id, value, q)
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, lang)))
            else:
                st.rerun()


def render_consensus_page() -> None:
    lang = current_language()
    opened = opened_assessment(lang)
    if opened is None:
        return
    q, info, store = opened.questionnaire, opened.info, get_workspace()
    st.title(f"{translate('nav.consensus', lang)}: {country_name(info.country, lang)} · {md_escape(info.round)}")
    st.caption(translate("consensus.intro", lang))
    people = store.answers(info.id)
    settled = store.consensus(info.id)
    scores = score(q, people, settled)
    only_divergent = st.toggle(translate("consensus.only_divergent", lang), key="only_divergent")
    pillar_id = st.selectbox(
        translate("answer.pillar", lang),
        [p.id for p in q.pillars],
        format_func=lambda p: q.text(q.pillar(p).name, lang),
        key="consensus_pillar",
    )
    st.header(md_escape(q.text(q.pillar(pillar_id).name, lang)))  # h1 title, h2 pillar, h3 indicators
    shown = 0
    for indicator in q.pillar(pillar_id).indicators:
        result = scores.indicator(indicator.id)
        if only_divergent and not result.divergent:
            continue
        shown += 1
        with st.container(border=True):
            st.markdown(f"### {md_escape(q.text(indicator.title, lang))}")
            st.caption(
                translate("consensus.summary", lang, stage=stage_label(q, result.stage, lang), spread=result.spread)
                + (f" · :red[{translate('consensus.divergent', lang)}]" if result.divergent else "")
            )
            if people:
                st.dataframe(answers_side_by_side(q, indicator, people, lang), hide_index=True, width="stretch")
            render_consensus_form(opened, indicator, settled.get(indicator.id), lang)
    if shown == 0:
        st.caption(translate("results.no_divergence", lang))
