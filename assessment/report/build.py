"""Reports of stored assessments: the one function the app and the CLI both call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from ..compare import Versioned, compared, latest_per_country, peer_group_stats
from ..model import Questionnaire
from ..privacy import small_groups, without_groups
from ..scoring import score
from ..store import Store
from .comparison import ComparisonReport, comparison_report_pdf
from .country import CountryReport, country_report_docx, country_report_pdf

ReportFormat = Literal["pdf", "docx"]


def stored_country_report(
    store: Store,
    assessment_id: int,
    questionnaire: Questionnaire,
    *,
    language: str | None = None,
    peer_group: str | None = None,
    private: bool = False,
    format: ReportFormat = "pdf",
) -> bytes:
    """The country report of a stored assessment as PDF or Word, in its language unless another is asked for.

    With `private` (for readers of figures only), stakeholder groups with too few
    respondents, overall or for an indicator, are left out of the group figures, and the
    respondents' own words are left out of the report.
    """
    report = stored_country(store, assessment_id, questionnaire, language=language, peer_group=peer_group,
                            private=private)  # fmt: skip
    return country_report_docx(report) if format == "docx" else country_report_pdf(report)


def stored_country(
    store: Store,
    assessment_id: int,
    questionnaire: Questionnaire,
    *,
    language: str | None = None,
    peer_group: str | None = None,
    private: bool = False,
) -> CountryReport:
    """Everything the country report of a stored assessment shows, scored once."""
    info = store.assessment(assessment_id)
    respondents = store.answers(assessment_id)
    consensus = store.consensus(assessment_id)
    scores = score(questionnaire, respondents, consensus)
    if private:
        scores = without_groups(scores, small_groups(respondents), respondents)
    peer_scores: dict[str, float | None] = {}
    if peer_group is not None:
        group = next((g for g in store.peer_groups() if g.name == peer_group), None)
        if group is not None:
            members = [
                a
                for a in store.assessments()
                if a.country in group.countries
                and a.questionnaire_id == questionnaire.id
                and a.questionnaire_version == questionnaire.version
            ]
            peer = peer_group_stats(questionnaire, latest_per_country(compared(store, members, questionnaire)))
            # A pillar no member scored has no mean (NaN in the frame): no value, never "NaN".
            peer_scores = {
                m: None if pd.isna(v) else float(v) for m, v in zip(peer["measure"], peer["mean"], strict=True)
            }
    return CountryReport(
        questionnaire,
        info.country,
        info.round,
        language or info.language,
        respondents,
        scores,
        store.targets(assessment_id),
        peer_group if peer_scores else None,
        peer_scores,
        consensus=consensus,
        private=private,
    )


def stored_comparison_report(
    store: Store,
    assessment_ids: Sequence[int],
    questionnaire: Questionnaire,
    language: str,
    earlier: Sequence[Questionnaire] = (),
) -> bytes:
    """The comparison report of stored assessments (of one questionnaire), in `language`.

    The trends include every round of the chosen countries, also those made with the
    `earlier` versions the questionnaire's crosswalk starts from.
    """
    infos = [store.assessment(i) for i in assessment_ids]
    countries = {i.country for i in infos}
    every = [a for a in store.assessments() if a.country in countries]

    def made_with(q: Questionnaire) -> list:
        return [a for a in every if (a.questionnaire_id, a.questionnaire_version) == (q.id, q.version)]

    report = ComparisonReport(
        questionnaire,
        language,
        compared(store, infos, questionnaire),
        rounds=compared(store, made_with(questionnaire), questionnaire),
        earlier=[Versioned(e, compared(store, made_with(e), e)) for e in earlier],
    )
    return comparison_report_pdf(report)
