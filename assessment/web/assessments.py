"""Assessments: the list, with completeness, and the form that creates one."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from ..countries import countries, country_name
from ..errors import AssessmentError, InputError
from ..formatting import language_name
from ..i18n import explain, translate
from . import nav
from .context import get_catalog, get_workspace
from .safe import md_escape
from .state import current_language, keep_params


def assessments_frame(lang: str) -> pd.DataFrame:
    """One row per assessment, with the figures of its current answers."""
    workspace, catalog = get_workspace(), get_catalog()
    infos = workspace.assessments()
    figures: dict[int, tuple[int, float]] = {}
    for qid, version in {(i.questionnaire_id, i.questionnaire_version) for i in infos}:
        if (loaded := catalog.find(qid, version)) is not None:
            figures |= workspace.overview(
                [i for i in infos if (i.questionnaire_id, i.questionnaire_version) == (qid, version)],
                loaded.questionnaire,
            )
    rows = []
    for info in infos:
        respondents, completeness = figures.get(info.id, (0, None))
        rows.append(
            {
                "id": info.id,
                translate("assessments.country", lang): country_name(info.country, lang),
                translate("assessments.round", lang): info.round,
                translate("assessments.questionnaire", lang): f"{info.questionnaire_id} {info.questionnaire_version}",
                translate("assessments.language", lang): info.language,
                translate("assessments.status", lang): translate(f"status.{info.status}", lang),
                translate("assessments.respondents", lang): respondents,
                translate("assessments.completeness", lang): None if completeness is None else 100 * completeness,
            }
        )
    return pd.DataFrame(rows)


def render_create_form(lang: str) -> None:
    catalog = get_catalog()
    if not catalog.questionnaires:
        st.warning(translate("browse.none", lang))
        return
    person = get_workspace().principal
    names = dict(countries(lang))
    if person.role == "facilitator":  # they create assessments for their own countries only
        names = {code: name for code, name in names.items() if code in person.countries}
    with st.form("create_assessment"):
        st.header(translate("assessments.create", lang))
        country = st.selectbox(
            translate("assessments.country", lang),
            list(names),
            index=None,
            format_func=lambda c: f"{names[c]} ({c})",
            placeholder=translate("assessments.choose_country", lang),
            key="new_country",
        )
        round_label = st.text_input(
            translate("assessments.round", lang), value=str(datetime.now(UTC).year), max_chars=40, key="new_round"
        )
        qid = st.selectbox(
            translate("assessments.questionnaire", lang),
            list(catalog.questionnaires),
            format_func=lambda i: (
                f"{catalog.questionnaires[i].questionnaire.text(catalog.questionnaires[i].questionnaire.title, lang)}"
                f" · {catalog.questionnaires[i].questionnaire.version}"
            ),
            key="new_questionnaire",
        )
        languages = catalog.questionnaires[qid].questionnaire.languages
        language = st.selectbox(
            translate("assessments.language", lang),
            languages,
            index=languages.index(lang) if lang in languages else 0,
            format_func=lambda c: language_name(c, lang),
            key="new_language",
        )
        if st.form_submit_button(translate("assessments.create_button", lang), type="primary"):
            if country is None:
                st.error(translate("assessments.country_required", lang))
                return
            try:
                info = get_workspace().create_assessment(
                    country, round_label, catalog.questionnaires[qid].questionnaire, language
                )
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, lang)))
                return
            nav.go("answer", keep_params(a=info.id))


def render_assessments_page() -> None:
    lang = current_language()
    st.title(translate("assessments.title", lang))
    frame = assessments_frame(lang)
    if frame.empty:
        st.info(translate("assessments.none", lang))
    else:
        completeness = translate("assessments.completeness", lang)
        st.dataframe(
            frame.drop(columns=["id"]),
            hide_index=True,
            width="stretch",
            column_config={completeness: st.column_config.ProgressColumn(completeness, format="%.0f%%", max_value=100)},
        )
        labels = {
            int(
                row["id"]
            ): f"{row[translate('assessments.country', lang)]} · {row[translate('assessments.round', lang)]}"
            for _, row in frame.iterrows()
        }
        chosen = st.selectbox(
            translate("assessments.open", lang), list(labels), format_func=labels.get, key="open_assessment"
        )
        cols = st.columns(3)
        with cols[0]:
            nav.link("answer", translate("nav.answer", lang), keep_params(a=chosen))
        with cols[1]:
            nav.link("results", translate("nav.results", lang), keep_params(a=chosen))
        with cols[2]:
            nav.link("consensus", translate("nav.consensus", lang), keep_params(a=chosen))
    if get_workspace().principal.role in {"administrator", "facilitator"}:
        st.divider()
        render_create_form(lang)
        render_import(lang)


def render_import(lang: str) -> None:
    """Bring in a portable assessment file from another installation or from offline work."""
    with st.expander(translate("assessments.import", lang)):
        st.caption(translate("assessments.import_help", lang))
        upload = st.file_uploader(
            translate("assessments.import_file", lang), type=["json", "yaml", "yml"], key="import_file"
        )
        if upload is not None and st.button(translate("assessments.import_button", lang), key="import_button"):
            try:
                info = get_workspace().import_assessment(upload.getvalue(), get_catalog(), upload.name)
            except InputError as exc:
                st.error(translate("assessments.import_refused", lang))
                st.code("\n".join(str(p) for p in exc.problems), language=None)
            except AssessmentError as exc:
                st.error(translate("assessments.import_refused", lang))
                st.code(str(exc), language=None)
            else:
                st.success(
                    translate(
                        "assessments.imported",
                        lang,
                        country=country_name(info.country, lang),
                        round=md_escape(info.round),
                    )
                )
