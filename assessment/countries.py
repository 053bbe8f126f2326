"""ISO 3166 countries with their names in the interface languages (from pycountry, offline)."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry


@cache
def _translator(language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def country_name(code: str, language: str) -> str:
    """The country's common name in `language` (English when no translation exists); the code if unknown."""
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
