"""The records the store keeps and the file formats carry, as plain immutable values.

Both the store and the file parsers (answers file, portable file, published indices)
import them from here, so that neither depends on the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .answers import Answer, Consensus, Respondent, Targets
from .countries import country_name


@dataclass(frozen=True, slots=True)
class AssessmentInfo:
    """One assessment: a country (its access scope), a round, a questionnaire and a language."""

    id: int
    country: str
    round: str
    questionnaire_id: str
    questionnaire_version: str
    language: str
    status: str
    created_at: datetime
    shareable: bool = False
    subject: str | None = None
    """What is assessed when it is not the country itself (a CSIRT, an agency); None for a country."""

    def display_subject(self, language: str) -> str:
        """What titles name: the subject's name, else the country's name in `language`."""
        return self.subject or country_name(self.country, language)


@dataclass(frozen=True, slots=True)
class RespondentInfo:
    id: int
    assessment_id: int
    name: str
    organisation: str
    group: str
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class ExternalScore:
    """A score published by another instrument (0-100), for one country and year."""

    instrument: str
    country: str
    year: int
    score: float
    source: str = ""


@dataclass(frozen=True, slots=True)
class PeerGroup:
    name: str
    countries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    entity: str
    key: str
    old: dict | None
    new: dict | None


@dataclass(frozen=True)
class AssessmentData:
    """A whole assessment as a file carries it (answers file, portable file), in the engine's own types."""

    questionnaire_id: str
    country: str | None
    round: str | None
    respondents: tuple[Respondent, ...]
    consensus: dict[str, Consensus] = field(default_factory=dict)
    targets: Targets = field(default_factory=Targets)
    subject: str | None = None


def answer_as_dict(answer: Answer) -> dict:
    """An answer as plain JSON values: its stored columns, and what the audit log and exports record."""
    return {
        "status": answer.status.value,
        "stage": answer.stage,
        "items": None if answer.items is None else sorted(answer.items),
        "evidence": answer.evidence,
        "links": list(answer.links),
        "comment": answer.comment,
        "review": answer.review,
    }
