"""The questionnaire browser: what is asked, and what each stage looks like."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..formatting import format_share, language_name
from ..i18n import translate
from ..model import FRAMEWORKS, Indicator, Questionnaire
from ..recommend import guide_citation
from .answer import render_glossary
from .context import get_catalog
from .safe import md_definitions, md_escape
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
        guidance = indicator.guidance or {}
        rows = [
            {translate("browse.stage", lang): stage_names[s], translate("browse.descriptor", lang): t(text, lang)}
            | ({translate("browse.guidance", lang): t(guidance.get(s), lang)} if guidance else {})
            for s, text in sorted((indicator.descriptors or {}).items())
        ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    groups = [t(q.groups[g].name, lang) for g in indicator.asked_of or []]
    asked = ", ".join(groups) if indicator.asked_of is not None else translate("browse.everyone", lang)
    st.markdown(f"**{translate('browse.asked_of', lang)}:** {md_escape(asked)}")
    st.markdown(f"**{translate('browse.evidence', lang)}:** {md_escape(t(indicator.evidence, lang))}")
    recs = [
        {translate("browse.stage", lang): stage_names[s], "": t(rec.text, lang),
         translate("results.effort", lang): translate(f"effort.{rec.effort}", lang) if rec.effort else "",
         translate("results.guides", lang): "; ".join(guide_citation(q, g) for g in rec.guides)}
        for s, rec in sorted(indicator.recommendations.items())
    ]  # fmt: skip
    st.caption(translate("browse.recommendations", lang))
    st.dataframe(pd.DataFrame(recs), hide_index=True, width="stretch")
    refs = mapping_lines(q, indicator, lang)
    if indicator.kind == "checklist" and indicator.guidance:
        st.caption(translate("browse.guidance", lang))
        st.markdown(md_definitions((stage_names[s], t(text, lang)) for s, text in sorted(indicator.guidance.items())))
    if refs:
        st.caption(translate("browse.mappings", lang))
        st.markdown("\n".join(f"- {md_escape(line)}" for line in refs))


def mapping_lines(q: Questionnaire, indicator: Indicator, lang: str) -> list[str]:
    """Each framework code the indicator maps to, with the element's name from the pinned catalog."""
    lines = []
    for framework in FRAMEWORKS:
        catalog = q.framework_catalogs.get(framework)
        for code in getattr(indicator.mappings, framework):
            element = catalog.codes.get(code) if catalog is not None else None
            name = q.text(element.name, lang) if element is not None else ""
            label = f"{framework.upper()} {catalog.version}" if catalog is not None else framework.upper()
            lines.append(f"{label} {code}: {name}" if name else f"{label} {code}")
    return lines


def _label(q: Questionnaire, lang: str) -> str:
    return f"{q.text(q.title, lang)} · {q.version}"


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
    newest_first = [
        f"{v.questionnaire.id}@{v.questionnaire.version}"
        for qid in catalog.questionnaires
        for v in reversed(catalog.versions_of(qid))
    ]
    chosen = st.selectbox(
        translate("browse.questionnaire", lang),
        newest_first,
        format_func=lambda key: _label(catalog.find(*key.split("@")).questionnaire, lang),  # type: ignore[union-attr]
        key="browse_questionnaire",
    )
    loaded = catalog.find(*chosen.split("@"))
    q = loaded.questionnaire  # type: ignore[union-attr]
    st.caption(
        translate("browse.summary", lang, pillars=len(q.pillars), indicators=len(q.indicators), version=q.version)
    )
    coverage = " · ".join(
        f"{language_name(c.language, lang)} {format_share(c.present / c.total if c.total else 1.0, lang)}"
        for c in loaded.coverage.values()  # type: ignore[union-attr]
    )
    st.caption(translate("browse.coverage", lang, coverage=coverage))
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
    render_glossary(q, lang, key="browse_glossary")
