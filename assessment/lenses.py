"""Results seen through another framework: the questionnaire's mappings turned into CMM, GCI, NCAF or NCSI figures.

A lens element (a CMM dimension or factor, a GCI pillar, an NCAF objective, an NCSI
category...) is fed by every indicator mapped to it or to an element below it. Its
score is the weighted mean of those indicators' scores, its stage follows the
questionnaire's pillar rule, and its coverage is the share of those indicators that
have a stage. An element no indicator maps to is *not covered*: it has no score,
never 0. See docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .model import FrameworkCatalog, FrameworkElement, PillarRule, Questionnaire
from .scoring import IndicatorResult, Scores, pillar_stage, weighted_mean


@dataclass(frozen=True, slots=True)
class LensElement:
    """One element of a framework as this assessment's indicators describe it."""

    code: str
    parent: str | None
    depth: int
    indicators: tuple[str, ...]
    """Every indicator mapped to this element or one below it, in questionnaire order."""
    applicable: int
    answered: int
    stage: int | None
    score: float | None

    @property
    def covered(self) -> bool:
        return bool(self.indicators)

    @property
    def coverage(self) -> float | None:
        """The share of applicable mapped indicators that have a stage (None when not covered)."""
        if not self.covered:
            return None
        return self.answered / self.applicable if self.applicable else 0.0


@dataclass(frozen=True, slots=True)
class Lens:
    """A whole framework as seen through one assessment."""

    framework: str
    catalog: FrameworkCatalog
    elements: tuple[LensElement, ...]

    @property
    def top(self) -> list[LensElement]:
        return [e for e in self.elements if e.parent is None]

    @property
    def score(self) -> float | None:
        """The unweighted mean of the scored top-level elements: how the framework itself sums its parts.

        It is None when no top-level element has a score; read it beside `top_covered`.
        """
        scored = [e.score for e in self.top if e.score is not None]
        return sum(scored) / len(scored) if scored else None

    @property
    def top_covered(self) -> tuple[int, int]:
        """How many top-level elements have a score, of how many the framework has."""
        return sum(1 for e in self.top if e.score is not None), len(self.top)

    def element(self, code: str) -> LensElement:
        return next(e for e in self.elements if e.code == code)


def lens_frameworks(q: Questionnaire) -> list[str]:
    """The frameworks this questionnaire maps to and has a catalog for, in catalog order."""
    return [f for f in q.framework_catalogs if any(getattr(i.mappings, f) for i in q.indicators.values())]


def _depth(element: FrameworkElement, codes: dict[str, FrameworkElement]) -> int:
    depth, parent = 0, element.parent
    while parent is not None:
        depth, parent = depth + 1, codes[parent].parent
    return depth


def lens(q: Questionnaire, scores: Scores, framework: str) -> Lens:
    """Aggregate `scores` through the elements of `framework` (a key of `q.framework_catalogs`)."""
    catalog = q.framework_catalogs[framework]
    codes = catalog.codes
    feeds: dict[str, list[str]] = {code: [] for code in codes}
    for indicator in q.indicators.values():
        reached: set[str] = set()
        for mapped in getattr(indicator.mappings, framework):
            code: str | None = mapped
            while code is not None and code not in reached:
                reached.add(code)
                code = codes[code].parent
        for code in reached:
            feeds[code].append(indicator.id)
    results = {r.indicator_id: r for r in scores.indicators}
    rule = q.scoring.pillar_rule
    elements = []
    for element in catalog.elements:
        mapped = [results[i] for i in feeds[element.code]]
        elements.append(_element(element, _depth(element, codes), mapped, rule))
    return Lens(framework, catalog, tuple(elements))


def _element(element: FrameworkElement, depth: int, mapped: Sequence[IndicatorResult], rule: PillarRule) -> LensElement:
    answered = [r for r in mapped if r.stage is not None and r.score is not None]
    weights = [r.weight for r in answered]
    return LensElement(
        code=element.code,
        parent=element.parent,
        depth=depth,
        indicators=tuple(r.indicator_id for r in mapped),
        applicable=sum(1 for r in mapped if r.status != "not_applicable"),
        answered=len(answered),
        stage=pillar_stage(rule, [r.stage for r in answered if r.stage is not None], weights) if answered else None,
        score=weighted_mean([(r.score, r.weight) for r in answered]),
    )


def lenses(q: Questionnaire, scores: Scores) -> list[Lens]:
    """Every lens the questionnaire's mappings allow."""
    return [lens(q, scores, f) for f in lens_frameworks(q)]


def element_name(lens_: Lens, code: str, language: str) -> str:
    names = lens_.catalog.codes[code].name
    return names.get(language) or names.get("en") or next(iter(names.values()))


def lens_frame(lens_: Lens, language: str) -> pd.DataFrame:
    """One row per element: code, name, depth, indicators, answered, coverage, stage, score."""
    rows = [
        {
            "framework": lens_.framework,
            "version": lens_.catalog.version,
            "element": e.code,
            "parent": e.parent or "",
            "depth": e.depth,
            "name": element_name(lens_, e.code, language),
            "covered": e.covered,
            "indicators": len(e.indicators),
            "answered": e.answered,
            "coverage": e.coverage,
            "stage": e.stage,
            "score": e.score,
        }
        for e in lens_.elements
    ]
    frame = pd.DataFrame(rows)
    frame["stage"] = frame["stage"].astype("Int64")
    return frame
