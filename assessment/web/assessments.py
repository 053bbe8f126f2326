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
from .state import choose_assessment, current_language, keep_params, url_param


def listed_first(infos: list[AssessmentInfo], own: frozenset[int], scope: frozenset[str]) -> list[AssessmentInfo]:
    """The person's own assessments first (created, answered in, invited to), then those of their countries,
    then the rest (the demo's, other countries' shared ones); each group in the stored order, newest first."""
    return sorted(infos, key=lambda i: (i.id not in own, i.country not in scope))


def questionnaire_label(qid: str, version: str, lang: str) -> str:
    """`National cybersecurity maturity self-assessment · 2.0.0`; the id when that version is not installed."""
    loaded = get_catalog().find(qid, version)
    if loaded is None:
        return f"{qid} · {version}"
    return f"{loaded.questionnaire.text(loaded.questionnaire.title, lang)} · {version}"


def listed_assessments() -> tuple[list[AssessmentInfo], frozenset[int]]:
    """The assessments the person may see, their own first, and the ids of their own."""
    workspace = get_workspace()
    own = own_assessments(workspace.store, workspace.principal)
    return listed_first(workspace.assessments(), own, workspace.principal.countries), own


def assessments_frame(infos: list[AssessmentInfo], own: frozenset[int], lang: str) -> pd.DataFrame:
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
                translate("assessments.yours", lang): info.id in own,
                translate("assessments.country", lang): country_name(info.country, lang),
                translate("assessments.round", lang): info.round,
                translate("assessments.questionnaire", lang): questionnaire_label(
                    info.questionnaire_id, info.questionnaire_version, lang
                ),
                translate("assessments.language", lang): language_name(info.language, lang),
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
    if reach_of(person.role) is Reach.COUNTRIES:  # they create assessments for their own countries only
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
    infos, own = listed_assessments()
    frame = assessments_frame(infos, own, lang)
    if frame.empty:
        st.info(translate("assessments.none", lang))
    else:
        completeness = translate("assessments.completeness", lang)
        yours = translate("assessments.yours", lang)
        st.dataframe(
            frame.drop(columns=["id"]),
            hide_index=True,
            width="stretch",
            column_config={
                completeness: st.column_config.ProgressColumn(completeness, format="%.0f%%", max_value=100),
                yours: st.column_config.CheckboxColumn(yours, help=translate("assessments.yours_help", lang)),
            },
        )
        render_picker(infos, lang)
    if allows(get_workspace().principal.role, Action.CREATE_ASSESSMENT):
        st.divider()
        render_create_form(lang)
        render_import(lang)


def render_picker(infos: list[AssessmentInfo], lang: str) -> None:
    """The one assessment picker: the assessment chosen here is the one Answer, Results, Consensus and Live open.

    It starts on the assessment already open (from the URL or remembered for the session), else on the
    first row (the person's own come first), and remembers each choice through `state.choose_assessment`.
    """
    by_id = {i.id: i for i in infos}
    ids = list(by_id)
    current = url_param("a")
    index = next((n for n, i in enumerate(ids) if str(i) == current), 0)
    chosen = st.selectbox(
        translate("assessments.open", lang),
        ids,
        index=index,
        format_func=lambda i: f"{country_name(by_id[i].country, lang)} · {by_id[i].round}",
        key="open_assessment",
    )
    choose_assessment(chosen)
    pages_named = {s.name: translate(f"nav.{s.name}", lang) for s in nav.PAGE_SPECS if s.opens_assessment}
    st.caption(translate("assessments.opened_everywhere", lang, **pages_named))
    workspace, info = get_workspace(), by_id[chosen]
    allowed = nav.assessment_pages(workspace.principal, info.country, info.id)
    for column, name in zip(st.columns(len(pages_named)), allowed, strict=False):
        with column:
            nav.link(name, translate(f"nav.{name}", lang), keep_params(a=chosen))


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
