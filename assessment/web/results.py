"""Results: the index and its tier, pillar stages, radar charts, divergence, targets and the roadmap."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ..access import Action
from ..answers import Targets
from ..charts.data import Series, assessment_radar, pillar_axes, pillar_indicators
from ..charts.figures import indicator_bars, radar
from ..charts.summary import chart_summary
from ..errors import AssessmentError
from ..formats import ASSESSMENT, FileRequest
from ..formatting import format_score, format_share, format_share_below, stage_label, tier_name
from ..i18n import explain, translate
from ..lenses import lens, lens_frame, lens_frameworks
from ..model import Aggregation, Questionnaire
from ..privacy import min_group_size
from ..recommend import PHASES, recommendations_frame
from ..scoring import Scores, is_provisional
from ..store import AssessmentInfo
from .context import Opened, assessment_title, get_workspace, opened_assessment
from .downloads import file_language, neutralise, render_download_buttons
from .localise import clock_moment, localised
from .safe import md_escape
from .state import current_language, widget

if TYPE_CHECKING:
    from ..scored import ScoredAssessment

SAME_AS_DEFAULT = "default"


def render_headline(q: Questionnaire, scores: Scores, respondents: int, language: str) -> None:
    cols = st.columns([1, 1.6, 1, 1, 1])
    provisional = is_provisional(q, scores)
    label = translate("report.index_provisional" if provisional else "results.index", language)
    cols[0].metric(label, format_score(scores.index, language))
    cols[1].metric(translate("results.tier", language), tier_name(q, scores, language))
    cols[2].metric(translate("results.completeness", language), format_share(scores.completeness, language))
    cols[3].metric(translate("results.confidence", language), format_share(scores.confidence, language))
    cols[4].metric(translate("results.respondents", language), respondents)
    if provisional:
        st.warning(
            translate(
                "report.provisional_note",
                language,
                completeness=format_share_below(scores.completeness, language),
                bar=format_share(q.scoring.provisional_below, language),
            )
        )


def pillar_table(q: Questionnaire, scores: Scores, targets: Targets, language: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                translate("results.pillar", language): q.text(q.pillar(p.pillar_id).name, language),
                translate("results.stage", language): stage_label(q, p.stage, language),
                translate("results.score", language): format_score(p.score, language),
                translate("results.target", language): stage_label(q, targets.for_pillar(p.pillar_id), language),
                translate("results.answered", language): f"{p.answered}/{p.applicable}",
                translate("results.confidence", language): format_share(p.confidence, language),
            }
            for p in scores.pillars
        ]
    )


@st.cache_data(max_entries=256, show_spinner=False)
def cached_radar(axes: list[str], series: list[Series], language: str) -> go.Figure:
    """Building a Plotly figure costs tens of milliseconds: reruns with the same data reuse it."""
    return radar(axes, series, language=language)


@st.cache_data(max_entries=256, show_spinner=False)
def cached_bars(
    labels: list[str],
    stages: list[int | None],
    goal: dict[str, int],
    names: dict[int, str],
    *,
    language: str,
    na: list[int],
) -> go.Figure:
    return indicator_bars(labels, stages, goal, names, language=language, not_applicable=na)


def render_chart_summary(axes: list[str], series: list[Series], language: str) -> None:
    """The chart in words under it, for whoever cannot see it (names are the person's text: escaped)."""
    st.caption(md_escape(chart_summary(axes, series, language)))


def render_radar(opened: Opened, results: ScoredAssessment, targets: Targets, language: str) -> None:
    q, scores = opened.questionnaire, results.scores
    groups = results.by_group
    names = {g: q.text(q.groups[g].name, language) for g in groups}
    shown = st.multiselect(
        translate("results.show_groups", language),
        list(groups),
        format_func=names.__getitem__,
        key="radar_groups",
        placeholder=translate("results.choose_groups", language),
    )
    axes = pillar_axes(q, language)
    series = assessment_radar(q, scores, language, targets=targets, groups={g: groups[g] for g in shown})
    figure = cached_radar(axes, series, language)
    st.plotly_chart(localised(figure, language), key="pillar_radar", config={"displaylogo": False})
    render_chart_summary(axes, series, language)
    render_hidden_groups(results.hidden_groups, language)


def render_hidden_groups(count: int, language: str) -> None:
    if count:
        st.caption(translate("results.hidden_groups", language, count=count, size=min_group_size()))


def render_drilldown(q: Questionnaire, scores: Scores, targets: Targets, language: str) -> None:
    """One pillar's indicators as bars of their stage; the lowest stage is a bar, an unanswered one says so."""
    pillar_id = st.selectbox(
        translate("results.drilldown", language),
        [p.id for p in q.pillars],
        format_func=lambda p: q.text(q.pillar(p).name, language),
        key="drilldown_pillar",
    )
    shown = pillar_indicators(q, scores, targets, pillar_id, language)
    figure = cached_bars(list(shown.labels), list(shown.stages), dict(shown.targets), dict(shown.stage_names),
                         language=language, na=list(shown.not_applicable))  # fmt: skip
    st.plotly_chart(localised(figure, language), key="indicator_bars", config={"displaylogo": False})
    render_chart_summary(list(shown.labels), list(shown.series), language)


def render_divergence(q: Questionnaire, scores: Scores, language: str) -> None:
    st.header(translate("results.divergence", language))
    divergent = scores.divergent()
    if not divergent:
        st.caption(translate("results.no_divergence", language))
        return
    rows = []
    for ind in divergent:
        groups = ", ".join(f"{q.text(q.groups[g].name, language)}: {s}" for g, s in sorted(ind.by_group.items()))
        rows.append(
            {
                translate("results.indicator", language): q.text(q.indicators[ind.indicator_id].title, language),
                translate("results.spread", language): ind.spread,
                translate("results.stage", language): stage_label(q, ind.stage, language),
                translate("results.by_group", language): groups,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def render_targets_form(opened: Opened, targets: Targets, language: str) -> None:
    q = opened.questionnaire
    with st.form("targets"):
        st.header(translate("results.targets", language))
        options = [None, *q.scale.values]
        default = st.selectbox(
            translate("results.default_target", language),
            options,
            index=options.index(targets.default) if targets.default in options else 0,
            format_func=lambda s: (
                translate("results.no_target", language) if s is None else stage_label(q, s, language)
            ),
            key="target_default",
        )
        per_pillar: dict[str, int] = {}
        cols = st.columns(3)
        pillar_options = [SAME_AS_DEFAULT, *q.scale.values]
        for n, pillar in enumerate(q.pillars):
            current = targets.pillars.get(pillar.id, SAME_AS_DEFAULT)
            chosen = cols[n % 3].selectbox(
                q.text(pillar.name, language),
                pillar_options,
                index=pillar_options.index(current),
                format_func=lambda s: (
                    translate("results.same_as_default", language)
                    if s == SAME_AS_DEFAULT
                    else stage_label(q, s, language)
                ),
                key=f"target_{pillar.id}",
            )
            if isinstance(chosen, int):  # a stage, not SAME_AS_DEFAULT
                per_pillar[pillar.id] = chosen
        if st.form_submit_button(translate("results.save_targets", language)):
            try:
                get_workspace().set_targets(opened.info.id, Targets(default, per_pillar, dict(targets.indicators)), q)
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, language)))
            else:
                st.rerun()


def roadmap_table(q: Questionnaire, frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """One phase of the roadmap as the page shows it: every text escaped, since `st.table` reads Markdown."""
    return pd.DataFrame(
        {
            translate("report.rank", language): [str(r) for r in frame["rank"]],  # not "#": a Markdown heading
            translate("results.pillar", language): [
                md_escape(q.text(q.pillar(p).name, language)) for p in frame["pillar_id"]
            ],
            translate("results.indicator", language): [md_escape(t) for t in frame["indicator"]],
            translate("results.step", language): [
                f"{a} → {b}" for a, b in zip(frame["current"], frame["to_stage"], strict=True)
            ],
            translate("results.recommendation", language): [md_escape(t) for t in frame["text"]],
            translate("results.effort", language): [
                translate(f"effort.{e}", language) if e else "" for e in frame["effort"]
            ],
            translate("results.depends_on", language): [md_escape(t) for t in frame["depends_on"]],
            translate("results.guides", language): [md_escape(t) for t in frame["guides"]],
        }
    )


def render_recommendations(scored: ScoredAssessment, language: str) -> None:
    """The roadmap in full, one table per phase (now, next, later): every row, the texts wrapped, no scrolling."""
    q, targets = scored.questionnaire, scored.targets
    st.header(translate("results.recommendations", language))
    if targets.default is None and not targets.pillars and not targets.indicators:
        st.caption(translate("results.set_targets_first", language))
        return
    frame = recommendations_frame(q, scored.recommendations, language)
    if frame.empty:
        st.success(translate("results.all_at_target", language))
        return
    for phase in PHASES:
        steps = frame[frame["phase"] == phase]
        if steps.empty:
            continue
        name = translate(f"phase.{phase}", language)
        st.subheader(translate("results.phase_heading", language, phase=name, count=len(steps)))
        st.table(roadmap_table(q, steps, language), hide_index=True)


def render_results_page() -> None:
    language = current_language()
    opened = opened_assessment(language)
    if opened is None:
        return
    q, info, store = opened.questionnaire, opened.info, get_workspace()
    st.title(assessment_title(info, language, "nav.results"))
    methods: list[Aggregation] = ["median", "mean", "minimum"]
    method = st.segmented_control(
        translate("results.aggregation", language),
        methods,
        default=q.scoring.aggregation,
        format_func=lambda m: translate(f"aggregation.{m}", language),
        key="aggregation",
        required=True,
    )
    results = store.results(info.id, q, method)
    scores, targets = results.scores, results.targets
    render_headline(q, scores, len(results.respondents), language)
    if scores.index is None:
        st.info(translate("results.no_answers", language))
        return
    st.dataframe(pillar_table(q, scores, targets, language), hide_index=True, width="stretch")
    left, right = st.columns(2)
    with left:
        render_radar(opened, results, targets, language)
    with right:
        render_drilldown(q, scores, targets, language)
    render_divergence(q, scores, language)
    if store.can(Action.SET_TARGETS, info.id):
        render_targets_form(opened, targets, language)
    render_recommendations(results, language)
    render_lenses(q, scores, language)
    render_downloads(opened, results, language)
    if store.can(Action.SHARE, info.id):
        render_sharing(opened, language)
    if store.can(Action.VIEW_AUDIT, info.id):
        render_audit(opened, language)


def lens_table(q: Questionnaire, scores: Scores, framework: str, language: str) -> pd.DataFrame:
    """The lens as the page shows it: names indented by level, uncovered elements said so, never 0."""
    frame = lens_frame(lens(q, scores, framework), language)
    not_covered = translate("lens.not_covered", language)
    return pd.DataFrame(
        {
            translate("lens.code", language): frame["element"],
            translate("lens.element", language): [
                "· " * d + n for d, n in zip(frame["depth"], frame["name"], strict=True)
            ],
            translate("lens.indicators", language): frame["indicators"],
            translate("lens.coverage", language): [
                format_share(c, language) if covered else not_covered
                for c, covered in zip(frame["coverage"], frame["covered"], strict=True)
            ],
            translate("results.stage", language): [
                stage_label(q, None if pd.isna(s) else int(s), language) if covered else not_covered
                for s, covered in zip(frame["stage"], frame["covered"], strict=True)
            ],
            translate("results.score", language): [
                format_score(None if pd.isna(v) else float(v), language) if covered else not_covered
                for v, covered in zip(frame["score"], frame["covered"], strict=True)
            ],
        }
    )


def render_lenses(q: Questionnaire, scores: Scores, language: str) -> None:
    """The results through each framework the questionnaire maps to (CMM, GCI, NCAF, NCSI...)."""
    frameworks = lens_frameworks(q)
    if not frameworks:
        return
    st.header(translate("results.lenses", language))
    st.caption(translate("results.lenses_help", language))
    titles = {f: q.framework_catalogs[f].title for f in frameworks}
    framework = st.selectbox(
        translate("results.lens", language), frameworks, format_func=titles.__getitem__, key="lens"
    )
    if framework is None:  # not while there are frameworks: the first is chosen
        return
    seen = lens(q, scores, framework)
    scored, total = seen.top_covered
    st.caption(
        translate("lens.score_line", language, score=format_score(seen.score, language), scored=scored, total=total)
    )
    st.dataframe(lens_table(q, scores, framework, language), hide_index=True, width="stretch")


def render_sharing(opened: Opened, language: str) -> None:
    """Whether facilitators and viewers of other countries may see this assessment in their comparisons."""

    def changed() -> None:
        get_workspace().set_shareable(opened.info.id, bool(widget("shareable").get()))

    st.toggle(
        translate("results.shareable", language),
        value=opened.info.shareable,
        key="shareable",
        on_change=changed,
        help=translate("results.shareable_help", language),
    )


def entity_name(entity: str, language: str) -> str:
    """What an audit entry is about, in the screen's language (the stored name when the catalog has none)."""
    key = f"audit.entity.{entity}"
    name = translate(key, language)
    return entity if name == key else name


def render_audit(opened: Opened, language: str) -> None:
    """Who changed what, when, from which value to which: for administrators and the assessment's facilitators.

    Loaded only when asked for: the log grows with every saved answer.
    """
    if not st.toggle(translate("results.audit", language), key="show_audit"):
        return
    entries = get_workspace().audit(opened.info.id)
    columns = {name: translate(f"audit.{name}", language) for name in ("at", "actor", "entity", "key", "from", "to")}
    frame = pd.DataFrame(
        [
            {
                columns["at"]: clock_moment(e.at, language),
                "at_utc": e.at.strftime("%Y-%m-%dT%H:%M:%SZ"),  # for scripts: sortable, zone-free
                columns["actor"]: e.actor,
                columns["entity"]: entity_name(e.entity, language),
                columns["key"]: e.key,
                columns["from"]: "" if e.old is None else json.dumps(e.old, ensure_ascii=False),
                columns["to"]: "" if e.new is None else json.dumps(e.new, ensure_ascii=False),
            }
            for e in entries
        ],
        columns=[columns["at"], "at_utc", *list(columns.values())[1:]],
    )
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        translate("results.download_audit", language),
        lambda: neutralise(frame).to_csv(index=False),
        file_name=f"{translate('file.audit', language)}-{opened.info.country}-{opened.info.round}.csv",
        mime="text/csv",
        key="download_audit",
    )


def file_stem(info: AssessmentInfo, language: str) -> str:
    """`evaluacion-MX-2026`: the name of an assessment's files, in the language they are made in."""
    return f"{translate('file.assessment', language)}-{info.country}-{info.round}".replace(" ", "_")


def render_downloads(opened: Opened, shown: ScoredAssessment, language: str) -> None:
    """The report, the portable file (to move the assessment or fill it offline) and tables for analysts.

    Every file is made in the language chosen here (default: the assessment's), as the CLI
    makes it. Each file is made when its button is clicked (a callable), not at every rerun,
    from the figures on screen (`shown`) when they are the questionnaire's own method's.
    """
    st.header(translate("results.downloads", language))
    info, q = opened.info, opened.questionnaire
    chosen = file_language(q.languages, [info.language], language, "report_language")
    request = FileRequest((info.id,), q, chosen, scored=(shown,))
    render_download_buttons(ASSESSMENT, request, file_stem(info, chosen), language, "download")
