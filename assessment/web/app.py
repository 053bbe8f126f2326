"""The app shell: page config, language, navigation."""

from __future__ import annotations

import streamlit as st

from ..i18n import languages, translate
from .browse import render_browse_page
from .state import current_language, set_language


def render_language_picker() -> None:
    lang = current_language()
    codes = languages()
    chosen = st.sidebar.selectbox(
        translate("language.label", lang),
        codes,
        index=codes.index(lang),
        format_func=lambda c: translate("language.name", c),
        key="language_picker",
    )
    if chosen != lang:
        set_language(chosen)
        st.rerun()


def main() -> None:
    lang = current_language()
    st.set_page_config(page_title=translate("app.title", lang), layout="wide")
    render_language_picker()
    page = st.navigation(
        [st.Page(render_browse_page, title=translate("browse.title", lang), url_path="questionnaires")]
    )
    page.run()
