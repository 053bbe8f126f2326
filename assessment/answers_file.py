"""The answers file: respondents and their answers in YAML or JSON, for the CLI and offline work.

Its format is documented in docs/answers-format.md and exported as JSON Schema in
docs/schema/. The same safe reader as for questionnaires is used, so every problem
is reported with its file, line and key path.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Final, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from .answers import Answer, Consensus, Respondent, Status, Targets
from .errors import InputError, Problem
from .loader import parse_model
from .model import Frozen, Id, Indicator, Questionnaire
from .records import AssessmentData
from .yamlsafe import Document, parse_text, read_file

FORMAT_VERSION: Final = 1
Free = Annotated[str, StringConstraints(max_length=20_000)]
Short = Annotated[str, StringConstraints(max_length=200)]
NOT_APPLICABLE = ("not_applicable", "n/a")
DONT_KNOW = ("dont_know", "?")


def _expand_shorthand(value: object) -> object:
    """`3` means stage 3, `n/a` not applicable, `dont_know` (or `"?"`, quoted in YAML) don't know."""
    if isinstance(value, int) and not isinstance(value, bool):
        return {"stage": value}
    if value in NOT_APPLICABLE:
        return {"status": "not_applicable"}
    if value in DONT_KNOW:
        return {"status": "dont_know"}
    if isinstance(value, dict):
        return value
    raise ValueError("an answer is a stage number, 'n/a', 'dont_know', or a mapping with stage, items or status")


class AnswerEntry(Frozen):
    """An answer written out in full. Give exactly one of `stage`, `items` and `status`."""

    stage: int | None = None
    items: list[Id] | None = None
    status: Literal["not_applicable", "dont_know"] | None = None
    evidence: Free = ""
    links: list[Annotated[str, StringConstraints(max_length=2_000)]] = Field(default_factory=list, max_length=50)
    comment: Free = ""
    review: bool = False


class RespondentEntry(Frozen):
    """A respondent, the stakeholder group they answer for, and their answers by indicator id."""

    id: Id
    name: Short = ""
    organisation: Short = ""
    group: Id
    answers: dict[Id, Annotated[AnswerEntry, BeforeValidator(_expand_shorthand)]] = Field(default_factory=dict)


class ConsensusEntry(Frozen):
    """A settled value for one indicator: a stage, or `status: not_applicable`."""

    stage: int | None = None
    status: Literal["not_applicable"] | None = None
    rationale: Free = ""


class TargetsEntry(Frozen):
    """The stages the country aims at."""

    default: int | None = None
    pillars: dict[Id, int] = Field(default_factory=dict)
    indicators: dict[Id, int] = Field(default_factory=dict)


class AnswersFile(Frozen):
    """The whole answers file."""

    format_version: Literal[1] = FORMAT_VERSION
    questionnaire: Id
    version: str | None = None
    country: Short | None = None
    round: Short | None = None
    subject: Short | None = None
    language: Short | None = None
    exported_at: Short | None = None
    respondents: list[RespondentEntry] = Field(default_factory=list, max_length=1_000)
    consensus: dict[Id, ConsensusEntry] = Field(default_factory=dict)
    targets: TargetsEntry = Field(default_factory=TargetsEntry)


class _AnswerChecker:
    def __init__(self, doc: Document, questionnaire: Questionnaire) -> None:
        self.doc = doc
        self.q = questionnaire
        self.stages = questionnaire.scale.values
        self.problems: list[Problem] = []

    def fail(self, path: tuple, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def stage_ok(self, path: tuple, stage: int) -> bool:
        if stage in self.stages:
            return True
        self.fail(path, f"stage {stage} is not on the scale ({self.stages[0]}-{self.stages[-1]})")
        return False

    def answer(self, path: tuple, indicator: Indicator, value: AnswerEntry) -> Answer | None:
        given = [k for k in ("stage", "items", "status") if getattr(value, k) is not None]
        if len(given) != 1:
            self.fail(path, "give exactly one of stage, items or status")
            return None
        notes = Answer(evidence=value.evidence, links=tuple(value.links), comment=value.comment, review=value.review)
        if value.status is not None:
            if value.status == "not_applicable" and not indicator.not_applicable:
                self.fail(path, f"'{indicator.id}' does not allow 'not applicable': give a stage or 'dont_know'")
                return None
            return replace(notes, status=Status(value.status))
        if value.stage is not None:
            if indicator.kind == "checklist":
                self.fail(path, f"'{indicator.id}' is a checklist: list the items met under items")
                return None
            return replace(notes, stage=value.stage) if self.stage_ok((*path, "stage"), value.stage) else None
        if indicator.kind != "checklist":
            self.fail(path, f"'{indicator.id}' is rated on the scale: give a stage, not items")
            return None
        unknown = [i for i in value.items or [] if i not in indicator.item_ids]
        for item in unknown:
            self.fail((*path, "items"), f"'{indicator.id}' has no item '{item}'")
        return None if unknown else replace(notes, items=frozenset(value.items or []))

    def respondent(self, i: int, entry: RespondentEntry) -> Respondent:
        if entry.group not in self.q.groups:
            self.fail(("respondents", i, "group"), f"stakeholder group '{entry.group}' is not in the questionnaire")
        answers: dict[str, Answer] = {}
        for ind_id, value in entry.answers.items():
            path = ("respondents", i, "answers", ind_id)
            indicator = self.q.indicators.get(ind_id)
            if indicator is None:
                self.fail(path, f"indicator '{ind_id}' is not in questionnaire '{self.q.id}'")
                continue
            if indicator.asked_of is not None and entry.group not in indicator.asked_of:
                self.fail(path, f"'{ind_id}' is not asked of stakeholder group '{entry.group}'")
                continue
            answer = self.answer(path, indicator, value)
            if answer is not None:
                answers[ind_id] = answer
        return Respondent(entry.id, entry.group, answers, entry.name, entry.organisation)

    def consensus(self, entries: dict[str, ConsensusEntry]) -> dict[str, Consensus]:
        settled = {}
        for ind_id, entry in entries.items():
            path = ("consensus", ind_id)
            if ind_id not in self.q.indicators:
                self.fail(path, f"indicator '{ind_id}' is not in questionnaire '{self.q.id}'")
            elif (entry.stage is None) == (entry.status is None):
                self.fail(path, "give exactly one of stage or status")
            elif entry.status is not None and not self.q.indicators[ind_id].not_applicable:
                self.fail(path, f"'{ind_id}' does not allow 'not applicable': settle a stage")
            elif entry.stage is None or self.stage_ok((*path, "stage"), entry.stage):
                settled[ind_id] = Consensus(entry.stage, entry.status is not None, entry.rationale)
        return settled

    def targets(self, entry: TargetsEntry) -> Targets:
        if entry.default is not None:
            self.stage_ok(("targets", "default"), entry.default)
        pillar_ids = {p.id for p in self.q.pillars}
        for pid, stage in entry.pillars.items():
            if pid not in pillar_ids:
                self.fail(("targets", "pillars", pid), f"pillar '{pid}' is not in questionnaire '{self.q.id}'")
            self.stage_ok(("targets", "pillars", pid), stage)
        for ind_id, stage in entry.indicators.items():
            if ind_id not in self.q.indicators:
                self.fail(("targets", "indicators", ind_id), f"indicator '{ind_id}' is not in the questionnaire")
            self.stage_ok(("targets", "indicators", ind_id), stage)
        return Targets(entry.default, dict(entry.pillars), dict(entry.indicators))


def check_answers(doc: Document, questionnaire: Questionnaire) -> AssessmentData:
    """Validate a parsed answers file against its questionnaire; raise InputError listing every problem."""
    entry = parse_model(doc, AnswersFile)
    checker = _AnswerChecker(doc, questionnaire)
    if entry.questionnaire != questionnaire.id:
        checker.fail(("questionnaire",), f"answers are for '{entry.questionnaire}', not '{questionnaire.id}'")
    if entry.version is not None and entry.version != questionnaire.version:
        checker.fail(
            ("version",), f"answers are for version {entry.version}, the questionnaire is {questionnaire.version}"
        )
    seen: set[str] = set()
    respondents = []
    for i, r in enumerate(entry.respondents):
        if r.id in seen:
            checker.fail(("respondents", i, "id"), f"duplicate respondent id '{r.id}'")
        seen.add(r.id)
        respondents.append(checker.respondent(i, r))
    consensus = checker.consensus(entry.consensus)
    targets = checker.targets(entry.targets)
    if checker.problems:
        raise InputError(checker.problems)
    return AssessmentData(
        entry.questionnaire, entry.country, entry.round, tuple(respondents), consensus, targets, entry.subject
    )


def declared_version(path: Path) -> str | None:
    """The questionnaire version an answers file says it was made with, if it says one."""
    data = read_file(Path(path)).data
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else None


def load_answers(path: Path, questionnaire: Questionnaire) -> AssessmentData:
    """Read and check an answers file against `questionnaire`."""
    return check_answers(read_file(Path(path)), questionnaire)


def parse_answers(text: str, questionnaire: Questionnaire, file: str = "answers") -> AssessmentData:
    """Check answers given as text (an upload, a test) against `questionnaire`."""
    return check_answers(parse_text(text, file), questionnaire)
