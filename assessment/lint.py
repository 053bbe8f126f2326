"""A style check of questionnaire texts: words that no official can evidence.

"Quickly", "adequate" or "regularly" in a descriptor make two honest officials rate the
same facts differently. The loader accepts them (they are not format errors); this lint
lists each one with its file and line, and the test suite fails on any in a shipped
questionnaire's descriptors and rating guidance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .errors import Problem
from .loader import METADATA_FILE, questionnaire_folders
from .yamlsafe import read_file

VAGUE_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "quickly", "promptly", "rapidly", "swiftly", "timely", "recogni[sz]ed", "visibly", "visible",
        "adequate", "adequately", "appropriate", "appropriately", "sufficient", "sufficiently",
        "effective", "effectively", "robust", "comprehensive", "significant", "significantly",
        "meaningful", "meaningfully", "proactive", "proactively", "regularly", "widely", "strong",
        "mature", "well-established", "best practices?", "world-class",
    ),
    "es": (
        "rápido", "rápida", "rápidos", "rápidas", "rápidamente", "con rapidez", "con prontitud",
        "oportunos?", "oportunas?", "oportunamente", "reconocid[oa]s?", "visibles?", "visiblemente",
        "adecuad[oa]s?", "adecuadamente", "apropiad[oa]s?", "apropiadamente", "suficientes?",
        "suficientemente", "eficaz", "eficaces", "eficazmente", "efectiv[oa]s?", "efectivamente",
        "robust[oa]s?", "exhaustiv[oa]s?", "significativ[oa]s?", "significativamente", "proactiv[oa]s?",
        "proactivamente", "periódicamente", "regularmente", "ampliamente", "buenas prácticas",
        "de clase mundial",
    ),
}  # fmt: skip
"""Per language, regular expressions of words (whole words, any case) that state no threshold."""

LINTED_FIELDS = ("descriptors", "guidance")

_PATTERNS = {
    lang: re.compile(r"(?<!\w)(" + "|".join(words) + r")(?!\w)", re.IGNORECASE) for lang, words in VAGUE_WORDS.items()
}


def vague_words(text: str, language: str) -> list[str]:
    """The vague words found in one text, as written."""
    pattern = _PATTERNS.get(language)
    return [m.group(0) for m in pattern.finditer(text)] if pattern else []


def _texts(data: object) -> Iterator[tuple[tuple[object, ...], str, str]]:
    """(path, language, text) of every descriptor and rating-guidance text of a pillar file's data."""
    indicators = data.get("indicators") if isinstance(data, dict) else None
    for i, indicator in enumerate(indicators if isinstance(indicators, list) else []):
        if not isinstance(indicator, dict):
            continue
        for field in LINTED_FIELDS:
            by_stage = indicator.get(field)
            for stage, text in by_stage.items() if isinstance(by_stage, dict) else []:
                for lang, value in text.items() if isinstance(text, dict) else []:
                    if isinstance(value, str):
                        yield ("indicators", i, field, stage, lang), lang, value


def lint_folder(folder: Path) -> list[Problem]:
    """Every vague word in the descriptors and rating guidance of one questionnaire folder."""
    problems = []
    for path in sorted(Path(folder).glob("*.yaml")):
        if path.name == METADATA_FILE:
            continue
        doc = read_file(path, f"{folder.name}/{path.name}")
        for key_path, lang, text in _texts(doc.data):
            for word in vague_words(text, lang):
                problems.append(doc.problem(key_path, f"vague word '{word}': state an observable threshold instead"))
    return problems


def lint(root: Path) -> list[Problem]:
    """Lint every questionnaire folder at or under `root`."""
    return [problem for folder in questionnaire_folders(root) for problem in lint_folder(folder)]
