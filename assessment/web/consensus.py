"""Consensus: the respondents' answers side by side, and the value the facilitator settles."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..answers import Answer, Consensus, Respondent, Status
from ..errors import AssessmentError
from ..formatting import stage_label
from ..i18n import explain, translate
from ..model import Indicator, Questionnaire
from ..scoring import answer_stage
from .context import Opened, assessment_title, get_workspace, opened_assessment
from .safe import md_escape
from .state import current_language

NONE, NOT_APPLICABLE = "none", "na"


def answer_text(q: Questionnaire, indicator: Indicator, answer: Answer | None, language: str) -> str:
    if answer is None or answer.status is Status.UNANSWERED:
        return "–"
    if answer.status is Status.NOT_APPLICABLE:
        return translate("answer.not_applicable", language)
    if answer.status is Status.DONT_KNOW:
        return translate("answer.dont_know", language)
    return stage_label(q, answer_stage(indicator, answer, q.scale.lowest), language)


def answers_side_by_side(
    q: Questionnaire, indicator: Indicator, people: tuple[Respondent, ...], language: str
) -> pd.DataFrame:
    rows = []
    for person in people:
        answer = person.answers.get(indicator.id)
        rows.append(
            {
                translate("answer.respondent", language): person.name,
                translate("answer.group", language): q.text(q.groups[person.group].name, language),
                translate("results.stage", language): answer_text(q, indicator, answer, language),
                translate("answer.evidence", language): answer.evidence if answer else "",
                translate("answer.comment", language): answer.comment if answer else "",
            }
        )
    return pd.DataFrame(rows)


def render_consensus_form(opened: Opened, indicator: Indicator, settled: Consensus | None, language: str) -> None:
    q = opened.questionnaire
    options: list[object] = [NONE, *q.scale.values, NOT_APPLICABLE]
    current = NONE if settled is None else (NOT_APPLICABLE if settled.not_applicable else settled.stage)
    with st.form(f"consensus:{indicator.id}"):
        choice = st.selectbox(
            translate("consensus.value", language),
            options,
            index=options.index(current),
            format_func=lambda v: translate("consensus.none", language) if v == NONE
            else translate("answer.not_applicable", language) if v == NOT_APPLICABLE
            else stage_label(q, v, language),
            key=f"consensus_value:{indicator.id}",
        )  # fmt: skip
        rationale = st.text_area(
            translate("consensus.rationale", language),
            value=settled.rationale if settled else "",
            max_chars=20_000,
            key=f"consensus_rationale:{indicator.id}",
        )
        if st.form_submit_button(translate("consensus.save", language)):
            value = None
            if choice == NOT_APPLICABLE:
                value = Consensus(not_applicable=True, rationale=rationale.strip())
            elif isinstance(choice, int):  # a stage: the other choices are the NONE and NOT_APPLICABLE texts
                value = Consensus(stage=choice, rationale=rationale.strip())
            try:
                get_workspace().set_consensus(opened.info.id, indicator.id, value, q)
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, language)))
            else:
                st.rerun()


def render_consensus_page() -> None:
    language = current_language()
    opened = opened_assessment(language)
    if opened is None:
        return
    q, info, store = opened.questionnaire, opened.info, get_workspace()
    st.title(assessment_title(info, language, "nav.consensus"))
    st.caption(translate("consensus.intro", language))
    scored = store.results_with_answers(info.id, q)
    people, settled, scores = scored.respondents, scored.consensus, scored.scores
    only_divergent = st.toggle(translate("consensus.only_divergent", language), key="only_divergent")
    pillar_id = st.selectbox(
        translate("answer.pillar", language),
        [p.id for p in q.pillars],
        format_func=lambda p: q.text(q.pillar(p).name, language),
        key="consensus_pillar",
    )
    st.header(md_escape(q.text(q.pillar(pillar_id).name, language)))  # h1 title, h2 pillar, h3 indicators
    shown = 0
    for indicator in q.pillar(pillar_id).indicators:
        result = scores.indicator(indicator.id)
        if only_divergent and not result.divergent:
            continue
        shown += 1
        with st.container(border=True):
            st.markdown(f"### {md_escape(q.text(indicator.title, language))}")
            st.caption(
                translate(
                    "consensus.summary", language, stage=stage_label(q, result.stage, language), spread=result.spread
                )
                + (f" · :red[{translate('consensus.divergent', language)}]" if result.divergent else "")
            )
            if people:
                st.dataframe(answers_side_by_side(q, indicator, people, language), hide_index=True, width="stretch")
            render_consensus_form(opened, indicator, settled.get(indicator.id), language)
    if shown == 0:
        st.caption(translate("results.no_divergence", language))
