"""ISO 3166 countries with their names in the interface languages (from pycountry, offline)."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from functools import cache

import pycountry

from .textcheck import folded


@cache
def _translator(language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


FICTIONAL_WORD = {"en": "fictional", "es": "ficticio", "pt": "fictício", "fr": "fictif"}
FICTIONAL: dict[str, dict[str, str]] = {
    code: {lang: f"{name} ({word})" for lang, word in FICTIONAL_WORD.items()}
    for code, name in {
        "XA": "Arcadia", "XB": "Borealis", "XC": "Coralia", "XD": "Dunmore", "XE": "Esmeralda",
        "XF": "Fontera", "XG": "Galena", "XH": "Halcyon", "XI": "Isla Serena", "XJ": "Jacarandá",
    }.items()
}  # fmt: skip
"""Demo countries, on ISO 3166 codes reserved for user assignment so that they never clash with real ones."""

USER_ASSIGNED = {"AA", "ZZ"} | {f"Q{c}" for c in "MNOPQRSTUVWXYZ"} | {f"X{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def is_country_code(code: str) -> bool:
    """An ISO 3166 alpha-2 code, or one of the codes the standard reserves for user assignment."""
    return code in USER_ASSIGNED or pycountry.countries.get(alpha_2=code) is not None


def country_name(code: str, language: str) -> str:
    """The country's common name in `language` (English when no translation exists); the code if unknown."""
    if code.upper() in FICTIONAL:
        names = FICTIONAL[code.upper()]
        return names.get(language, names["en"])
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    translate = _translator(language).gettext
    common = getattr(country, "common_name", None)
    if common and (language == "en" or translate(common) != common):
        return translate(common)
    return translate(country.name)


@cache
def countries(language: str) -> list[tuple[str, str]]:
    """Every (code, name) pair, sorted by name in `language`."""
    pairs = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return sorted(pairs, key=lambda pair: pair[1].casefold())


# -- a country from what published files write: codes, or names in several languages -----

NAME_LANGUAGES = ("en", "es", "pt_BR", "pt", "fr")
"""The languages whose country names `country_code_from` recognises (pycountry's gettext catalogs)."""

ALIASES: dict[str, str] = {
    "Russia": "RU", "Rusia": "RU", "Rússia": "RU", "Turkey": "TR", "Ivory Coast": "CI", "Cape Verde": "CV",
    "Swaziland": "SZ", "Macedonia": "MK", "UK": "GB", "Great Britain": "GB", "UAE": "AE", "Vatican": "VA",
    "Kosovo": "XK",
}  # fmt: skip
"""Short and former names that published indices use and ISO 3166 does not list."""

_STOP_WORDS = frozenset(
    ("of", "the", "and", "de", "del", "la", "las", "el", "los", "y", "da", "do", "das", "dos", "e", "du", "des", "le",
     "les", "l", "d", "et", "s")
)  # fmt: skip
_ABBREVIATIONS = {"rep": "republic", "dem": "democratic", "st": "saint", "ste": "sainte"}


def _fold(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: 'Côte d’Ivoire' → 'cote d ivoire'."""
    plain = folded(text).replace(".", "")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def _words(text: str) -> frozenset[str]:
    """The meaningful words of a name, in any order: 'Korea (Rep. of)' and 'Republic of Korea' match."""
    return frozenset(_ABBREVIATIONS.get(w, w) for w in _fold(text).split() if w not in _STOP_WORDS)


def _names() -> Iterator[tuple[str, str]]:
    """Every (code, name) pair the resolver knows: ISO names in each language, demo names, aliases."""
    for language in NAME_LANGUAGES:
        translate = _translator(language).gettext
        for country in pycountry.countries:
            for field in ("name", "official_name", "common_name"):
                if name := getattr(country, field, None):
                    yield country.alpha_2, translate(name) if language != "en" else name
    for code, names in FICTIONAL.items():
        yield code, names["en"].removesuffix(" (fictional)")
        yield from ((code, name) for name in names.values())
    yield from ((code, name) for name, code in ALIASES.items())


@cache
def _name_index() -> tuple[dict[str, frozenset[str]], dict[frozenset[str], frozenset[str]]]:
    exact: dict[str, set[str]] = {}
    loose: dict[frozenset[str], set[str]] = {}
    for code, name in _names():
        exact.setdefault(_fold(name), set()).add(code)
        # 'Iran, Islamic Republic of' is also 'Iran'; 'Saint Martin (French part)' also 'Saint Martin'
        for variant in {name, name.split(",")[0], name.split("(")[0]}:
            if words := _words(variant):
                loose.setdefault(words, set()).add(code)
    return {k: frozenset(v) for k, v in exact.items()}, {k: frozenset(v) for k, v in loose.items()}


def country_matches(text: str) -> tuple[str, ...]:
    """The codes `text` may mean, sorted: one when it is clear, none when unknown, several when ambiguous.

    Accepts an ISO 3166 alpha-2 code (or one reserved for user assignment, such as the demo
    countries'), an alpha-3 code, a numeric code, or a name in English, Spanish, Portuguese
    or French (official, common or short; case, accents, punctuation and word order do not
    matter). A name that matches exactly wins over one that matches only by its words.
    """
    value = text.strip()
    if len(value) == 2 and value.isascii() and value.isalpha() and is_country_code(value.upper()):
        return (value.upper(),)
    if len(value) == 3 and value.isascii() and value.isalpha():
        country = pycountry.countries.get(alpha_3=value.upper())
        if country is not None:
            return (country.alpha_2,)
    if value.isascii() and value.isdigit():
        country = pycountry.countries.get(numeric=value.zfill(3)) if len(value) <= 3 else None
        return (country.alpha_2,) if country is not None else ()
    exact, loose = _name_index()
    found = exact.get(_fold(value)) or loose.get(_words(value)) or frozenset()
    return tuple(sorted(found))


def country_code_from(text: str) -> str | None:
    """The ISO 3166 alpha-2 code `text` clearly means (see `country_matches`), else None."""
    found = country_matches(text)
    return found[0] if len(found) == 1 else None
