"""Load questionnaire folders safely into typed objects, reporting every problem with its place.

A questionnaire folder holds `questionnaire.yaml` (metadata, scale, groups, tiers and
the ordered list of pillar ids), one `<pillar-id>.yaml` per pillar, and optionally
`glossary.yaml`, `guides.yaml` and `crosswalk.yaml`. Framework catalogs, which mapping
codes are checked against, live in a `frameworks/` folder beside the questionnaire folders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem
from .model import (
    FRAMEWORKS,
    Crosswalk,
    FrameworkCatalog,
    GlossaryFile,
    GuidesFile,
    Pillar,
    PillarFile,
    Questionnaire,
    QuestionnaireFile,
    Text,
)
from .yamlsafe import Document, read_file

METADATA_FILE = "questionnaire.yaml"
GLOSSARY_FILE = "glossary.yaml"
GUIDES_FILE = "guides.yaml"
CROSSWALK_FILE = "crosswalk.yaml"
OPTIONAL_FILES = (GLOSSARY_FILE, GUIDES_FILE, CROSSWALK_FILE)
FRAMEWORKS_FOLDER = "frameworks"
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
    """Every questionnaire found under a folder; a broken one is reported, never fatal to the others.

    Several versions of one questionnaire may be installed: `questionnaires` holds the
    newest of each id (the one new assessments use), `versions` every one of them, so
    assessments made with an earlier version keep working.
    """

    questionnaires: dict[str, LoadedQuestionnaire] = field(default_factory=dict)
    versions: dict[tuple[str, str], LoadedQuestionnaire] = field(default_factory=dict)
    errors: dict[str, InputError] = field(default_factory=dict)

    def find(self, questionnaire_id: str, version: str | None = None) -> LoadedQuestionnaire | None:
        """The questionnaire of that id and version (the newest when no version is given), or None."""
        if version is None:
            return self.questionnaires.get(questionnaire_id)
        return self.versions.get((questionnaire_id, version))

    def versions_of(self, questionnaire_id: str) -> list[LoadedQuestionnaire]:
        """Every installed version of a questionnaire, oldest first."""
        found = [v for (qid, _), v in self.versions.items() if qid == questionnaire_id]
        return sorted(found, key=lambda v: version_key(v.questionnaire.version))


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
        self.frameworks: dict[str, FrameworkCatalog] = {}
        self.guide_ids: set[str] = set()
        self.references: list[tuple[Document, PathT, str]] = []
        """Indicator ids named by `depends_on` and tier requirements, checked once every pillar is read."""
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
            if meta.tiers[i].min_index < meta.tiers[i - 1].min_index:
                self.problems.append(
                    doc.problem(
                        ("tiers", i, "min_index"), "tiers must be listed lowest first: min_index may not decrease"
                    )
                )
        self.check_tier_requirements()
        for path, text in _meta_texts(meta):
            self.check_text(doc, path, text)

    def check_tier_requirements(self) -> None:
        """The first tier is the floor; a requirement names a pillar of the list and a stage of the scale."""
        doc = self.meta_doc
        if self.meta.tiers[0].requires:
            self.problems.append(
                doc.problem(("tiers", 0, "requires"), "the first tier is the floor and may not have requirements")
            )
        for i, tier in enumerate(self.meta.tiers):
            for j, requirement in enumerate(tier.requires):
                at: PathT = ("tiers", i, "requires", j)
                if requirement.stage not in self.stages:
                    self.problems.append(
                        doc.problem(
                            (*at, "stage"),
                            f"stage {requirement.stage} is not on the scale ({self.stages[0]}-{self.stages[-1]})",
                        )
                    )
                if requirement.pillar is not None and requirement.pillar not in self.meta.pillars:
                    self.problems.append(doc.problem((*at, "pillar"), f"pillar '{requirement.pillar}' is not listed"))
                if requirement.indicator is not None:
                    self.references.append((doc, (*at, "indicator"), requirement.indicator))

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
            if ind.guidance is not None:
                wanted = self.stages if ind.kind == "stages" else above_lowest
                self.problems += _expect_stages(doc, (*at, "guidance"), set(ind.guidance), wanted, "rating guidance")
            for stage, rec in ind.recommendations.items():
                for j, other in enumerate(rec.depends_on):
                    where = (*at, "recommendations", stage, "depends_on", j)
                    if other == ind.id:
                        self.problems.append(doc.problem(where, "a recommendation cannot depend on its own indicator"))
                    self.references.append((doc, where, other))
                for j, guide in enumerate(rec.guides):
                    if guide not in self.guide_ids:
                        self.problems.append(
                            doc.problem(
                                (*at, "recommendations", stage, "guides", j), f"guide '{guide}' is not in {GUIDES_FILE}"
                            )
                        )
            self.check_mappings(doc, at, ind.mappings)
            for j, group in enumerate(ind.asked_of or []):
                if group not in self.groups:
                    self.problems.append(
                        doc.problem((*at, "asked_of", j), f"stakeholder group '{group}' is not defined")
                    )

    def check_mappings(self, doc: Document, at: PathT, mappings: Any) -> None:
        """Every code must be in the catalog of the framework version the questionnaire names."""
        if not self.meta.frameworks:
            return  # a questionnaire that names no framework versions has unchecked, indicative codes
        for framework in FRAMEWORKS:
            codes = getattr(mappings, framework)
            if not codes:
                continue
            catalog = self.frameworks.get(framework)
            if catalog is None:
                if framework not in self.meta.frameworks:
                    self.problems.append(
                        doc.problem(
                            (*at, "mappings", framework),
                            f"'{framework}' is not listed under frameworks in {METADATA_FILE}",
                        )
                    )
                continue  # a missing catalog file is reported once, at questionnaire.yaml
            for j, code in enumerate(codes):
                if code not in catalog.codes:
                    self.problems.append(
                        doc.problem(
                            (*at, "mappings", framework, j),
                            f"'{code}' is not a code of {framework} {catalog.version}",
                        )
                    )

    def check_references(self) -> None:
        for doc, where, other in self.references:
            if other not in self.indicator_ids:
                self.problems.append(doc.problem(where, f"indicator '{other}' does not exist"))


def _meta_texts(meta: QuestionnaireFile) -> Iterator[tuple[PathT, Text | None]]:
    yield ("title",), meta.title
    yield ("description",), meta.description
    yield ("subject", "name"), meta.subject.name
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
        for stage, text in (ind.guidance or {}).items():
            yield (*at, "guidance", stage), text
        for stage, rec in ind.recommendations.items():
            yield (*at, "recommendations", stage, "text"), rec.text


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
    checker.frameworks = _load_frameworks(folder, meta, meta_doc, problems)
    glossary = _optional(folder, GLOSSARY_FILE, GlossaryFile, problems)
    guides = _optional(folder, GUIDES_FILE, GuidesFile, problems)
    crosswalk = _optional(folder, CROSSWALK_FILE, Crosswalk, problems)
    if guides is not None:
        doc, guides_file = guides
        checker.unique(doc, ("guides",), [g.id for g in guides_file.guides], "guide id")
        checker.guide_ids = {g.id for g in guides_file.guides}
    if glossary is not None:
        doc, glossary_file = glossary
        checker.unique(doc, ("terms",), [t.id for t in glossary_file.terms], "term id")
        for i, term in enumerate(glossary_file.terms):
            checker.check_text(doc, ("terms", i, "term"), term.term)
            checker.check_text(doc, ("terms", i, "definition"), term.definition)
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
    checker.check_references()
    if crosswalk is not None:
        _check_crosswalk_targets(*crosswalk, {p.id for p in pillars}, checker)
    listed = {f"{p}.yaml" for p in meta.pillars} | {METADATA_FILE, *OPTIONAL_FILES}
    for stray in sorted(folder.glob("*.y*ml")):
        if stray.name not in listed:
            problems.append(Problem(_label(stray, folder), f"this file is not listed under pillars in {METADATA_FILE}"))
    if problems:
        raise InputError(problems)

    questionnaire = Questionnaire.model_validate(
        {
            **dict(meta),
            "pillars": pillars,
            "glossary": glossary[1].terms if glossary else [],
            "guides": {g.id: g for g in guides[1].guides} if guides else {},
            "crosswalk": crosswalk[1] if crosswalk else None,
            "framework_catalogs": checker.frameworks,
        }
    )
    coverage = {
        lang: LanguageCoverage(lang, checker.total_texts, tuple(checker.missing[lang])) for lang in meta.languages
    }
    return LoadedQuestionnaire(questionnaire, folder, coverage)


def _optional(folder: Path, name: str, model: type[M], problems: list[Problem]) -> tuple[Document, M] | None:
    """Read an optional file of the folder; its problems join the others."""
    path = folder / name
    if not path.is_file():
        return None
    try:
        doc = read_file(path, _label(path, folder))
        return doc, parse_model(doc, model)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def frameworks_folder(questionnaire_folder: Path) -> Path:
    return questionnaire_folder.resolve().parent / FRAMEWORKS_FOLDER


def load_framework(path: Path, label: str) -> FrameworkCatalog:
    """One framework catalog; codes unique, parents listed before their children."""
    doc = read_file(path, label)
    catalog = parse_model(doc, FrameworkCatalog)
    seen: set[str] = set()
    problems = []
    for i, element in enumerate(catalog.elements):
        if element.code in seen:
            problems.append(doc.problem(("elements", i, "code"), f"duplicate code '{element.code}'"))
        if element.parent is not None and element.parent not in seen:
            problems.append(doc.problem(("elements", i, "parent"), f"parent '{element.parent}' is not listed before"))
        seen.add(element.code)
    if problems:
        raise InputError(problems)
    return catalog


def _load_frameworks(
    folder: Path, meta: QuestionnaireFile, meta_doc: Document, problems: list[Problem]
) -> dict[str, FrameworkCatalog]:
    catalogs: dict[str, FrameworkCatalog] = {}
    base = frameworks_folder(folder)
    for framework, version in meta.frameworks.items():
        path = base / f"{framework}-{version}.yaml"
        where = ("frameworks", framework)
        if not path.is_file():
            problems.append(
                meta_doc.problem(where, f"no catalog {FRAMEWORKS_FOLDER}/{path.name} for {framework} {version}")
            )
            continue
        try:
            catalog = load_framework(path, f"{FRAMEWORKS_FOLDER}/{path.name}")
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if (catalog.id, catalog.version) != (framework, version):
            problems.append(
                meta_doc.problem(
                    where, f"{path.name} describes {catalog.id} {catalog.version}, not {framework} {version}"
                )
            )
            continue
        catalogs[framework] = catalog
    return catalogs


def _check_crosswalk_targets(doc: Document, crosswalk: Crosswalk, pillar_ids: set[str], checker: _Checker) -> None:
    """The crosswalk's own rules and its targets in this questionnaire; its sources are checked by the catalog."""
    wanted = {"same": (1, 1), "changed": (1, 1), "merged": (1, 1), "split": (2, 10_000), "dropped": (0, 0)}
    for i, entry in enumerate(crosswalk.indicators):
        low, high = wanted[entry.change]
        if not low <= len(entry.to) <= high:
            count = "no indicator" if high == 0 else ("one indicator" if high == 1 else "two or more indicators")
            checker.problems.append(doc.problem(("indicators", i, "to"), f"'{entry.change}' leads to {count}"))
        for j, target in enumerate(entry.to):
            if target not in checker.indicator_ids:
                checker.problems.append(doc.problem(("indicators", i, "to", j), f"indicator '{target}' does not exist"))
        if entry.note is not None:
            checker.check_text(doc, ("indicators", i, "note"), entry.note)
    checker.unique(doc, ("indicators",), [e.from_ for e in crosswalk.indicators], "earlier indicator")
    for old, new in crosswalk.pillars.items():
        if new not in pillar_ids:
            checker.problems.append(doc.problem(("pillars", old), f"pillar '{new}' does not exist"))


def crosswalk_problems(crosswalk: Crosswalk, earlier: Questionnaire, label: str) -> list[Problem]:
    """Every indicator of the earlier version is accounted for, and nothing else is named."""
    named = {e.from_ for e in crosswalk.indicators}
    problems = [
        Problem(label, f"indicator '{i}' of {earlier.id} {earlier.version} is not in the crosswalk")
        for i in earlier.indicators
        if i not in named
    ]
    problems += [
        Problem(label, f"'{i}' is not an indicator of {earlier.id} {earlier.version}")
        for i in sorted(named - set(earlier.indicators))
    ]
    return problems


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sort versions so that 1.10.0 comes after 1.9.0."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.+-]", version))


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
        q = loaded.questionnaire
        if (q.id, q.version) in catalog.versions:
            other = catalog.versions[(q.id, q.version)].folder.name
            catalog.errors[folder.name] = InputError(
                [Problem(f"{folder.name}/{METADATA_FILE}", f"questionnaire {q.id} {q.version} is already in {other}/")]
            )
            continue
        catalog.versions[(q.id, q.version)] = loaded
    for (qid, _), loaded in list(catalog.versions.items()):
        crosswalk = loaded.questionnaire.crosswalk
        if crosswalk is None:
            continue
        earlier = catalog.versions.get((crosswalk.from_.questionnaire, crosswalk.from_.version))
        label = f"{loaded.folder.name}/{CROSSWALK_FILE}"
        problems = (
            crosswalk_problems(crosswalk, earlier.questionnaire, label)
            if earlier is not None
            else [Problem(label, f"{crosswalk.from_.questionnaire} {crosswalk.from_.version} is not installed")]
        )
        if problems:
            del catalog.versions[(qid, loaded.questionnaire.version)]
            catalog.errors[loaded.folder.name] = InputError(problems)
    newest: dict[str, LoadedQuestionnaire] = {}
    for loaded in sorted(catalog.versions.values(), key=lambda v: version_key(v.questionnaire.version)):
        newest[loaded.questionnaire.id] = loaded
    # Country questionnaires first (the tool's main instrument is the default in every menu), then modules by id.
    for qid in sorted(newest, key=lambda i: (not newest[i].questionnaire.subject_is_country, i)):
        catalog.questionnaires[qid] = newest[qid]
    return catalog
