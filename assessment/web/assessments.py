"""Assessments: the list, with completeness, and the form that creates one."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from ..access import Action, Reach, allows, reach_of
from ..countries import countries, country_name
from ..errors import AssessmentError, InputError
from ..formatting import language_name
from ..i18n import explain, translate
from ..store import AssessmentInfo
from ..store.ownership import own_assessments
from . import nav
from .context import get_catalog, get_workspace
from .safe import md_escape
from .state import ASSESSMENT_PARAM, choose_assessment, current_language, keep_params, url_param


def listed_first(infos: list[AssessmentInfo], own: frozenset[int], scope: frozenset[str]) -> list[AssessmentInfo]:
    """The person's own assessments first (created, answered in, invited to), then those of their countries,
    then the rest (the demo's, other countries' shared ones); each group in the stored order, newest first."""
    return sorted(infos, key=lambda i: (i.id not in own, i.country not in scope))


def questionnaire_label(qid: str, version: str, language: str) -> str:
    """`National cybersecurity maturity self-assessment · 2.0.0`; the id when that version is not installed."""
    loaded = get_catalog().find(qid, version)
    if loaded is None:
        return f"{qid} · {version}"
    return f"{loaded.questionnaire.text(loaded.questionnaire.title, language)} · {version}"


def listed_assessments() -> tuple[list[AssessmentInfo], frozenset[int]]:
    """The assessments the person may see, their own first, and the ids of their own."""
    workspace = get_workspace()
    own = own_assessments(workspace.store, workspace.principal)
    return listed_first(workspace.assessments(), own, workspace.principal.countries), own


def assessments_frame(infos: list[AssessmentInfo], own: frozenset[int], language: str) -> pd.DataFrame:
    """One row per assessment, in the order given, with the figures of its current answers."""
    workspace, catalog = get_workspace(), get_catalog()
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
                translate("assessments.yours", language): info.id in own,
                translate("assessments.country", language): country_name(info.country, language),
                translate("assessments.round", language): info.round,
                translate("assessments.questionnaire", language): questionnaire_label(
                    info.questionnaire_id, info.questionnaire_version, language
                ),
                translate("assessments.language", language): language_name(info.language, language),
                translate("assessments.status", language): translate(f"status.{info.status}", language),
                translate("assessments.respondents", language): respondents,
                translate("assessments.completeness", language): None if completeness is None else 100 * completeness,
            }
        )
    return pd.DataFrame(rows)


def render_create_form(language: str) -> None:
    catalog = get_catalog()
    if not catalog.questionnaires:
        st.warning(translate("browse.none", language))
        return
    person = get_workspace().principal
    names = dict(countries(language))
    if reach_of(person.role) is Reach.COUNTRIES:  # they create assessments for their own countries only
        names = {code: name for code, name in names.items() if code in person.countries}
    with st.form("create_assessment"):
        st.header(translate("assessments.create", language))
        country = st.selectbox(
            translate("assessments.country", language),
            list(names),
            index=None,
            format_func=lambda c: f"{names[c]} ({c})",
            placeholder=translate("assessments.choose_country", language),
            key="new_country",
        )
        round_label = st.text_input(
            translate("assessments.round", language), value=str(datetime.now(UTC).year), max_chars=40, key="new_round"
        )
        offered = {i: loaded.questionnaire for i, loaded in catalog.questionnaires.items()}
        qid = st.selectbox(
            translate("assessments.questionnaire", language),
            list(catalog.questionnaires),
            format_func=lambda i: f"{offered[i].text(offered[i].title, language)} · {offered[i].version}",
            key="new_questionnaire",
        )
        languages = catalog.questionnaires[qid].questionnaire.languages
        assessment_language = st.selectbox(
            translate("assessments.language", language),
            languages,
            index=languages.index(language) if language in languages else 0,
            format_func=lambda c: language_name(c, language),
            key="new_language",
        )
        subject = st.text_input(
            translate("assessments.subject", language),
            max_chars=200,
            help=translate("assessments.subject_help", language),
            key="new_subject",
        )
        if st.form_submit_button(translate("assessments.create_button", language), type="primary"):
            chosen = catalog.questionnaires[qid].questionnaire
            if country is None:
                st.error(translate("assessments.country_required", language))
                return
            if not chosen.subject_is_country and not subject.strip():
                kind = chosen.text(chosen.subject.name, language) if chosen.subject.name else chosen.subject.kind
                st.error(translate("assessments.subject_required", language, kind=md_escape(kind)))
                return
            try:
                info = get_workspace().create_assessment(
                    country, round_label, chosen, assessment_language, subject=subject
                )
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, language)))
                return
            nav.go("answer", keep_params(a=info.id))


def render_assessments_page() -> None:
    language = current_language()
    st.title(translate("assessments.title", language))
    infos, own = listed_assessments()
    frame = assessments_frame(infos, own, language)
    if frame.empty:
        st.info(translate("assessments.none", language))
    else:
        completeness = translate("assessments.completeness", language)
        yours = translate("assessments.yours", language)
        st.dataframe(
            frame.drop(columns=["id"]),
            hide_index=True,
            width="stretch",
            column_config={
                completeness: st.column_config.ProgressColumn(completeness, format="%.0f%%", max_value=100),
                yours: st.column_config.CheckboxColumn(yours, help=translate("assessments.yours_help", language)),
            },
        )
        render_picker(infos, language)
    if allows(get_workspace().principal.role, Action.CREATE_ASSESSMENT):
        st.divider()
        render_create_form(language)
        render_import(language)


def render_picker(infos: list[AssessmentInfo], language: str) -> None:
    """The one assessment picker: the assessment chosen here is the one Answer, Results, Consensus and Live open.

    It starts on the assessment already open (from the URL or remembered for the session), else on the
    first row (the person's own come first), and remembers each choice through `state.choose_assessment`.
    """
    by_id = {i.id: i for i in infos}
    ids = list(by_id)
    current = url_param(ASSESSMENT_PARAM)
    index = next((n for n, i in enumerate(ids) if str(i) == current), 0)
    chosen = st.selectbox(
        translate("assessments.open", language),
        ids,
        index=index,
        format_func=lambda i: f"{country_name(by_id[i].country, language)} · {by_id[i].round}",
        key="open_assessment",
    )
    choose_assessment(chosen)
    pages_named = {s.name: translate(f"nav.{s.name}", language) for s in nav.PAGE_SPECS if s.opens_assessment}
    st.caption(translate("assessments.opened_everywhere", language, **pages_named))
    workspace, info = get_workspace(), by_id[chosen]
    allowed = nav.assessment_pages(workspace.principal, info.country, info.id)
    for column, name in zip(st.columns(len(pages_named)), allowed, strict=False):
        with column:
            nav.link(name, translate(f"nav.{name}", language), keep_params(a=chosen))


def render_import(language: str) -> None:
    """Bring in a portable assessment file from another installation or from offline work."""
    with st.expander(translate("assessments.import", language)):
        st.caption(translate("assessments.import_help", language))
        upload = st.file_uploader(
            translate("assessments.import_file", language), type=["json", "yaml", "yml"], key="import_file"
        )
        if upload is not None and st.button(translate("assessments.import_button", language), key="import_button"):
            try:
                info = get_workspace().import_assessment(upload.getvalue(), get_catalog(), upload.name)
            except InputError as exc:
                st.error(translate("assessments.import_refused", language))
                st.code("\n".join(str(p) for p in exc.problems), language=None)
            except AssessmentError as exc:
                st.error(translate("assessments.import_refused", language))
                st.code(str(exc), language=None)
            else:
                st.success(
                    translate(
                        "assessments.imported",
                        language,
                        country=country_name(info.country, language),
                        round=md_escape(info.round),
                    )
                )
