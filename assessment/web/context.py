"""What every page needs: the store, the questionnaires, and the assessment and respondent in the URL.

The URL holds `a` (assessment), `r` (respondent), `p` (pillar) and `lang`, so that a reload
or a server restart brings the person back exactly where they were.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ..access import AccessDenied, Principal
from ..catalog import questionnaires_root
from ..errors import AssessmentError
from ..i18n import translate
from ..loader import Catalog, load_catalog
from ..model import Questionnaire
from ..store import AssessmentInfo
from ..store.accounts import principal
from ..workspace import Answering, Workspace
from .resources import get_store
from .safe import md_escape
from .session import current_user_id
from .state import ASSESSMENT_PARAM, RESPONDENT_PARAM, forget_param, url_param


@st.cache_resource(show_spinner=False)
def _catalog(root: str) -> Catalog:
    return load_catalog(Path(root))


_READ_THIS_RUN: weakref.WeakKeyDictionary[object, tuple[int, Principal]] = weakref.WeakKeyDictionary()
"""The signed-in person as read in each script run still going on, keyed by an object Streamlit makes per run."""


def _this_run() -> object | None:
    """An object that lives exactly as long as the current script run (full or fragment), or None outside one.

    Streamlit makes a new `ParallelFragmentCoordinator` at each run (`ScriptRunContext.reset`);
    should a later version not have it, nothing is kept and every call reads afresh.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    return getattr(ctx, "parallel_coordinator", None) if ctx is not None else None


def current_principal() -> Principal:
    """The signed-in person with their current role and scope, read from the database once per script run.

    The shell, the page and each callback all ask (it used to be read three or four times a
    run); a change of role, scope or account status still applies from the next run on.
    """
    user_id = current_user_id()
    if user_id is None:
        raise AccessDenied("sign in first", key="denied.sign_in")
    run = _this_run()
    kept = _READ_THIS_RUN.get(run) if run is not None else None
    if kept is not None and kept[0] == user_id:
        return kept[1]
    person = principal(get_store(), user_id)
    if run is not None:
        _READ_THIS_RUN[run] = (user_id, person)
    return person


def get_workspace() -> Workspace:
    """The stored assessments as the signed-in person may use them (the app shows only signed-in pages)."""
    return Workspace(get_store(), current_principal())


def get_catalog() -> Catalog:
    """The questionnaires, loaded once per server process."""
    return _catalog(str(questionnaires_root()))


MAX_ID = 2**31 - 1


def url_int(name: str) -> int | None:
    """A record id from the URL: ASCII digits only (not "²" or "٣"), within the range of a database id."""
    value = url_param(name)
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def assessment_title(info: AssessmentInfo, language: str, page: str | None = None) -> str:
    """A page's title for an assessment, as Markdown: "Results: CERT-Ejemplo · 2026" (the subject, else the country)."""
    title = f"{md_escape(info.display_subject(language))} · {md_escape(info.round)}"
    return f"{translate(page, language)}: {title}" if page else title


@dataclass(frozen=True)
class Opened:
    """The assessment named in the URL and its questionnaire."""

    info: AssessmentInfo
    questionnaire: Questionnaire


def opened_assessment(language: str) -> Opened | None:
    """The assessment in the URL (or the one chosen on the Assessments page, remembered for the session),
    or None after telling the person how to pick one.

    An id that names no assessment the person may open is forgotten, so the next page does not open it again.
    """
    assessment_id = url_int(ASSESSMENT_PARAM)
    if assessment_id is None:
        st.info(translate("common.pick_assessment", language))
        return None
    try:
        info = get_workspace().assessment(assessment_id)
    except AssessmentError:
        forget_param(ASSESSMENT_PARAM)
        st.warning(translate("common.no_such_assessment", language, id=assessment_id))
        return None
    loaded = get_catalog().find(info.questionnaire_id, info.questionnaire_version)
    if loaded is None:
        st.error(
            translate(
                "common.questionnaire_missing", language, id=info.questionnaire_id, version=info.questionnaire_version
            )
        )
        return None
    return Opened(info, loaded.questionnaire)


def opened_answering(opened: Opened) -> Answering | None:
    """The respondent in the URL with their answers, or None when there is none the person may answer as."""
    respondent_id = url_int(RESPONDENT_PARAM)
    if respondent_id is None:
        return None
    try:
        return get_workspace().answering(opened.info.id, respondent_id)
    except AssessmentError:
        return None
