"""How figures are written for people: one place, so the page, the PDF and the CLI agree to the digit.

Numbers, percentages, dates and times follow the conventions of the person's language
(Babel, CLDR data, offline). Spanish is written as in Latin America (`es_419`: 37.2,
37%), Portuguese as in Brazil (`pt_BR`: 37,2), French as in France and Haiti (`fr`:
37,2 %); see docs/translating.md.
"""

from __future__ import annotations

import math
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.dates import format_datetime, get_timezone
from babel.numbers import format_decimal, format_percent

from .model import Questionnaire

if TYPE_CHECKING:
    from .scoring import Scores

MISSING = "–"
LOCALES = {"en": "en", "es": "es_419", "pt": "pt_BR", "fr": "fr"}
"""The CLDR locale each interface language writes figures in."""


@cache
def locale_of(language: str) -> Locale:
    """The locale figures are written in for `language` (English when Babel does not know it)."""
    try:
        return Locale.parse(LOCALES.get(language, language).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_score(value: float | None, language: str) -> str:
    """A 0-100 score or index with one decimal, as everywhere in the product (rounded as Python rounds it)."""
    if value is None or not math.isfinite(value):
        return MISSING
    return format_decimal(Decimal(value), "0.0", locale=locale_of(language), decimal_quantization=True)


def format_share(value: float, language: str) -> str:
    """A share (0-1) as a whole percentage, with the language's percent sign and spacing."""
    if value is None or not math.isfinite(value):
        return MISSING
    return format_percent(Decimal(value), locale=locale_of(language))


def format_share_below(value: float, language: str) -> str:
    """A share rounded down to a whole percent: "74%" for 0.749, so it never reads as reaching a bar it misses."""
    return format_share(math.floor(value * 100 + 1e-9) / 100, language)


def format_threshold(value: float, language: str) -> str:
    """A bound such as a tier's lowest index, with as many decimals as it has (`≥ 37,5`)."""
    return format_decimal(Decimal(str(value)), "#,##0.##", locale=locale_of(language))


def format_day(day: date, language: str) -> str:
    """A date written out (`24 de noviembre de 2026`), as in a report's cover."""
    return babel_date(day, "long", locale=locale_of(language))


def format_moment(moment: datetime, language: str, zone: str | tzinfo | None) -> str:
    """A date and time in the person's time zone (the browser's), with the zone named: one rule everywhere."""
    tz = get_timezone(zone) if isinstance(zone, str) else zone
    when = format_datetime(moment, "medium", tzinfo=tz, locale=locale_of(language))
    return f"{when} {zone_label(moment, tz)}"


def zone_label(moment: datetime, tz: tzinfo | None) -> str:
    """`UTC−05:00`-style label of the zone a time is shown in (UTC when none is known)."""
    if tz is None:
        return "UTC"
    offset = moment.astimezone(tz).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def language_name(code: str, in_language: str) -> str:
    """The name of language `code` written in `in_language` (`português`, `français`), capitalised."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_language_name(locale_of(in_language)) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


def stage_label(q: Questionnaire, stage: int | None, language: str) -> str:
    """`3 · Established`, or a dash for no stage."""
    if stage is None:
        return MISSING
    name = next(s.name for s in q.scale.stages if s.value == stage)
    return f"{stage} · {q.text(name, language)}"


def tier_name(q: Questionnaire, scores: Scores, language: str) -> str:
    """The name of the tier the scores reached (scored with `q`), or a dash without an index."""
    tier = q.tier_by_id.get(scores.tier_id) if scores.tier_id else None
    return MISSING if tier is None else q.text(tier.name, language)
