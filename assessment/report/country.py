"""The country report, written once as blocks: summary, radar, pillars, consensus, roadmap and appendices.

What a peer reviewer reads is here: per indicator the stage with its evidence, links,
comments and review flags, the consensus value with its rationale and who settled it,
an index marked provisional while too few answers are in, and the results seen through
the frameworks the questionnaire maps to. `country_report_pdf` and `country_report_docx`
lay out the same blocks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..answers import Answer, Consensus, Respondent, Status, Targets
from ..charts.data import assessment_radar, pillar_axes
from ..charts.summary import radar_description
from ..countries import country_name
from ..formatting import (
    MISSING,
    format_day,
    format_score,
    format_share,
    format_share_below,
    format_threshold,
    language_name,
    stage_label,
    tier_name,
)
from ..i18n import translate
from ..lenses import Lens, element_name, lenses
from ..model import Questionnaire, TierRequirement
from ..recommend import Recommendation, guide_citation, recommend
from ..scoring import IndicatorResult, Scores, answer_stage, is_provisional
from . import blocks as b
from .pdf import document_pdf
from .word import document_docx

TOP = 5
REVIEW_MARK = "⚑"


@dataclass(frozen=True)
class CountryReport:
    """Everything the country report shows, as the engine computed it.

    With `private` (a reader of figures only), the respondents' own words (evidence,
    comments) and who settled a consensus are left out.
    """

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
    consensus: Mapping[str, Consensus] = field(default_factory=dict)
    private: bool = False
    subject: str | None = None
    """What is assessed when it is not the country (a CSIRT, an agency)."""

    def t(self, key: str, **values: object) -> str:
        return translate(key, self.language, **values)

    def name(self, text: Mapping[str, str] | None) -> str:
        return self.questionnaire.text(dict(text) if text else None, self.language)


def cover(report: CountryReport) -> list[b.Block]:
    q = report.questionnaire
    groups = {r.group for r in report.respondents}
    language = report.language
    country = report.subject or country_name(report.country, language)
    return [
        b.Space(45),
        b.Text(report.t("report.title"), "cover_title"),
        b.Text(report.t("report.country_round", country=country, round=report.round), "cover_line", bold=True),
        b.Space(6),
        b.Text(report.t("report.generated", date=format_day(report.generated, report.language)), "cover_line"),
        b.Text(report.t("report.questionnaire", title=report.name(q.title), version=q.version), "cover_line"),
        b.Text(
            report.t("report.report_language", language=language_name(report.language, report.language)), "cover_line"
        ),
        b.Text(report.t("report.respondents", count=len(report.respondents), groups=len(groups)), "cover_line"),
        b.PageBreak(),
    ]


def headline(report: CountryReport) -> list[b.Block]:
    q, s = report.questionnaire, report.scores
    provisional = is_provisional(q, s)
    index_label = report.t("report.index_provisional" if provisional else "results.index")
    figures = b.KeyFigures(
        [
            (format_score(s.index, report.language), index_label),
            (tier_name(q, s, report.language), report.t("results.tier")),
            (format_share(s.completeness, report.language), report.t("results.completeness")),
            (format_share(s.confidence, report.language), report.t("results.confidence")),
        ]
    )
    if not provisional:
        return [figures]
    note = report.t(
        "report.provisional_note",
        completeness=format_share_below(s.completeness, report.language),
        bar=format_share(q.scoring.provisional_below, report.language),
    )
    return [figures, b.Text(note, bold=True)]


def strongest_and_weakest(report: CountryReport) -> list[b.Block]:
    scored = [p for p in report.scores.pillars if p.score is not None]
    if len(scored) < 2:
        return []
    best = max(scored, key=lambda p: p.score or 0.0)
    worst = min(scored, key=lambda p: p.score or 0.0)
    name = lambda p: report.name(report.questionnaire.pillar(p.pillar_id).name)  # noqa: E731
    return [
        b.Text(report.t("report.strongest", name=name(best), score=format_score(best.score, report.language))),
        b.Text(report.t("report.weakest", name=name(worst), score=format_score(worst.score, report.language))),
    ]


def recommendation_details(q: Questionnaire, step: Recommendation, language: str) -> str:
    """Effort, what must come first and the guides of one step, as one line (empty when it has none)."""
    parts = []
    if step.effort:
        parts.append(f"{translate('results.effort', language)}: {translate(f'effort.{step.effort}', language)}")
    if step.depends_on:
        needs = "; ".join(q.text(q.indicators[i].title, language) for i in step.depends_on)
        parts.append(f"{translate('results.depends_on', language)}: {needs}")
    if step.guides:
        parts.append(f"{translate('results.guides', language)}: {'; '.join(guide_citation(q, g) for g in step.guides)}")
    return " · ".join(parts)


def recommendation_table(report: CountryReport, steps: Sequence[Recommendation]) -> b.Table:
    q, language = report.questionnaire, report.language
    rows: list[list[b.Cell]] = [["#", report.t("results.indicator"), report.t("results.step"),
                                 report.t("results.recommendation")]]  # fmt: skip
    for step in steps:
        advice = b.Detail(report.name(step.text), recommendation_details(q, step, language))
        rows.append([str(step.rank), report.name(q.indicators[step.indicator_id].title),
                     f"{step.current} → {step.to_stage}", advice])  # fmt: skip
    return b.Table(rows, (0.06, 0.3, 0.1, 0.54))


def radar(report: CountryReport) -> list[b.Block]:
    q, language = report.questionnaire, report.language
    peer = (report.peer_name, report.peer_scores) if report.peer_name and report.peer_scores else None
    series = assessment_radar(q, report.scores, language, targets=report.targets, peer=peer)
    axes = pillar_axes(q, language)
    description = radar_description(axes, series, language)
    caption = report.t("report.radar_caption", low=q.scale.lowest, high=q.scale.highest)
    return [b.Heading(report.t("report.radar"), 2), b.Radar(axes, series, caption, description)]


def divergence_text(report: CountryReport, result: IndicatorResult) -> str:
    q = report.questionnaire
    if not result.divergent:
        return report.t("report.agree") if result.respondents > 1 else MISSING
    groups = ", ".join(f"{report.name(q.groups[g].name)} {s}" for g, s in sorted(result.by_group.items()))
    return report.t("report.diverge", spread=result.spread, groups=groups)


def indicator_stage_text(report: CountryReport, result: IndicatorResult) -> str:
    if result.status == "not_applicable":
        return report.t("report.not_applicable")
    if result.status == "unanswered":
        return report.t("report.unanswered")
    return stage_label(report.questionnaire, result.stage, report.language)


def pillar_sections(report: CountryReport) -> list[b.Block]:
    q, s = report.questionnaire, report.scores
    story: list[b.Block] = [b.PageBreak(), b.Heading(report.t("report.pillars"))]
    for pillar in q.pillars:
        result = s.pillar(pillar.id)
        rows: list[list[b.Cell]] = [[report.t("results.indicator"), report.t("results.stage"),
                                     report.t("report.evidence"), report.t("report.divergence")]]  # fmt: skip
        for indicator in pillar.indicators:
            r = s.indicator(indicator.id)
            evidence = report.t("report.evidence_given" if r.has_evidence else "report.evidence_none")
            flag = f"{REVIEW_MARK} {report.t('report.flagged')}" if r.review else ""
            settled = report.t("report.by_consensus") if r.from_consensus else ""
            rows.append([
                report.name(indicator.title),
                b.Detail(indicator_stage_text(report, r), settled),
                b.Detail(evidence if r.status == "answered" else MISSING, flag),
                divergence_text(report, r),
            ])  # fmt: skip
        line = report.t(
            "report.pillar_line",
            stage=stage_label(q, result.stage, report.language),
            score=format_score(result.score, report.language),
            answered=result.answered,
            applicable=result.applicable,
            confidence=format_share(result.confidence, report.language),
        )
        story += [
            b.Heading(report.name(pillar.name), 2),
            b.Text(line),
            b.Text(report.name(pillar.description), "small"),
            b.Space(2),
            b.Table(rows, (0.38, 0.2, 0.14, 0.28)),
        ]
    return story


def consensus_section(report: CountryReport) -> list[b.Block]:
    """Each settled value with its rationale and, unless the copy is private, who settled it and when."""
    q = report.questionnaire
    settled = [(i, report.consensus[i.id]) for i in q.indicators.values() if i.id in report.consensus]
    if not settled:
        return []
    header: list[b.Cell] = [report.t("results.indicator"), report.t("report.settled_value"),
                            report.t("report.rationale")]  # fmt: skip
    if not report.private:
        header.append(report.t("report.settled_by"))
    rows: list[list[b.Cell]] = [header]
    for indicator, c in settled:
        value = report.t("report.not_applicable") if c.not_applicable else stage_label(q, c.stage, report.language)
        row: list[b.Cell] = [report.name(indicator.title), value, c.rationale or MISSING]
        if not report.private:
            when = format_day(c.settled_at.date(), report.language) if c.settled_at else ""
            row.append(b.Detail(c.settled_by or MISSING, when))
        rows.append(row)
    widths = (0.3, 0.16, 0.54) if report.private else (0.25, 0.14, 0.35, 0.26)
    return [b.Heading(report.t("report.consensus")), b.Text(report.t("report.consensus_intro")), b.Table(rows, widths)]


def roadmap_section(report: CountryReport, steps: Sequence[Recommendation]) -> list[b.Block]:
    story: list[b.Block] = [b.PageBreak(), b.Heading(report.t("report.roadmap"))]
    t = report.targets
    if t.default is None and not t.pillars and not t.indicators:
        return [*story, b.Text(report.t("report.no_targets"))]
    if not steps:
        return [*story, b.Text(report.t("report.all_at_target"))]
    return [*story, recommendation_table(report, steps)]


def _answer_stage(report: CountryReport, indicator_id: str, answer: Answer) -> str:
    q = report.questionnaire
    if answer.status is Status.NOT_APPLICABLE:
        return report.t("report.not_applicable")
    if answer.status is Status.DONT_KNOW:
        return report.t("answer.dont_know")
    if answer.status is Status.UNANSWERED:
        return report.t("report.unanswered")
    return stage_label(q, answer_stage(q.indicators[indicator_id], answer, q.scale.lowest), report.language)


def _said_something(answer: Answer) -> bool:
    return bool(answer.evidence.strip() or answer.links or answer.comment.strip() or answer.review)


def evidence_appendix(report: CountryReport) -> list[b.Block]:
    """What each respondent gave as evidence, links and comments, indicator by indicator."""
    q = report.questionnaire
    story: list[b.Block] = [b.PageBreak(), b.Heading(report.t("report.evidence_appendix"))]
    if report.private:
        return [*story, b.Text(report.t("report.evidence_private"))]
    story.append(b.Text(report.t("report.evidence_intro", mark=REVIEW_MARK)))
    header: list[b.Cell] = [report.t("results.indicator"), report.t("report.respondent"), report.t("results.stage"),
                            report.t("report.evidence"), report.t("report.comment")]  # fmt: skip
    any_rows = False
    for pillar in q.pillars:
        rows: list[list[b.Cell]] = [header]
        for indicator in pillar.indicators:
            first = True
            for person in report.respondents:
                answer = person.answers.get(indicator.id)
                if answer is None or not _said_something(answer):
                    continue
                who = " · ".join(x for x in (person.name, person.organisation) if x)
                stage = _answer_stage(report, indicator.id, answer)
                links = " ".join(answer.links)
                rows.append([
                    report.name(indicator.title) if first else "",
                    b.Detail(report.name(q.groups[person.group].name), who),
                    b.Detail(stage, f"{REVIEW_MARK} {report.t('report.flagged')}" if answer.review else ""),
                    b.Detail(answer.evidence.strip() or MISSING, links),
                    answer.comment.strip() or MISSING,
                ])  # fmt: skip
                first = False
        if len(rows) > 1:
            any_rows = True
            story += [b.Heading(report.name(pillar.name), 2), b.Table(rows, (0.2, 0.17, 0.13, 0.32, 0.18))]
    if not any_rows:
        story.append(b.Text(report.t("report.evidence_empty")))
    return story


def _requirement_text(report: CountryReport, requirement: TierRequirement) -> str:
    q = report.questionnaire
    if requirement.every is not None:
        return report.t(f"report.requirement.every_{requirement.every}", stage=requirement.stage)
    if requirement.pillar is not None:
        name = report.name(q.pillar(requirement.pillar).name)
    else:
        name = report.name(q.indicators[requirement.indicator or ""].title)
    return report.t("report.requirement.named", name=name, stage=requirement.stage)


def _pillar_rules_text(report: CountryReport) -> str:
    """How pillar stages follow from indicator stages: one sentence, or one per rule when pillars differ."""
    pillars = report.questionnaire.pillars
    rules = list(dict.fromkeys(p.rule for p in pillars))
    if len(rules) == 1:
        return report.t("report.method.pillar_stage", rule=report.t(f"report.method.rule.{rules[0]}"))
    return " ".join(
        report.t(
            "report.method.pillar_stage_for",
            pillars=", ".join(report.name(p.name) for p in pillars if p.rule == rule),
            rule=report.t(f"report.method.rule.{rule}"),
        )
        for rule in rules
    )


def method_text(report: CountryReport) -> list[str]:
    """The method as this questionnaire and these scores apply it: aggregation, pillar rules, "don't know", tiers."""
    q = report.questionnaire
    span = q.scale.highest - q.scale.lowest
    rated = " ".join(
        [
            report.t("report.method.rating"),
            report.t(f"report.method.aggregation.{report.scores.aggregation}"),
            report.t("report.method.not_applicable"),
            report.t(f"report.method.dont_know.{q.scoring.dont_know}", low=q.scale.lowest),
        ]
    )
    has_rules = any(t.requires for t in q.tiers)
    scored = " ".join(
        [
            _pillar_rules_text(report),
            report.t("report.method.scores", low=q.scale.lowest, span=span),
            report.t("report.method.tier_rules" if has_rules else "report.method.tier_bands"),
        ]
    )
    return [rated, scored]


def method_appendix(report: CountryReport) -> list[b.Block]:
    q = report.questionnaire
    stages: list[list[b.Cell]] = [[report.t("results.stage"), ""]]
    stages += [[f"{s.value} · {report.name(s.name)}", report.name(s.definition)] for s in q.scale.stages]
    has_rules = any(t.requires for t in q.tiers)
    tiers: list[list[b.Cell]] = [[report.t("results.tier"), report.t("results.index")]]
    for tier in q.tiers:
        tiers.append([report.name(tier.name), f"≥ {format_threshold(tier.min_index, report.language)}"])
        if has_rules:
            tiers[-1].append(", ".join(_requirement_text(report, r) for r in tier.requires) or MISSING)
    if has_rules:
        tiers[0].append(report.t("report.tier_requires"))
    return [
        b.PageBreak(),
        b.Heading(report.t("report.appendix")),
        b.Table(stages, (0.25, 0.75)),
        b.Space(4),
        *[b.Text(paragraph) for paragraph in method_text(report)],
        b.Text(report.t("report.provisional_method", bar=format_share(q.scoring.provisional_below, report.language))),
        b.Space(4),
        b.Heading(report.t("report.tiers"), 2),
        b.Table(tiers, (0.3, 0.2, 0.5) if has_rules else (0.5, 0.5)),
    ]


def lens_table(report: CountryReport, seen: Lens) -> b.Table:
    q = report.questionnaire
    rows: list[list[b.Cell]] = [[report.t("lens.code"), report.t("lens.element"), report.t("lens.indicators"),
                                 report.t("lens.coverage"), report.t("results.stage"),
                                 report.t("results.score")]]  # fmt: skip
    for e in seen.elements:
        name = "· " * e.depth + element_name(seen, e.code, report.language)
        if not e.covered:
            rows.append([e.code, name, "0", MISSING, report.t("lens.not_covered"), MISSING])
            continue
        coverage = format_share(e.coverage or 0.0, report.language)
        rows.append([e.code, name, str(len(e.indicators)), coverage, stage_label(q, e.stage, report.language),
                     format_score(e.score, report.language)])  # fmt: skip
    return b.Table(rows, (0.09, 0.45, 0.1, 0.1, 0.16, 0.1))


def lens_appendix(report: CountryReport) -> list[b.Block]:
    seen = lenses(report.questionnaire, report.scores)
    if not seen:
        return []
    story: list[b.Block] = [b.PageBreak(), b.Heading(report.t("report.lenses"))]
    story.append(b.Text(report.t("report.lenses_intro")))
    for one in seen:
        scored, total = one.top_covered
        line = report.t("lens.score_line", score=format_score(one.score, report.language), scored=scored, total=total)
        story += [b.Heading(f"{one.catalog.title}", 2), b.Text(line), lens_table(report, one)]
    return story


def guidance_appendix(report: CountryReport) -> list[b.Block]:
    """Per indicator, the evidence that supports each stage: what a reader checks a rating against."""
    q = report.questionnaire
    guided = [i for i in q.indicators.values() if i.guidance]
    if not guided:
        return []
    names = {s.value: report.name(s.name) for s in q.scale.stages}
    story: list[b.Block] = [b.PageBreak(), b.Heading(report.t("report.guidance")),
                            b.Text(report.t("report.guidance_intro"))]  # fmt: skip
    for pillar in q.pillars:
        story.append(b.Heading(report.name(pillar.name), 2))
        for indicator in (i for i in pillar.indicators if i.guidance):
            rows: list[list[b.Cell]] = [[report.t("results.stage"), report.name(indicator.title)]]
            rows += [[f"{stage} · {names[stage]}", report.name(guide)]
                     for stage, guide in sorted((indicator.guidance or {}).items())]  # fmt: skip
            story.append(b.Table(rows, (0.2, 0.8)))
    return story


def country_blocks(report: CountryReport) -> b.Document:
    """The whole report as blocks, in its language."""
    q, s = report.questionnaire, report.scores
    steps = recommend(q, s, report.targets)
    story = cover(report)
    story += [b.Heading(report.t("report.summary")), *headline(report)]
    if s.index is None:
        story.append(b.Text(report.t("report.no_answers")))
    else:
        story += strongest_and_weakest(report)
        if steps:
            story += [b.Heading(report.t("report.top_recommendations"), 2), recommendation_table(report, steps[:TOP])]
        story += radar(report)
    story += pillar_sections(report)
    story += consensus_section(report)
    story += roadmap_section(report, steps)
    story += evidence_appendix(report)
    story += method_appendix(report)
    story += lens_appendix(report)
    story += guidance_appendix(report)
    subject = report.subject or country_name(report.country, report.language)
    title = f"{report.t('report.title')}: {subject} {report.round}"
    return b.Document(story, title=title, author=report.name(q.title), language=report.language)


def approval_blocks(report: CountryReport) -> list[b.Block]:
    """A table to fill in and sign before the edited report circulates (the Word copy only)."""
    header: list[b.Cell] = [report.t("report.approval_name"), report.t("report.approval_role"),
                            report.t("report.approval_signature"), report.t("report.approval_date")]  # fmt: skip
    blank: list[b.Cell] = ["", "", "", ""]
    rows = [header, *(list(blank) for _ in range(3))]
    return [b.PageBreak(), b.Heading(report.t("report.approval")), b.Text(report.t("report.approval_intro")),
            b.Table(rows, (0.3, 0.25, 0.3, 0.15))]  # fmt: skip


def country_report_pdf(report: CountryReport) -> bytes:
    """The country report as PDF bytes, in the report's language."""
    return document_pdf(
        country_blocks(report), footer=lambda n, total: translate("report.page", report.language, n=n, total=total)
    )


def country_report_docx(report: CountryReport) -> bytes:
    """The same report as an editable Word document, closing with an approval block to sign."""
    document = country_blocks(report)
    editable = b.Document([*document.blocks, *approval_blocks(report)], document.title, document.author,
                          document.language)  # fmt: skip
    return document_docx(editable, generated=report.generated)
