"""What the interface remembers between reruns, kept in the URL so a reload resumes there."""

from __future__ import annotations

import streamlit as st

from ..i18n import languages


def current_language() -> str:
    """The interface language: from the URL (`?lang=es`), else English."""
    code = st.query_params.get("lang", "en")
    return code if code in languages() else "en"


def set_language(code: str) -> None:
    st.query_params["lang"] = code


def keep_params(**values: object) -> dict[str, str]:
    """The query parameters to carry to another page: the language plus the given ones."""
    params = {"lang": current_language()}
    params.update({k: str(v) for k, v in values.items() if v is not None})
    return params
