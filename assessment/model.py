"""The questionnaire as typed, immutable objects, and the schema of its YAML files.

The same pydantic classes validate the files people write and serve the engine, so
the documented format and the code cannot drift apart. Cross-file rules (references,
unique ids, one descriptor per stage) live in `loader.py`, where the whole
questionnaire is known.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$", max_length=80)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Z]{2})?$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Text = dict[LanguageCode, NonEmpty]
"""A human-readable text: a map of language code to the text in that language."""

PillarRule = Literal["gate", "median", "mean"]
Aggregation = Literal["median", "mean", "minimum"]
FRAMEWORKS = ("cmm", "gci", "ncaf", "ncsi", "sim3")
Framework = Literal["cmm", "gci", "ncaf", "ncsi", "sim3"]
Effort = Literal["low", "medium", "high"]
DontKnowRule = Literal["unanswered", "lowest"]
Change = Literal["same", "changed", "split", "merged", "dropped"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, populate_by_name=True)


class Stage(Frozen):
    """One step of the maturity scale."""

    value: int = Field(ge=0, le=20, description="Position on the scale; stages are numbered consecutively.")
    name: Text = Field(description="Short name, such as 'Start-up'.")
    definition: Text = Field(description="What the assessed subject looks like at this stage, in general.")


class Scale(Frozen):
    """The ordered stages every indicator is rated on."""

    stages: list[Stage] = Field(min_length=2, max_length=10)

    @property
    def values(self) -> list[int]:
        return [s.value for s in self.stages]

    @property
    def lowest(self) -> int:
        return self.stages[0].value

    @property
    def highest(self) -> int:
        return self.stages[-1].value


class StakeholderGroup(Frozen):
    """A kind of respondent, such as government or civil society."""

    id: Id
    name: Text
    description: Text | None = None


class Subject(Frozen):
    """What one assessment assesses: a country unless the questionnaire says otherwise."""

    kind: Id = Field(default="country", description="country (the default), csirt, sector, ministry, organisation...")
    name: Text | None = Field(default=None, description="What one subject is called, as a label (e.g. 'CSIRT').")


class TierRequirement(Frozen):
    """A minimum stage a tier asks for: of every indicator, of every pillar, of one pillar or of one indicator."""

    every: Literal["indicator", "pillar"] | None = None
    pillar: Id | None = None
    indicator: Id | None = None
    stage: int = Field(ge=0, le=20, description="The lowest stage that meets the requirement.")

    @model_validator(mode="after")
    def _one_target(self) -> TierRequirement:
        named = [key for key in ("every", "pillar", "indicator") if getattr(self, key) is not None]
        if len(named) != 1:
            raise ValueError("a requirement names exactly one of every, pillar or indicator, and a stage")
        return self


class Tier(Frozen):
    """A named level: reached when the index is at least `min_index` and every requirement holds."""

    id: Id
    name: Text
    min_index: float = Field(default=0, ge=0, le=100)
    requires: list[TierRequirement] = Field(
        default_factory=list, description="Minimum stages the tier also asks for; the first tier has none."
    )
    description: Text | None = None


class ScoringRules(Frozen):
    """How answers become pillar stages and how several respondents are combined."""

    pillar_rule: PillarRule = "mean"
    aggregation: Aggregation = "median"
    divergence_threshold: int = Field(default=2, ge=1)
    dont_know: DontKnowRule = Field(
        default="unanswered",
        description="unanswered: 'don't know' lowers completeness, not the score; lowest: it is the lowest stage.",
    )
    provisional_below: float = Field(
        default=0.75,
        ge=0,
        le=1,
        description="Completeness under which the index is shown as provisional (a share, 0.75 = 75%).",
    )


class Mappings(Frozen):
    """References to the matching parts of other frameworks: codes only, never their text."""

    cmm: list[NonEmpty] = Field(default_factory=list)
    gci: list[NonEmpty] = Field(default_factory=list)
    ncaf: list[NonEmpty] = Field(default_factory=list)
    ncsi: list[NonEmpty] = Field(default_factory=list)
    sim3: list[NonEmpty] = Field(default_factory=list)

    @field_validator(*FRAMEWORKS, mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class ChecklistItem(Frozen):
    """One thing that is in place or not; it belongs to the stage it helps to reach."""

    id: Id
    stage: int
    text: Text


class Recommendation(Frozen):
    """What to do to reach one stage of an indicator, and what it takes.

    A questionnaire may write a recommendation as a plain text map; it then has no
    effort, dependencies or guides.
    """

    text: Text
    effort: Effort | None = Field(default=None, description="How much work it takes: low, medium or high.")
    depends_on: list[Id] = Field(default_factory=list, description="Indicators that must be in place first.")
    guides: list[Id] = Field(default_factory=list, description="Ids of public guides listed in guides.yaml.")

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value: object) -> object:
        if isinstance(value, dict) and "text" not in value:
            return {"text": value}
        return value


class Indicator(Frozen):
    """One question, rated on the scale (`kind: stages`) or answered as a checklist."""

    id: Id
    kind: Literal["stages", "checklist"] = "stages"
    title: Text
    question: Text
    descriptors: dict[int, Text] | None = None
    items: list[ChecklistItem] | None = None
    guidance: dict[int, Text] | None = Field(
        default=None, description="Per stage: the evidence that supports a rating at that stage."
    )
    evidence: Text
    weight: float = Field(default=1.0, gt=0, le=100)
    mappings: Mappings = Field(default_factory=Mappings)
    recommendations: dict[int, Recommendation]
    asked_of: list[Id] | None = None
    not_applicable: bool = Field(default=True, description="Whether 'not applicable' is an allowed answer.")

    def is_asked_of(self, group: str) -> bool:
        """Whether respondents of stakeholder group `group` answer this indicator."""
        return self.asked_of is None or group in self.asked_of

    @cached_property
    def checklist_stages(self) -> tuple[tuple[int, frozenset[str]], ...]:
        """A checklist's item ids grouped by stage, lowest stage first."""
        by_stage: dict[int, set[str]] = {}
        for item in self.items or []:
            by_stage.setdefault(item.stage, set()).add(item.id)
        return tuple((stage, frozenset(ids)) for stage, ids in sorted(by_stage.items()))

    @cached_property
    def item_ids(self) -> frozenset[str]:
        return frozenset(item.id for item in self.items or [])


class PillarFile(Frozen):
    """The contents of one pillar file."""

    id: Id
    name: Text
    description: Text
    weight: float = Field(default=1.0, gt=0, le=100)
    rule: PillarRule | None = None
    indicators: list[Indicator] = Field(min_length=1)


class QuestionnaireFile(Frozen):
    """The contents of `questionnaire.yaml`, the metadata file of a questionnaire folder."""

    id: Id
    version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$")]
    languages: list[LanguageCode] = Field(min_length=1)
    title: Text
    description: Text
    subject: Subject = Field(default_factory=Subject)
    scale: Scale
    stakeholder_groups: list[StakeholderGroup] = Field(min_length=1)
    scoring: ScoringRules = Field(default_factory=ScoringRules)
    tiers: list[Tier] = Field(min_length=1)
    pillars: list[Id] = Field(min_length=1)
    frameworks: dict[Framework, Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.+-]{1,20}$")]] = Field(
        default_factory=dict,
        description="The version of each framework the mappings refer to; its catalog must exist.",
    )


class FrameworkElement(Frozen):
    """One element of another framework (a dimension, factor, objective, pillar...): a code and a short name."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,19}$")]
    parent: str | None = None
    name: Text


class FrameworkCatalog(Frozen):
    """The elements of one version of a framework, so mapping codes can be checked and named."""

    id: Framework
    version: str
    title: NonEmpty
    publisher: NonEmpty
    source: NonEmpty
    elements: list[FrameworkElement] = Field(min_length=1)

    @cached_property
    def codes(self) -> dict[str, FrameworkElement]:
        return {e.code: e for e in self.elements}


class GlossaryTerm(Frozen):
    """A term the questionnaire uses, with its definition."""

    id: Id
    term: Text
    definition: Text


class GlossaryFile(Frozen):
    terms: list[GlossaryTerm] = Field(min_length=1)


class Guide(Frozen):
    """A public guide a recommendation points to; the title is the publication's own, not translated."""

    id: Id
    title: NonEmpty
    publisher: NonEmpty
    year: int = Field(ge=1900, le=2100)
    url: NonEmpty | None = None


class GuidesFile(Frozen):
    guides: list[Guide] = Field(min_length=1)


class CrosswalkSource(Frozen):
    questionnaire: Id
    version: str


class CrosswalkEntry(Frozen):
    """What became of one indicator of the earlier version."""

    from_: Id = Field(alias="from")
    change: Change
    to: list[Id] = Field(default_factory=list)
    note: Text | None = None


class Crosswalk(Frozen):
    """How the indicators of an earlier version of the same questionnaire map onto this one."""

    from_: CrosswalkSource = Field(alias="from")
    pillars: dict[Id, Id] = Field(default_factory=dict, description="Earlier pillar id to this version's pillar id.")
    indicators: list[CrosswalkEntry] = Field(min_length=1)

    @cached_property
    def new_ids(self) -> dict[str, CrosswalkEntry]:
        """This version's indicator id to the entry that leads to it (several for a merge: the first)."""
        out: dict[str, CrosswalkEntry] = {}
        for entry in self.indicators:
            for target in entry.to:
                out.setdefault(target, entry)
        return out


class Pillar(PillarFile):
    """A pillar as the engine sees it: the file's contents with its rule resolved."""

    rule: PillarRule


class Questionnaire(Frozen):
    """A whole, validated questionnaire."""

    id: Id
    version: str
    languages: list[LanguageCode]
    title: Text
    description: Text
    subject: Subject = Field(default_factory=Subject)
    scale: Scale
    stakeholder_groups: list[StakeholderGroup]
    scoring: ScoringRules
    tiers: list[Tier]
    pillars: list[Pillar]
    frameworks: dict[str, str] = Field(default_factory=dict)
    framework_catalogs: dict[str, FrameworkCatalog] = Field(default_factory=dict)
    """The catalogs of the pinned framework versions: the names of mapped codes, and the lenses."""
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    guides: dict[str, Guide] = Field(default_factory=dict)
    crosswalk: Crosswalk | None = None

    @property
    def subject_is_country(self) -> bool:
        """Whether each assessment is of a country (else it also names its subject)."""
        return self.subject.kind == "country"

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {i.id: i for p in self.pillars for i in p.indicators}

    @cached_property
    def pillar_of(self) -> dict[str, Pillar]:
        return {i.id: p for p in self.pillars for i in p.indicators}

    @cached_property
    def groups(self) -> dict[str, StakeholderGroup]:
        return {g.id: g for g in self.stakeholder_groups}

    def pillar(self, pillar_id: str) -> Pillar:
        return next(p for p in self.pillars if p.id == pillar_id)

    def indicators_for(self, group: str) -> list[Indicator]:
        """The indicators respondents of stakeholder group `group` are asked, in questionnaire order."""
        return [i for i in self.indicators.values() if i.is_asked_of(group)]

    @cached_property
    def tier_by_id(self) -> dict[str, Tier]:
        return {t.id: t for t in self.tiers}

    def text(self, text: Text | None, language: str) -> str:
        """The text in `language`, falling back to the questionnaire's default language."""
        if not text:
            return ""
        return text.get(language) or text[self.default_language]
