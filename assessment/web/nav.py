"""The app's pages, built once per run by `app.main` and looked up by name for links."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ..i18n import translate

PAGES: dict[str, st.Page] = {}

PAGE_ORDER = (
    "assessments", "answer", "results", "consensus", "live", "compare", "invitations", "admin", "questionnaires",
)  # fmt: skip


def build_pages(renderers: dict[str, Callable[[], None]], lang: str) -> list[st.Page]:
    """Make the st.Page objects (titles in `lang`) and remember them for `link()` and `go()`."""
    PAGES.clear()
    for name in PAGE_ORDER:
        PAGES[name] = st.Page(
            renderers[name], title=translate(f"nav.{name}", lang), url_path=name, default=name == "assessments"
        )
    return [PAGES[name] for name in PAGE_ORDER]


def link(name: str, label: str, params: dict[str, str]) -> None:
    st.page_link(PAGES[name], label=label, query_params=params)


def go(name: str, params: dict[str, str]) -> None:
    st.switch_page(PAGES[name], query_params=params)
