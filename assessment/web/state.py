"""What the interface remembers between reruns, kept in the URL so a reload resumes there.

Streamlit's navigation menu drops query parameters when it switches page, so each
parameter is also remembered in the session and written back into the URL of the
page the person lands on.
"""

from __future__ import annotations

import streamlit as st

from ..i18n import languages

REMEMBERED = ("lang", "a", "r")


def url_param(name: str) -> str | None:
    """A parameter from the URL, else the one remembered for this session (and put back in the URL)."""
    slot = f"url:{name}"
    value = st.query_params.get(name)
    if value is not None:
        st.session_state[slot] = value
        return value
    value = st.session_state.get(slot)
    if value is not None and name in REMEMBERED:
        st.query_params[name] = value
        return value
    return None


def set_param(name: str, value: str) -> None:
    st.query_params[name] = value
    st.session_state[f"url:{name}"] = value


def forget_param(name: str) -> None:
    st.session_state.pop(f"url:{name}", None)
    if name in st.query_params:
        del st.query_params[name]


def current_language() -> str:
    """The interface language: from the URL (`?lang=es`), else the session's, else the browser's, else English."""
    code = url_param("lang")
    if code is None:
        code = browser_language()
        if code is not None:
            set_param("lang", code)
    return code if code in languages() else "en"


def browser_language() -> str | None:
    """The browser's preferred language when the interface has it (`pt-BR` → `pt`); None otherwise."""
    preferred = st.context.locale
    if not preferred:
        return None
    code = preferred.replace("_", "-").split("-")[0].lower()
    return code if code in languages() else None


def set_language(code: str) -> None:
    set_param("lang", code)


def keep_params(**values: object) -> dict[str, str]:
    """The query parameters to carry to another page: the language plus the given ones."""
    params = {"lang": current_language()}
    params.update({k: str(v) for k, v in values.items() if v is not None})
    return params


def choose_assessment(assessment_id: int) -> None:
    """Make `assessment_id` the assessment every page opens (Answer, Results, Consensus, Live).

    A respondent and a pillar chosen in another assessment are forgotten with it.
    """
    if url_param("a") != str(assessment_id):
        forget_param("r")
        forget_param("p")
    set_param("a", str(assessment_id))


def kept(name: str, default: object = None) -> object:
    """A choice kept for the whole session, under a key no widget owns.

    A widget's own key is dropped when its page is left; a page restores its widgets from here instead.
    """
    return st.session_state.get(f"kept:{name}", default)


def keep(name: str, value: object) -> None:
    st.session_state[f"kept:{name}"] = value
