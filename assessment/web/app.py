"""The app shell: page config, language, navigation."""

from __future__ import annotations

import streamlit as st

from ..i18n import languages, translate
from . import nav
from .answer import render_answer_page
from .assessments import render_assessments_page
from .browse import render_browse_page
from .compare import render_compare_page
from .consensus import render_consensus_page
from .live import render_live_page
from .results import render_results_page
from .state import current_language, set_language

RENDERERS = {
    "assessments": render_assessments_page,
    "answer": render_answer_page,
    "results": render_results_page,
    "consensus": render_consensus_page,
    "live": render_live_page,
    "compare": render_compare_page,
    "questionnaires": render_browse_page,
}


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
    page = st.navigation(nav.build_pages(RENDERERS, lang))
    render_language_picker()
    page.run()
