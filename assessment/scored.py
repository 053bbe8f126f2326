"""A stored assessment, loaded and scored once: the object Results, the reports, the exports, Compare and the CLI show.

`load_scored` reads one assessment and scores it; `load_many` does the same for many with
the store's bulk reads (the respondents with their answers, and the consensus values, of
every assessment at once, whatever their number). What reads a `ScoredAssessment` never
calls `score()` again, so a page, its PDF and its workbook show the same figures.

Figures per stakeholder group and the recommendations are computed when first asked for:
a comparison of 200 assessments needs neither.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial

from .answers import Answer, Consensus, Respondent, Targets
from .compare import assessment_label
from .errors import AssessmentError
from .loader import Catalog
from .model import Aggregation, Questionnaire
from .privacy import small_groups, visible_groups, without_groups
from .recommend import Recommendation, recommend
from .scoring import Scores, score, score_by_group
from .store import AssessmentInfo, Store


@dataclass(frozen=True)
class ScoredAssessment:
    """One assessment as scored: who and when, what was answered and settled, its targets, and its scores."""

    info: AssessmentInfo
    questionnaire: Questionnaire
    respondents: tuple[Respondent, ...]
    consensus: Mapping[str, Consensus]
    targets: Targets
    scores: Scores
    hidden: frozenset[str] = frozenset()
    """Stakeholder groups left out of every group figure: too few respondents for a reader of figures only."""
    private: bool = False
    """Made for a reader of figures only (`figures_only`): no names, evidence, comments or who settled."""
    group_scores: Callable[[], dict[str, Scores]] | None = field(default=None, repr=False, compare=False)
    """How a private copy computes its figures per group, when asked: from the answers as given, evidence
    included (confidence counts it), which the copy itself does not carry."""

    @property
    def assessment_id(self) -> int:
        return self.info.id

    @property
    def country(self) -> str:
        return self.info.country

    @property
    def round(self) -> str:
        return self.info.round

    @property
    def subject(self) -> str | None:
        return self.info.subject

    def label(self, language: str) -> str:
        return assessment_label(self.info.country, self.info.round, language, self.info.subject)

    @cached_property
    def by_group(self) -> dict[str, Scores]:
        """Each stakeholder group's own scores (consensus not applied), by the same aggregation method."""
        if self.group_scores is not None:
            return self.group_scores()
        return _group_scores(self.questionnaire, self.respondents, self.scores.aggregation, self.hidden)

    @property
    def hidden_groups(self) -> int:
        """How many stakeholder groups the group figures leave out."""
        return len(self.hidden)

    @cached_property
    def recommendations(self) -> tuple[Recommendation, ...]:
        """The prioritised roadmap from the scores to the targets."""
        return tuple(recommend(self.questionnaire, self.scores, self.targets))

    def official(self, q: Questionnaire) -> bool:
        """Whether these are `q`'s figures by its own aggregation method: what reports and exports show."""
        return (self.questionnaire.id, self.questionnaire.version, self.scores.aggregation) == (
            q.id,
            q.version,
            q.scoring.aggregation,
        )

    def figures_only(self) -> ScoredAssessment:
        """The copy a reader of figures only gets: small groups hidden, nobody's words, nobody's name.

        Groups with too few respondents (overall, or for one indicator) leave every group
        figure (privacy.py); respondents keep their group and stages but lose their names,
        organisations, evidence, links and comments; consensus values keep their rationale
        but not who settled them.
        """
        if self.private:
            return self
        hidden = small_groups(self.respondents)
        groups = partial(_group_scores, self.questionnaire, self.respondents, self.scores.aggregation, hidden)
        return replace(
            self,
            respondents=tuple(_without_words(r) for r in self.respondents),
            consensus={i: Consensus(c.stage, c.not_applicable, c.rationale) for i, c in self.consensus.items()},
            scores=without_groups(self.scores, hidden, self.respondents),
            hidden=hidden,
            private=True,
            group_scores=groups,
        )


def _group_scores(
    q: Questionnaire, respondents: Sequence[Respondent], aggregation: Aggregation, hidden: frozenset[str]
) -> dict[str, Scores]:
    return visible_groups(score_by_group(q, respondents, aggregation), hidden)


def _without_words(person: Respondent) -> Respondent:
    answers = {i: Answer(a.status, a.stage, a.items, review=a.review) for i, a in person.answers.items()}
    return Respondent(person.id, person.group, answers)


def scored_assessment(
    info: AssessmentInfo,
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    consensus: Mapping[str, Consensus],
    targets: Targets,
    *,
    aggregation: Aggregation | None = None,
) -> ScoredAssessment:
    """An assessment's data scored: the one place a stored assessment is scored."""
    people = tuple(respondents)
    scores = score(questionnaire, people, consensus, aggregation)
    return ScoredAssessment(info, questionnaire, people, consensus, targets, scores)


def questionnaire_of(info: AssessmentInfo, catalog: Catalog | Questionnaire) -> Questionnaire:
    """The questionnaire the assessment was made with: found in the catalog, or the one given if it is that one."""
    wanted = (info.questionnaire_id, info.questionnaire_version)
    if isinstance(catalog, Questionnaire):
        if (catalog.id, catalog.version) != wanted:
            raise AssessmentError(
                f"assessment {info.id} was made with questionnaire {wanted[0]} {wanted[1]}, "
                f"not {catalog.id} {catalog.version}"
            )
        return catalog
    found = catalog.find(*wanted)
    if found is None:
        raise AssessmentError(
            f"questionnaire {wanted[0]} version {wanted[1]} is not installed",
            key="common.questionnaire_missing",
            id=wanted[0],
            version=wanted[1],
        )
    return found.questionnaire


def load_scored(
    store: Store, catalog: Catalog | Questionnaire, assessment_id: int, *, aggregation: Aggregation | None = None
) -> ScoredAssessment:
    """One stored assessment, scored (by the questionnaire's aggregation method unless another is given).

    `catalog` is where the assessment's questionnaire is found, or that questionnaire itself.
    """
    info = store.assessment(assessment_id)
    q = questionnaire_of(info, catalog)
    return scored_assessment(info, q, store.answers(assessment_id), store.consensus(assessment_id),
                             store.targets(assessment_id), aggregation=aggregation)  # fmt: skip


def load_many(
    store: Store,
    catalog: Catalog | Questionnaire,
    assessment_ids: Sequence[int],
    *,
    aggregation: Aggregation | None = None,
) -> list[ScoredAssessment]:
    """Many stored assessments, scored, in the order of `assessment_ids`.

    One query each for the assessments, the respondents with their answers, and the
    consensus values; the targets are read per assessment (the store has no bulk read of
    them). Consensus values read in bulk do not say who settled them.
    """
    ids = list(dict.fromkeys(assessment_ids))
    if not ids:
        return []
    listed = {a.id: a for a in store.assessments()}
    infos = {i: listed[i] if i in listed else store.assessment(i) for i in ids}  # an unknown id: the store's error
    answers, consensus = store.answers_of(ids), store.consensus_of(ids)
    scored = {
        i: scored_assessment(
            info, questionnaire_of(info, catalog), answers[i], consensus[i], store.targets(i), aggregation=aggregation
        )
        for i, info in infos.items()
    }
    return [scored[i] for i in assessment_ids]
