"""Load questionnaire folders safely into typed objects, reporting every problem with its place.

A questionnaire folder holds `questionnaire.yaml` (metadata, scale, groups, tiers and
the ordered list of pillar ids) and one `<pillar-id>.yaml` per pillar.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem
from .model import Pillar, PillarFile, Questionnaire, QuestionnaireFile, Text
from .yamlsafe import Document, read_file

METADATA_FILE = "questionnaire.yaml"
MAX_PILLARS = 40

PathT = tuple[Any, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LanguageCoverage:
    """How many of a questionnaire's texts exist in one language, and where the gaps are."""

    language: str
    total: int
    missing: tuple[Problem, ...]

    @property
    def present(self) -> int:
        return self.total - len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 * self.present / self.total if self.total else 100.0


@dataclass(frozen=True)
class LoadedQuestionnaire:
    """A questionnaire together with where it came from and its translation coverage."""

    questionnaire: Questionnaire
    folder: Path
    coverage: dict[str, LanguageCoverage]


@dataclass
class Catalog:
    """Every questionnaire found under a folder; a broken one is reported, never fatal to the others."""

    questionnaires: dict[str, LoadedQuestionnaire] = field(default_factory=dict)
    errors: dict[str, InputError] = field(default_factory=dict)


def validation_problems(doc: Document, exc: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into problems that name the file, the line and the key."""
    problems = []
    for err in exc.errors():
        loc = tuple(part for part in err["loc"] if part != "[key]")
        kind = err["type"]
        if kind == "missing":
            message = f"required key '{loc[-1]}' is missing"
        elif kind == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'"
        else:
            shown = repr(err.get("input"))
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            message = f"{err['msg']} (got {shown})"
            if err["loc"] and err["loc"][-1] == "[key]":
                message = f"bad key: {message}"
        problem = doc.problem(loc, message)
        if problem not in problems:
            problems.append(problem)
    return problems


def parse_model(doc: Document, model: type[M]) -> M:
    """Validate a parsed file against a model, or raise InputError with every problem located."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(validation_problems(doc, exc)) from None


def _expect_stages(doc: Document, path: PathT, given: set[int], wanted: list[int], what: str) -> list[Problem]:
    """One entry per stage in `wanted`: report the missing ones and those off the scale."""
    scale_text = f"stages {wanted[0]}-{wanted[-1]}" if wanted else "no stages"
    problems = [doc.problem(path, f"missing {what} for stage {s}") for s in wanted if s not in given]
    problems += [
        doc.problem((*path, s), f"stage {s} has no {what} on this scale ({scale_text})")
        for s in sorted(given)
        if s not in wanted
    ]
    return problems


class _Checker:
    """The rules that need the whole questionnaire: references, unique ids, languages."""

    def __init__(self, meta: QuestionnaireFile, meta_doc: Document) -> None:
        self.meta = meta
        self.meta_doc = meta_doc
        self.languages = meta.languages
        self.stages = meta.scale.values
        self.groups = {g.id for g in meta.stakeholder_groups}
        self.indicator_ids: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.total_texts = 0
        self.missing: dict[str, list[Problem]] = {lang: [] for lang in meta.languages}

    def check_text(self, doc: Document, path: PathT, text: Text | None) -> None:
        if text is None:
            return
        self.total_texts += 1
        for lang in text:
            if lang not in self.languages:
                self.problems.append(
                    doc.problem((*path, lang), f"language '{lang}' is not listed in languages of {METADATA_FILE}")
                )
        for lang in self.languages:
            if lang not in text:
                self.missing[lang].append(doc.problem(path, f"no '{lang}' text"))
        if self.languages[0] not in text:
            self.problems.append(doc.problem(path, f"the default language '{self.languages[0]}' is required"))

    def unique(self, doc: Document, path: PathT, ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(ids):
            if value in seen:
                self.problems.append(doc.problem((*path, i), f"duplicate {what} '{value}'"))
            seen.add(value)

    def check_meta(self) -> None:
        meta, doc = self.meta, self.meta_doc
        if self.stages != list(range(self.stages[0], self.stages[0] + len(self.stages))):
            self.problems.append(
                doc.problem(("scale", "stages"), "stages must be numbered consecutively, lowest first")
            )
        self.unique(doc, ("languages",), meta.languages, "language")
        self.unique(doc, ("stakeholder_groups",), [g.id for g in meta.stakeholder_groups], "stakeholder group id")
        self.unique(doc, ("tiers",), [t.id for t in meta.tiers], "tier id")
        self.unique(doc, ("pillars",), meta.pillars, "pillar id")
        if meta.tiers[0].min_index != 0:
            self.problems.append(doc.problem(("tiers", 0, "min_index"), "the first tier must start at min_index 0"))
        for i in range(1, len(meta.tiers)):
            if meta.tiers[i].min_index <= meta.tiers[i - 1].min_index:
                self.problems.append(
                    doc.problem(("tiers", i, "min_index"), "tiers must be listed in increasing order of min_index")
                )
        for path, text in _meta_texts(meta):
            self.check_text(doc, path, text)

    def check_pillar(self, doc: Document, pillar: PillarFile) -> None:
        for path, text in _pillar_texts(pillar):
            self.check_text(doc, path, text)
        above_lowest = self.stages[1:]
        for i, ind in enumerate(pillar.indicators):
            at: PathT = ("indicators", i)
            first = self.indicator_ids.setdefault(ind.id, f"{doc.file}:{doc.line_of((*at, 'id'))}")
            if first != f"{doc.file}:{doc.line_of((*at, 'id'))}":
                self.problems.append(doc.problem((*at, "id"), f"duplicate indicator id '{ind.id}' (first at {first})"))
            if ind.kind == "stages":
                if ind.items is not None:
                    self.problems.append(doc.problem((*at, "items"), "only a checklist indicator has items"))
                self.problems += _expect_stages(
                    doc, (*at, "descriptors"), set(ind.descriptors or {}), self.stages, "descriptor"
                )
            else:
                if ind.descriptors is not None:
                    self.problems.append(
                        doc.problem((*at, "descriptors"), "a checklist indicator has items, not descriptors")
                    )
                items = ind.items or []
                self.unique(doc, (*at, "items"), [it.id for it in items], "item id")
                for j, item in enumerate(items):
                    if item.stage not in above_lowest:
                        self.problems.append(
                            doc.problem(
                                (*at, "items", j, "stage"),
                                f"an item's stage must be one of {above_lowest} (the lowest stage needs no item)",
                            )
                        )
                covered = {it.stage for it in items}
                for stage in above_lowest:
                    if stage not in covered:
                        self.problems.append(doc.problem((*at, "items"), f"no checklist item for stage {stage}"))
            self.problems += _expect_stages(
                doc, (*at, "recommendations"), set(ind.recommendations), above_lowest, "recommendation"
            )
            for j, group in enumerate(ind.asked_of or []):
                if group not in self.groups:
                    self.problems.append(
                        doc.problem((*at, "asked_of", j), f"stakeholder group '{group}' is not defined")
                    )


def _meta_texts(meta: QuestionnaireFile) -> Iterator[tuple[PathT, Text | None]]:
    yield ("title",), meta.title
    yield ("description",), meta.description
    for i, stage in enumerate(meta.scale.stages):
        yield ("scale", "stages", i, "name"), stage.name
        yield ("scale", "stages", i, "definition"), stage.definition
    for i, group in enumerate(meta.stakeholder_groups):
        yield ("stakeholder_groups", i, "name"), group.name
        yield ("stakeholder_groups", i, "description"), group.description
    for i, tier in enumerate(meta.tiers):
        yield ("tiers", i, "name"), tier.name
        yield ("tiers", i, "description"), tier.description


def _pillar_texts(pillar: PillarFile) -> Iterator[tuple[PathT, Text | None]]:
    yield ("name",), pillar.name
    yield ("description",), pillar.description
    for i, ind in enumerate(pillar.indicators):
        at: PathT = ("indicators", i)
        yield (*at, "title"), ind.title
        yield (*at, "question"), ind.question
        yield (*at, "evidence"), ind.evidence
        for stage, text in (ind.descriptors or {}).items():
            yield (*at, "descriptors", stage), text
        for j, item in enumerate(ind.items or []):
            yield (*at, "items", j, "text"), item.text
        for stage, text in ind.recommendations.items():
            yield (*at, "recommendations", stage), text


def _label(path: Path, folder: Path) -> str:
    return f"{folder.name}/{path.name}"


def load_questionnaire(folder: Path) -> LoadedQuestionnaire:
    """Load and validate one questionnaire folder; raise InputError listing every problem found."""
    folder = Path(folder)
    meta_path = folder / METADATA_FILE
    if not meta_path.is_file():
        raise InputError([Problem(str(folder), f"no {METADATA_FILE} in this folder")])
    meta_doc = read_file(meta_path, _label(meta_path, folder))
    meta = parse_model(meta_doc, QuestionnaireFile)
    if len(meta.pillars) > MAX_PILLARS:
        raise InputError([meta_doc.problem(("pillars",), f"more than {MAX_PILLARS} pillars")])

    checker = _Checker(meta, meta_doc)
    checker.check_meta()
    problems = checker.problems
    pillars: list[Pillar] = []
    for i, pillar_id in enumerate(meta.pillars):
        path = folder / f"{pillar_id}.yaml"
        if not path.is_file():
            problems.append(
                meta_doc.problem(("pillars", i), f"pillar file {pillar_id}.yaml not found in {folder.name}/")
            )
            continue
        try:
            doc = read_file(path, _label(path, folder))
            pillar_file = parse_model(doc, PillarFile)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if pillar_file.id != pillar_id:
            problems.append(doc.problem(("id",), f"pillar id '{pillar_file.id}' does not match its file name"))
        checker.check_pillar(doc, pillar_file)
        rule = pillar_file.rule or meta.scoring.pillar_rule
        pillars.append(Pillar.model_validate({**dict(pillar_file), "rule": rule}))
    listed = {f"{p}.yaml" for p in meta.pillars} | {METADATA_FILE}
    for stray in sorted(folder.glob("*.y*ml")):
        if stray.name not in listed:
            problems.append(Problem(_label(stray, folder), f"this file is not listed under pillars in {METADATA_FILE}"))
    if problems:
        raise InputError(problems)

    questionnaire = Questionnaire.model_validate({**dict(meta), "pillars": pillars})
    coverage = {
        lang: LanguageCoverage(lang, checker.total_texts, tuple(checker.missing[lang])) for lang in meta.languages
    }
    return LoadedQuestionnaire(questionnaire, folder, coverage)


def questionnaire_folders(root: Path) -> list[Path]:
    """The questionnaire folders at `root`: itself if it is one, else its sub-folders that are."""
    root = Path(root)
    if (root / METADATA_FILE).is_file():
        return [root]
    return sorted(p for p in root.iterdir() if (p / METADATA_FILE).is_file()) if root.is_dir() else []


def load_catalog(root: Path) -> Catalog:
    """Load every questionnaire under `root`; one bad questionnaire never prevents the others."""
    catalog = Catalog()
    for folder in questionnaire_folders(root):
        try:
            loaded = load_questionnaire(folder)
        except InputError as exc:
            catalog.errors[folder.name] = exc
            continue
        qid = loaded.questionnaire.id
        if qid in catalog.questionnaires:
            other = catalog.questionnaires[qid].folder.name
            catalog.errors[folder.name] = InputError(
                [Problem(f"{folder.name}/{METADATA_FILE}", f"questionnaire id '{qid}' is already used by {other}/")]
            )
            continue
        catalog.questionnaires[qid] = loaded
    return catalog
