"""How figures are written for people: one place, so the page, the PDF and the CLI agree to the digit."""

from __future__ import annotations

from .model import Questionnaire

MISSING = "–"


def format_score(value: float | None) -> str:
    """A 0-100 score or index with one decimal, as everywhere in the product."""
    return MISSING if value is None else f"{value:.1f}"


def format_share(value: float) -> str:
    """A share (0-1) as a whole percentage."""
    return f"{100 * value:.0f}%"


def stage_label(q: Questionnaire, stage: int | None, language: str) -> str:
    """`3 · Established`, or a dash for no stage."""
    if stage is None:
        return MISSING
    name = next(s.name for s in q.scale.stages if s.value == stage)
    return f"{stage} · {q.text(name, language)}"


def tier_name(q: Questionnaire, index: float | None, language: str) -> str:
    return MISSING if index is None else q.text(q.tier_for(index).name, language)
