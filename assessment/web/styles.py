"""The few page styles the theme (.streamlit/config.toml) cannot set, each for WCAG 2.1 AA contrast.

Streamlit draws a caption at 60 % opacity: its grey text passes only with a near-black text colour, and
anything coloured inside it (the green "saved" mark, the red "divergent" mark, inline code, links) falls
to about 3:1. Captions here are drawn opaque in the text colour at 75 % instead: the same grey look at
about 6:1, and the coloured parts at their full colour. tests/e2e/test_accessibility.py checks every page.
"""

from __future__ import annotations

import streamlit as st

READABLE_CAPTIONS = """<style>
div[data-testid="stCaptionContainer"] { opacity: 1; color: color-mix(in srgb, currentColor 75%, transparent); }
</style>"""


def render_page_styles() -> None:
    """Add the styles to the page (a style-only st.html takes no room on it)."""
    st.html(READABLE_CAPTIONS)
