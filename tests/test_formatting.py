"""Figures written each language's way, with fixed expected strings (CLDR through Babel)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from assessment.formatting import (
    MISSING,
    format_day,
    format_moment,
    format_score,
    format_share,
    format_share_below,
    format_threshold,
    language_name,
)


@pytest.mark.parametrize(
    ("language", "score", "share", "day"),
    [
        ("en", "37.2", "38%", "November 24, 2026"),
        ("es", "37.2", "38%", "24 de noviembre de 2026"),
        ("pt", "37,2", "38%", "24 de novembro de 2026"),
        ("fr", "37,2", "38\u00a0%", "24 novembre 2026"),
        ("xx", "37.2", "38%", "November 24, 2026"),  # a language Babel does not know: English conventions
    ],
)
def test_each_language_writes_figures_its_way(language, score, share, day):
    assert format_score(37.24, language) == score
    assert format_share(0.3768, language) == share
    assert format_day(date(2026, 11, 24), language) == day


def test_rounding_is_pythons_so_pages_and_files_agree():
    assert format_score(62.25, "en") == f"{62.25:.1f}"
    assert format_score(0.15, "pt") == "0,1"  # 0.15 is 0.1499… in binary, as Python rounds it


@pytest.mark.parametrize("value", [None, float("nan"), float("inf")])
def test_missing_or_not_finite_figures_are_a_dash(value):
    assert format_score(value, "fr") == MISSING
    assert format_share(value, "es") == MISSING


def test_a_share_below_a_bar_never_reads_as_reaching_it():
    assert format_share(0.7498, "en") == "75%"
    assert format_share_below(0.7498, "en") == "74%"
    assert format_share_below(0.75, "en") == "75%"


def test_thresholds_times_and_language_names():
    assert format_threshold(37.5, "fr") == "37,5"
    assert format_threshold(60.0, "pt") == "60"
    moment = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    assert format_moment(moment, "es", "America/Bogota").endswith("10:30:00\u202fa.m. UTC−05:00")
    assert format_moment(moment, "en", None).endswith("UTC")
    assert language_name("pt", "pt") == "Português"
    assert language_name("fr", "es") == "Francés"
    assert language_name("xx-unknown", "en") == "xx-unknown"
