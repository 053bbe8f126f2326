"""The country report of a scored assessment: what the app (through Workspace) and the CLI both make."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .country import CountryReport, country_report_docx, country_report_pdf

if TYPE_CHECKING:
    from ..compare import Peers
    from ..scored import ScoredAssessment

ReportFormat = Literal["pdf", "docx"]


def country_report_file(
    scored: ScoredAssessment,
    *,
    language: str | None = None,
    peers: Peers | None = None,
    format: ReportFormat = "pdf",
) -> bytes:
    """The country report as PDF or Word, in the assessment's language unless another is asked for.

    Made from the figures of `scored`, never scored again. A private copy (`figures_only`,
    for readers of figures only) leaves out small groups and the respondents' own words;
    with `peers`, the peer group's mean is drawn on the radar.
    """
    means = peers.means if peers is not None else {}
    report = CountryReport(
        scored.questionnaire,
        scored.country,
        scored.round,
        language or scored.info.language,
        scored.respondents,
        scored.scores,
        scored.targets,
        peers.name if peers is not None and means else None,
        means,
        consensus=scored.consensus,
        private=scored.private,
        subject=scored.info.subject,
    )
    return country_report_docx(report) if format == "docx" else country_report_pdf(report)
