"""Show text from files and people as text: never as HTML, never as Markdown formatting."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Escape every character Markdown (and Streamlit's extensions) could interpret."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
