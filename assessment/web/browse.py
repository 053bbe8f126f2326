"""The questionnaire browser: what is asked, and what each stage looks like."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..i18n import translate
from ..model import FRAMEWORKS, Indicator, Questionnaire
from .context import get_catalog
from .safe import md_escape
from .state import current_language


def render_indicator(q: Questionnaire, indicator: Indicator, lang: str) -> None:
    t = q.text
    stage_names = {s.value: t(s.name, lang) for s in q.scale.stages}
    st.markdown(f"**{translate('browse.question', lang)}:** {md_escape(t(indicator.question, lang))}")
    if indicator.kind == "checklist":
        rows = [
            {translate("browse.stage", lang): stage_names[i.stage], "": t(i.text, lang)} for i in indicator.items or []
        ]
        st.caption(translate("browse.checklist", lang))
    else:
        rows = [
            {translate("browse.stage", lang): stage_names[s], translate("browse.descriptor", lang): t(text, lang)}
            for s, text in sorted((indicator.descriptors or {}).items())
        ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.markdown(f"**{translate('browse.evidence', lang)}:** {md_escape(t(indicator.evidence, lang))}")
    recs = [
        {translate("browse.stage", lang): stage_names[s], "": t(text, lang)}
        for s, text in sorted(indicator.recommendations.items())
    ]
    st.caption(translate("browse.recommendations", lang))
    st.dataframe(pd.DataFrame(recs), hide_index=True, width="stretch")
    refs = [f"{fw.upper()} {', '.join(codes)}" for fw in FRAMEWORKS if (codes := getattr(indicator.mappings, fw))]
    if refs:
        st.caption(f"{translate('browse.mappings', lang)}: {md_escape(' · '.join(refs))}")


def render_browse_page() -> None:
    lang = current_language()
    st.title(translate("browse.title", lang))
    st.write(translate("browse.intro", lang))
    catalog = get_catalog()
    for name, error in catalog.errors.items():
        st.warning(translate("browse.broken", lang, name=md_escape(name)))
        st.code("\n".join(str(p) for p in error.problems), language=None)
    if not catalog.questionnaires:
        st.info(translate("browse.none", lang))
        return
    ids = list(catalog.questionnaires)
    qid = st.selectbox(
        translate("browse.questionnaire", lang),
        ids,
        format_func=lambda i: catalog.questionnaires[i].questionnaire.text(
            catalog.questionnaires[i].questionnaire.title, lang
        ),
        key="browse_questionnaire",
    )
    q = catalog.questionnaires[qid].questionnaire
    st.caption(
        translate("browse.summary", lang, pillars=len(q.pillars), indicators=len(q.indicators), version=q.version)
    )
    pillar_id = st.selectbox(
        translate("browse.pillar", lang),
        [p.id for p in q.pillars],
        format_func=lambda p: q.text(q.pillar(p).name, lang),
        key="browse_pillar",
    )
    pillar = q.pillar(pillar_id)
    st.write(md_escape(q.text(pillar.description, lang)))
    for indicator in pillar.indicators:
        with st.expander(
            f"{q.text(indicator.title, lang)} · {translate('browse.weight', lang, weight=indicator.weight)}"
        ):
            render_indicator(q, indicator, lang)
