"""The country report: cover, executive summary, radar, one section per pillar, roadmap, appendix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from ..answers import Respondent, Targets
from ..countries import country_name
from ..formatting import format_score, format_share, stage_label, tier_name
from ..i18n import translate
from ..model import Questionnaire
from ..recommend import Recommendation, guide_citation, recommend
from ..scoring import IndicatorResult, Scores, stage_score
from .charts import radar_drawing
from .layout import CONTENT_WIDTH, build_pdf, table, text

TOP = 5


@dataclass(frozen=True)
class CountryReport:
    """Everything the country report shows, as the engine computed it."""

    questionnaire: Questionnaire
    country: str
    round: str
    language: str
    respondents: Sequence[Respondent]
    scores: Scores
    targets: Targets
    peer_name: str | None = None
    peer_scores: Mapping[str, float | None] = field(default_factory=dict)
    generated: date = field(default_factory=date.today)


def _t(report: CountryReport, key: str, **values: object) -> str:
    return translate(key, report.language, **values)


def cover(report: CountryReport) -> list:
    q, lang = report.questionnaire, report.language
    groups = {r.group for r in report.respondents}
    return [
        Spacer(1, 45 * mm),
        text(_t(report, "report.title"), "cover_title"),
        text(
            _t(report, "report.country_round", country=country_name(report.country, lang), round=report.round),
            "cover_line",
            bold=True,
        ),
        Spacer(1, 6 * mm),
        text(_t(report, "report.generated", date=report.generated.isoformat()), "cover_line"),
        text(_t(report, "report.questionnaire", title=q.text(q.title, lang), version=q.version), "cover_line"),
        text(_t(report, "report.report_language", language=translate("language.name", lang)), "cover_line"),
        text(_t(report, "report.respondents", count=len(report.respondents), groups=len(groups)), "cover_line"),
        PageBreak(),
    ]


def headline(report: CountryReport) -> list:
    q, s, lang = report.questionnaire, report.scores, report.language
    figures = [
        (format_score(s.index), translate("results.index", lang)),
        (tier_name(q, s.index, lang), translate("results.tier", lang)),
        (format_share(s.completeness), translate("results.completeness", lang)),
        (format_share(s.confidence), translate("results.confidence", lang)),
    ]
    cells = [[text(value, "figure") for value, _ in figures], [text(label, "figure_label") for _, label in figures]]
    widths = [CONTENT_WIDTH * f for f in (0.2, 0.4, 0.2, 0.2)]
    return [table(cells, widths, header=False, zebra=False), Spacer(1, 4 * mm)]


def strongest_and_weakest(report: CountryReport) -> list:
    q, lang = report.questionnaire, report.language
    scored = [p for p in report.scores.pillars if p.score is not None]
    if len(scored) < 2:
        return []
    best = max(scored, key=lambda p: p.score)  # type: ignore[arg-type, return-value]
    worst = min(scored, key=lambda p: p.score)  # type: ignore[arg-type, return-value]
    name = lambda p: q.text(q.pillar(p.pillar_id).name, lang)  # noqa: E731
    return [
        text(_t(report, "report.strongest", name=name(best), score=format_score(best.score))),
        text(_t(report, "report.weakest", name=name(worst), score=format_score(worst.score))),
    ]


def recommendation_rows(report: CountryReport, steps: Sequence[Recommendation]) -> list[list[object]]:
    q, lang = report.questionnaire, report.language
    rows: list[list[object]] = [
        [
            "#",
            translate("results.indicator", lang),
            translate("results.step", lang),
            translate("results.recommendation", lang),
        ]
    ]
    for step in steps:
        rows.append(
            [
                str(step.rank),
                q.text(q.indicators[step.indicator_id].title, lang),
                f"{step.current} → {step.to_stage}",
                recommendation_cell(q, step, lang),
            ]
        )
    return rows


def recommendation_details(q: Questionnaire, step: Recommendation, lang: str) -> str:
    """Effort, what must come first and the guides of one step, as one line (empty when it has none)."""
    parts = []
    if step.effort:
        parts.append(f"{translate('results.effort', lang)}: {translate(f'effort.{step.effort}', lang)}")
    if step.depends_on:
        needs = "; ".join(q.text(q.indicators[i].title, lang) for i in step.depends_on)
        parts.append(f"{translate('results.depends_on', lang)}: {needs}")
    if step.guides:
        parts.append(f"{translate('results.guides', lang)}: {'; '.join(guide_citation(q, g) for g in step.guides)}")
    return " · ".join(parts)


def recommendation_cell(q: Questionnaire, step: Recommendation, lang: str) -> object:
    details = recommendation_details(q, step, lang)
    advice = q.text(step.text, lang)
    return [text(advice, "cell"), text(details, "small")] if details else advice


def radar_section(report: CountryReport) -> list:
    q, lang, s = report.questionnaire, report.language, report.scores
    series = [(translate("results.current", lang), [p.score for p in s.pillars], False)]
    targets = [stage_score(q.scale, report.targets.for_pillar(p.id)) for p in q.pillars]
    if any(t is not None for t in targets):
        series.append((translate("results.target", lang), targets, True))
    if report.peer_name and report.peer_scores:
        series.append(
            (
                _t(report, "report.peer_average", name=report.peer_name),
                [report.peer_scores.get(p.id) for p in q.pillars],
                True,
            )
        )
    return [
        KeepTogether(
            [
                text(_t(report, "report.radar"), "h2"),
                radar_drawing([q.text(p.name, lang) for p in q.pillars], series),
                text(_t(report, "report.radar_caption", low=q.scale.lowest, high=q.scale.highest), "small"),
            ]
        )
    ]


def divergence_text(report: CountryReport, result: IndicatorResult) -> str:
    q, lang = report.questionnaire, report.language
    if not result.divergent:
        return _t(report, "report.agree") if result.respondents > 1 else "–"
    groups = ", ".join(f"{q.text(q.groups[g].name, lang)} {s}" for g, s in sorted(result.by_group.items()))
    return _t(report, "report.diverge", spread=result.spread, groups=groups)


def indicator_stage_text(report: CountryReport, result: IndicatorResult) -> str:
    if result.status == "not_applicable":
        return _t(report, "report.not_applicable")
    if result.status == "unanswered":
        return _t(report, "report.unanswered")
    return stage_label(report.questionnaire, result.stage, report.language)


def pillar_sections(report: CountryReport) -> list:
    q, lang, s = report.questionnaire, report.language, report.scores
    story: list = [PageBreak(), text(_t(report, "report.pillars"), "h1")]
    for pillar in q.pillars:
        result = s.pillar(pillar.id)
        rows: list[list[object]] = [
            [
                translate("results.indicator", lang),
                translate("results.stage", lang),
                _t(report, "report.evidence"),
                _t(report, "report.divergence"),
            ]
        ]
        for indicator in pillar.indicators:
            r = s.indicator(indicator.id)
            evidence = _t(report, "report.evidence_given") if r.has_evidence else _t(report, "report.evidence_none")
            rows.append(
                [
                    q.text(indicator.title, lang),
                    indicator_stage_text(report, r),
                    evidence if r.status == "answered" else "–",
                    divergence_text(report, r),
                ]
            )
        line = _t(
            report,
            "report.pillar_line",
            stage=stage_label(q, result.stage, lang),
            score=format_score(result.score),
            answered=result.answered,
            applicable=result.applicable,
            confidence=format_share(result.confidence),
        )
        story += [
            KeepTogether([text(q.text(pillar.name, lang), "h2"), text(line), Spacer(1, 2 * mm)]),
            text(q.text(pillar.description, lang), "small"),
            Spacer(1, 2 * mm),
            table(rows, [CONTENT_WIDTH * f for f in (0.38, 0.2, 0.12, 0.3)]),
        ]
    return story


def roadmap_section(report: CountryReport, steps: Sequence[Recommendation]) -> list:
    story: list = [PageBreak(), text(_t(report, "report.roadmap"), "h1")]
    t = report.targets
    if t.default is None and not t.pillars and not t.indicators:
        return [*story, text(_t(report, "report.no_targets"))]
    if not steps:
        return [*story, text(_t(report, "report.all_at_target"))]
    return [*story, table(recommendation_rows(report, steps), [CONTENT_WIDTH * f for f in (0.06, 0.3, 0.1, 0.54)])]


def appendix(report: CountryReport) -> list:
    q, lang = report.questionnaire, report.language
    stages = [[translate("results.stage", lang), ""]] + [
        [f"{s.value} · {q.text(s.name, lang)}", q.text(s.definition, lang)] for s in q.scale.stages
    ]
    tiers = [[translate("results.tier", lang), translate("results.index", lang)]] + [
        [q.text(t.name, lang), f"≥ {t.min_index:g}"] for t in q.tiers
    ]
    span = q.scale.highest - q.scale.lowest
    return [
        PageBreak(),
        text(_t(report, "report.appendix"), "h1"),
        table(stages, [CONTENT_WIDTH * 0.25, CONTENT_WIDTH * 0.75]),
        Spacer(1, 4 * mm),
        text(_t(report, "report.method", low=q.scale.lowest, span=span)),
        Spacer(1, 4 * mm),
        text(_t(report, "report.tiers"), "h2"),
        table(tiers, [CONTENT_WIDTH * 0.5, CONTENT_WIDTH * 0.5]),
        *guidance_appendix(report),
    ]


def guidance_appendix(report: CountryReport) -> list:
    """Per indicator, the evidence that supports each stage: what a reader checks a rating against."""
    q, lang = report.questionnaire, report.language
    guided = [i for i in q.indicators.values() if i.guidance]
    if not guided:
        return []
    stage_names = {s.value: q.text(s.name, lang) for s in q.scale.stages}
    story: list = [PageBreak(), text(_t(report, "report.guidance"), "h1"), text(_t(report, "report.guidance_intro"))]
    for pillar in q.pillars:
        story.append(text(q.text(pillar.name, lang), "h2"))
        for indicator in (i for i in pillar.indicators if i.guidance):
            rows: list[list[object]] = [[translate("results.stage", lang), q.text(indicator.title, lang)]]
            rows += [
                [f"{stage} · {stage_names[stage]}", q.text(guide, lang)]
                for stage, guide in sorted((indicator.guidance or {}).items())
            ]
            story += [table(rows, [CONTENT_WIDTH * 0.2, CONTENT_WIDTH * 0.8]), Spacer(1, 3 * mm)]
    return story


def country_report_pdf(report: CountryReport) -> bytes:
    """The country report as PDF bytes, in the report's language."""
    q, lang, s = report.questionnaire, report.language, report.scores
    steps = recommend(q, s, report.targets)
    story = cover(report)
    story += [text(_t(report, "report.summary"), "h1")]
    story += headline(report)
    if s.index is None:
        story.append(text(_t(report, "report.no_answers")))
    else:
        story += strongest_and_weakest(report)
        if steps:
            story += [
                text(_t(report, "report.top_recommendations"), "h2"),
                table(recommendation_rows(report, steps[:TOP]), [CONTENT_WIDTH * f for f in (0.06, 0.3, 0.1, 0.54)]),
            ]
        story += radar_section(report)
    story += pillar_sections(report)
    story += roadmap_section(report, steps)
    story += appendix(report)
    title = f"{_t(report, 'report.title')}: {country_name(report.country, lang)} {report.round}"
    return build_pdf(
        story,
        title=title,
        author=q.text(q.title, lang),
        subject=q.text(q.title, lang),
        language=lang,
        footer=lambda n, total: translate("report.page", lang, n=n, total=total),
    )
