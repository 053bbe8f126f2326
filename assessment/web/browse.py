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


def render_indicator(q: Questionnaire, indicator: Indicator, language: str) -> None:
    t = q.text
    stage_names = {s.value: t(s.name, language) for s in q.scale.stages}
    st.markdown(f"**{translate('browse.question', language)}:** {md_escape(t(indicator.question, language))}")
    if indicator.kind == "checklist":
        rows = [
            {translate("browse.stage", language): stage_names[i.stage], "": t(i.text, language)}
            for i in indicator.items or []
        ]
        st.caption(translate("browse.checklist", language))
    else:
        guidance = indicator.guidance or {}
        rows = [
            {
                translate("browse.stage", language): stage_names[s],
                translate("browse.descriptor", language): t(text, language),
            }
            | ({translate("browse.guidance", language): t(guidance.get(s), language)} if guidance else {})
            for s, text in sorted((indicator.descriptors or {}).items())
        ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    groups = [t(q.groups[g].name, language) for g in indicator.asked_of or []]
    asked = ", ".join(groups) if indicator.asked_of is not None else translate("browse.everyone", language)
    st.markdown(f"**{translate('browse.asked_of', language)}:** {md_escape(asked)}")
    st.markdown(f"**{translate('browse.evidence', language)}:** {md_escape(t(indicator.evidence, language))}")
    recs = [
        {translate("browse.stage", language): stage_names[s], "": t(rec.text, language),
         translate("results.effort", language): translate(f"effort.{rec.effort}", language) if rec.effort else "",
         translate("results.guides", language): "; ".join(guide_citation(q, g) for g in rec.guides)}
        for s, rec in sorted(indicator.recommendations.items())
    ]  # fmt: skip
    st.caption(translate("browse.recommendations", language))
    st.dataframe(pd.DataFrame(recs), hide_index=True, width="stretch")
    refs = mapping_lines(q, indicator, language)
    if indicator.kind == "checklist" and indicator.guidance:
        st.caption(translate("browse.guidance", language))
        st.markdown(
            md_definitions((stage_names[s], t(text, language)) for s, text in sorted(indicator.guidance.items()))
        )
    if refs:
        st.caption(translate("browse.mappings", language))
        st.markdown("\n".join(f"- {md_escape(line)}" for line in refs))


def mapping_lines(q: Questionnaire, indicator: Indicator, language: str) -> list[str]:
    """Each framework code the indicator maps to, with the element's name from the pinned catalog."""
    lines = []
    for framework in FRAMEWORKS:
        catalog = q.framework_catalogs.get(framework)
        for code in getattr(indicator.mappings, framework):
            element = catalog.codes.get(code) if catalog is not None else None
            name = q.text(element.name, language) if element is not None else ""
            label = f"{framework.upper()} {catalog.version}" if catalog is not None else framework.upper()
            lines.append(f"{label} {code}: {name}" if name else f"{label} {code}")
    return lines


def _label(q: Questionnaire, language: str) -> str:
    return f"{q.text(q.title, language)} · {q.version}"


def render_browse_page() -> None:
    language = current_language()
    st.title(translate("browse.title", language))
    st.write(translate("browse.intro", language))
    catalog = get_catalog()
    for name, error in catalog.errors.items():
        st.warning(translate("browse.broken", language, name=md_escape(name)))
        st.code("\n".join(str(p) for p in error.problems), language=None)
    if not catalog.questionnaires:
        st.info(translate("browse.none", language))
        return
    newest_first = {
        f"{v.questionnaire.id}@{v.questionnaire.version}": v
        for qid in catalog.questionnaires
        for v in reversed(catalog.versions_of(qid))
    }
    chosen = st.selectbox(
        translate("browse.questionnaire", language),
        list(newest_first),
        format_func=lambda key: _label(newest_first[key].questionnaire, language),
        key="browse_questionnaire",
    )
    loaded = newest_first[chosen or next(iter(newest_first))]
    q = loaded.questionnaire
    st.caption(
        translate("browse.summary", language, pillars=len(q.pillars), indicators=len(q.indicators), version=q.version)
    )
    coverage = " · ".join(
        f"{language_name(c.language, language)} {format_share(c.present / c.total if c.total else 1.0, language)}"
        for c in loaded.coverage.values()
    )
    st.caption(translate("browse.coverage", language, coverage=coverage))
    pillar_id = st.selectbox(
        translate("browse.pillar", language),
        [p.id for p in q.pillars],
        format_func=lambda p: q.text(q.pillar(p).name, language),
        key="browse_pillar",
    )
    pillar = q.pillar(pillar_id)
    st.write(md_escape(q.text(pillar.description, language)))
    for indicator in pillar.indicators:
        with st.expander(
            f"{q.text(indicator.title, language)} · {translate('browse.weight', language, weight=indicator.weight)}"
        ):
            render_indicator(q, indicator, language)
    render_glossary(q, language, key="browse_glossary")
