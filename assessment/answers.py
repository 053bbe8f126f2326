"""What respondents said, as the engine sees it: plain immutable values, no storage, no UI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    ANSWERED = "answered"
    NOT_APPLICABLE = "not_applicable"
    DONT_KNOW = "dont_know"
    UNANSWERED = "unanswered"
    """No stage chosen yet, but evidence or a comment already written: kept, and scored as unanswered."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One respondent's answer to one indicator.

    An answered staged indicator carries `stage`; an answered checklist carries `items`,
    the ids of the items that are met. "Not applicable" and "don't know" carry neither.
    """

    status: Status = Status.ANSWERED
    stage: int | None = None
    items: frozenset[str] | None = None
    evidence: str = ""
    links: tuple[str, ...] = ()
    comment: str = ""
    review: bool = False

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence.strip() or self.links)


@dataclass(frozen=True, slots=True)
class Respondent:
    """A person answering for one stakeholder group."""

    id: str
    group: str
    answers: Mapping[str, Answer] = field(default_factory=dict)
    name: str = ""
    organisation: str = ""


@dataclass(frozen=True, slots=True)
class Consensus:
    """The value a facilitator settled for an indicator; it overrides the respondents' aggregate."""

    stage: int | None = None
    not_applicable: bool = False
    rationale: str = ""
    settled_by: str = field(default="", compare=False)
    """Who settled it and when: a record of the decision, not part of the value (equal values are equal)."""
    settled_at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Targets:
    """The stages a country aims at: per indicator, else per pillar, else a default."""

    default: int | None = None
    pillars: Mapping[str, int] = field(default_factory=dict)
    indicators: Mapping[str, int] = field(default_factory=dict)

    def for_indicator(self, indicator_id: str, pillar_id: str) -> int | None:
        if indicator_id in self.indicators:
            return self.indicators[indicator_id]
        return self.pillars.get(pillar_id, self.default)

    def for_pillar(self, pillar_id: str) -> int | None:
        return self.pillars.get(pillar_id, self.default)
