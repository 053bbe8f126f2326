"""Show text from files and people as text: never as HTML, never as Markdown formatting."""

from __future__ import annotations

import re
from collections.abc import Iterable

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Escape every character Markdown (and Streamlit's extensions) could interpret."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_definitions(pairs: Iterable[tuple[str, str]]) -> str:
    """A Markdown list of "**term**: text" lines, both escaped (guidance, glossary)."""
    return "\n".join(f"- **{md_escape(term)}**: {md_escape(text)}" for term, text in pairs)
