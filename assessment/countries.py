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


FICTIONAL: dict[str, dict[str, str]] = {
    code: {"en": f"{name} (fictional)", "es": f"{name} (ficticio)"}
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
