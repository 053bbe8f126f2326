"""Interface strings, one catalog per language (`<code>.yaml` beside this file).

Page code never holds a visible string itself: it asks `translate(key, language)`.
A key missing in a language falls back to English, so a new language can grow
gradually; a test keeps the shipped catalogs complete.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..yamlsafe import read_file

CATALOG_DIR = Path(__file__).parent
FALLBACK = "en"


@cache
def catalog(language: str) -> dict[str, str]:
    """The strings of one language; an unknown language gives an empty catalog."""
    path = CATALOG_DIR / f"{language}.yaml"
    if not path.is_file():
        return {}
    data = read_file(path).data or {}
    return {str(k): str(v) for k, v in data.items()}


def languages() -> list[str]:
    """The languages that have a catalog, English first."""
    codes = sorted(p.stem for p in CATALOG_DIR.glob("*.yaml"))
    return sorted(codes, key=lambda c: c != FALLBACK)


def translate(key: str, language: str, /, **values: object) -> str:
    """The string for `key` in `language` (else English, else the key), with `{name}` values filled in."""
    text = catalog(language).get(key) or catalog(FALLBACK).get(key) or key
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder: say it in English
        return (catalog(FALLBACK).get(key) or key).format(**values)


def report_language(assessment_languages: list[str], available: list[str], chosen: str | None = None) -> str:
    """The one rule for a report's language, on every page and in the CLI.

    The language the person chose at download; without a choice, the assessments' own
    language when they share one, else the first language the questionnaire offers.
    """
    if chosen:
        return chosen
    shared = set(assessment_languages)
    if len(shared) == 1 and (only := next(iter(shared))) in available:
        return only
    return available[0]


def explain(error: Exception, language: str, /) -> str:
    """An error as the person reads it: its catalog text in `language` when it has one, else its message."""
    key = getattr(error, "key", None)
    if key and key in catalog(FALLBACK):
        return translate(key, language, **getattr(error, "values", {}))
    return str(error)
