"""Characters no text in this tool may contain: NUL and other control characters, and bidi overrides.

NUL breaks PostgreSQL text columns; other control characters and the Unicode direction
overrides (used to make "exe.pdf" look like "fdp.exe") have no place in names, evidence or
comments. The noncharacters U+FFFE and U+FFFF and unpaired surrogates are not text at all
(XML, and so the Word report, refuses them). Line feeds, carriage returns and tabs are
allowed: people paste paragraphs.
Every text written to the database is checked (a SQLAlchemy hook in store/base.py),
so no page, import or command can slip one through.
"""

from __future__ import annotations

import re
import unicodedata

ALLOWED_CONTROLS = "\n\r\t"
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_FORBIDDEN = re.compile(
    "["
    + "".join(chr(c) for c in range(32) if chr(c) not in ALLOWED_CONTROLS)
    + "\x7f-\x9f"
    + BIDI_CONTROLS
    + "\ud800-\udfff\ufffe\uffff"
    + "]"
)


def forbidden_characters(text: str) -> list[str]:
    """The forbidden characters in `text`, named as U+XXXX (NAME), each once, in order of appearance."""
    seen: list[str] = []
    for match in _FORBIDDEN.finditer(text):
        char = match.group(0)
        label = f"U+{ord(char):04X} ({unicodedata.name(char, 'CONTROL CHARACTER')})"
        if label not in seen:
            seen.append(label)
    return seen


def has_forbidden_characters(text: str) -> bool:
    return bool(_FORBIDDEN.search(text))


def folded(text: str) -> str:
    """Lower case without accents, for matching what people type: 'País' and 'PAIS' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
