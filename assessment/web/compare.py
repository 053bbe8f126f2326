"""Compare: several assessments side by side — radar overlay, ranking, heatmap, peer groups, trends.

Published index scores of other instruments are shown apart, labelled as such.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..access import Principal
from ..charts.data import MAX_ON_RADAR, comparison_radar, pillar_axes, trend_series
from ..charts.figures import heatmap_figure, radar, trend_figure
from ..charts.summary import heatmap_table
from ..compare import (
    Versioned,
    crosswalk_changes,
    earlier_versions,
    gci_beside_published,
    heatmap,
    latest_per_country,
    peer_figures,
    ranking,
    trends,
)
from ..countries import countries, country_name
from ..errors import AssessmentError, InputError
from ..exchange.external import read_external_csv
from ..formats import COMPARISON, FileRequest
from ..formatting import MISSING, format_score
from ..i18n import explain, translate
from ..model import Questionnaire
from ..scored import ScoredAssessment
from ..store import AssessmentInfo, ExternalScore
from ..workspace import Workspace
from .context import get_catalog, get_store, get_workspace
from .downloads import file_language, render_download_buttons
from .localise import localised
from .results import render_chart_summary
from .safe import md_escape
from .state import COMPARE_EVERY_ROUND, COMPARE_SELECTIONS, current_language, widget_text


def scored(infos: list[AssessmentInfo], q: Questionnaire) -> dict[int, ScoredAssessment]:
    """Every assessment scored; reused until the data changes (any change appends to the audit log)."""
    workspace = get_workspace()
    return _scored(tuple(infos), q.id, q.version, workspace.last_change(), workspace.principal)


@st.cache_resource(max_entries=16, show_spinner=False)
def _scored(
    infos: tuple[AssessmentInfo, ...], qid: str, version: str, last_change: int, principal: Principal
) -> dict[int, ScoredAssessment]:
    del last_change  # part of the cache key only
    q = get_catalog().versions[qid, version].questionnaire  # the page found this version before it asked
    return {c.assessment_id: c for c in Workspace(get_store(), principal).compared(infos, q)}


def ranking_shown(q: Questionnaire, table: pd.DataFrame, language: str) -> tuple[pd.DataFrame, dict]:
    """The ranking as the page shows it: headers in the screen's language, figures that still sort as numbers.

    Scores are rounded to one decimal and shown in the browser's number format ("localized");
    completeness as a whole percent.
    """
    columns = {"assessment": translate("report.assessment", language), "rank": translate("report.rank", language),
               "index": translate("results.index", language), "tier": translate("results.tier", language),
               "completeness": translate("results.completeness", language)}  # fmt: skip
    shown = pd.DataFrame({label: table[name] for name, label in columns.items()})
    shown[columns["index"]] = table["index"].astype("Float64").round(1)
    shown[columns["tier"]] = table["tier"].fillna(MISSING)
    shown[columns["completeness"]] = (table["completeness"].astype(float) * 100).round().astype("Int64")
    pillar_names = [q.text(p.name, language) for p in q.pillars]
    for p, name in zip(q.pillars, pillar_names, strict=True):
        shown[name] = table[p.id].astype("Float64").round(1)
    score = st.column_config.NumberColumn(format="localized")
    config = {columns["index"]: score, columns["completeness"]: st.column_config.NumberColumn(format="%d%%")}
    return shown, config | dict.fromkeys(pillar_names, score)


def peer_shown(q: Questionnaire, peer: pd.DataFrame, language: str) -> pd.DataFrame:
    """A peer group's mean and median per measure, in the screen's language."""
    return pd.DataFrame(
        {
            translate("compare.measure", language): [
                translate("results.index", language) if m == "index" else q.text(q.pillar(m).name, language)
                for m in peer["measure"]
            ],
            translate("compare.mean", language): [format_score(_number(v), language) for v in peer["mean"]],
            translate("compare.median", language): [format_score(_number(v), language) for v in peer["median"]],
            translate("compare.members", language): peer["n"],
        }
    )


def render_peer_groups_editor(language: str) -> None:
    names = dict(countries(language))
    with st.expander(translate("compare.define_group", language)), st.form("peer_group"):
        name = st.text_input(translate("compare.group_name", language), max_chars=120, key="group_name")
        members = st.multiselect(
            translate("compare.group_countries", language),
            list(names),
            format_func=names.__getitem__,
            key="group_countries",
            placeholder=translate("compare.choose", language),
        )
        if st.form_submit_button(translate("compare.save_group", language)):
            try:
                get_workspace().save_peer_group(name, members)
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, language)))
            else:
                st.success(translate("compare.group_saved", language, name=md_escape(name)))


def render_external_upload(language: str) -> None:
    """Upload, then a preview of what will be stored and skipped; nothing is stored before the button."""

    def text(key: str, **values: object) -> str:
        return translate(f"compare.indices_{key}", language, **values)

    def field(name: str) -> str:
        return text(f"field.{name}")

    with st.expander(translate("compare.import_indices", language)):
        st.caption(text("help"))
        upload = st.file_uploader(text("file"), type=["csv"], key="indices_csv")
        if upload is None:
            return
        try:  # with the name typed in the text input below, as this rerun's widget state has it
            preview = read_external_csv(upload.getvalue(), upload.name, widget_text("indices_instrument"))
        except InputError as exc:
            st.error(text("refused"))
            st.code("\n".join(str(p) for p in exc.problems), language=None)
            return
        st.markdown(f"**{text('mapping')}**")
        mapping = [(c.name, field(c.field) if c.field else text("not_used")) for c in preview.columns]
        st.dataframe(pd.DataFrame(mapping, columns=[text("column"), text("read_as")]), hide_index=True)
        if not preview.has_instrument_column:
            st.text_input(text("instrument"), max_chars=80, key="indices_instrument", help=text("instrument_help"))
        if preview.skipped:
            st.warning(text("skipped_lines", count=len(preview.skipped_lines)))
            named = {f: " / ".join(c.name for c in preview.columns if c.field == f) for f in preview.mapping.values()}
            skipped = [(p.line, named.get(p.path, ""), p.message) for p in preview.skipped]
            st.dataframe(pd.DataFrame(skipped, columns=[text("line"), text("column"), text("reason")]), hide_index=True)
        if preview.needs_instrument:
            st.info(text("name_it", count=preview.unnamed_rows))
            return
        if not preview.rows:
            st.error(text("none"))
            return
        st.markdown(f"**{text('rows', count=len(preview.rows))}**")
        columns = [field("instrument"), field("country"), text("code"), field("year"), field("score"), field("source")]
        rows = [
            (
                r.instrument,
                country_name(r.country, language),
                r.country,
                r.year,
                format_score(r.score, language),
                r.source,
            )
            for r in preview.rows
        ]
        st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True)
        if not st.button(translate("compare.import_rows", language, count=len(preview.rows)), key="import_indices"):
            return
        try:
            count, outside = get_workspace().save_external_scores(preview.rows)
        except AssessmentError as exc:
            st.error(md_escape(explain(exc, language)))
            return
        st.success(text("imported", count=count))
        if outside:
            countries = ", ".join(sorted({country_name(s.country, language) for s in outside}))
            st.warning(text("skipped", count=len(outside), countries=countries))


def render_trends(
    q: Questionnaire,
    items: list[ScoredAssessment],
    every: dict[int, ScoredAssessment],
    infos: list[AssessmentInfo],
    language: str,
) -> None:
    """Each chosen country's rounds, including those made with the version `q`'s crosswalk starts from."""
    st.subheader(translate("compare.trends", language))
    installed = [v.questionnaire for v in get_catalog().versions_of(q.id)]
    earlier = []
    for e in earlier_versions(q, installed):
        made_with_e = [i for i in infos if (i.questionnaire_id, i.questionnaire_version) == (e.id, e.version)]
        if made_with_e:
            earlier.append(Versioned(e, list(scored(made_with_e, e).values())))
    rounds = [c.country for c in every.values()] + [c.country for v in earlier for c in v.items]
    with_rounds = sorted({c.country for c in items if rounds.count(c.country) > 1})
    if not with_rounds:
        st.caption(translate("compare.no_trends", language))
        return
    country = st.selectbox(
        translate("compare.trend_country", language),
        with_rounds,
        format_func=lambda c: country_name(c, language),
        key="trend_country",
    )
    frame = trends(q, list(every.values()), country, language, earlier)
    st.plotly_chart(
        localised(trend_figure(frame, q.version, language), language),
        key="compare_trends",
        config={"displaylogo": False},
    )
    render_chart_summary(*trend_series(frame, language), language)
    older = sorted(set(frame["version"]) - {q.version})
    for version in older:
        e = next(v.questionnaire for v in earlier if v.questionnaire.version == version)
        changes = crosswalk_changes(q, e, language)
        st.caption(translate("compare.version_changed", language, old=version, new=q.version, changed=len(changes)))
        with st.expander(translate("compare.changed_indicators", language, old=version, new=q.version)):
            st.dataframe(
                changes.drop(columns=["from_id", "to_id"])
                .assign(change=lambda f: f["change"].map(lambda c: translate(f"change.{c}", language)))
                .rename(
                    columns={
                        "change": translate("compare.change", language),
                        "from": translate("compare.from_version", language, version=version),
                        "to": translate("compare.to_version", language, version=q.version),
                    }
                ),
                hide_index=True,
                width="stretch",
            )


def render_gci_lens(
    q: Questionnaire, items: list[ScoredAssessment], published: list[ExternalScore], language: str
) -> None:
    """Each chosen assessment seen through GCI's pillars, beside the country's latest published GCI score."""
    frame = gci_beside_published(q, items, published)
    if frame.empty:
        return
    st.subheader(translate("compare.gci_lens", language))
    st.caption(translate("compare.gci_lens_help", language))
    shown = pd.DataFrame(
        {
            translate("assessments.country", language): [country_name(c, language) for c in frame["country"]],
            translate("report.round", language): frame["round"],
            translate("compare.gci_lens_score", language): [
                format_score(_number(v), language) for v in frame["lens_score"]
            ],
            translate("compare.gci_pillars_scored", language): frame["lens_covered"],
            translate("compare.gci_published", language): [
                format_score(_number(v), language) for v in frame["published"]
            ],
            translate("compare.gci_year", language): [MISSING if pd.isna(y) else str(int(y)) for y in frame["year"]],
            translate("compare.gci_difference", language): [
                signed_difference(_number(a), _number(b), language)
                for a, b in zip(frame["lens_score"], frame["published"], strict=True)
            ],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    if frame["published"].isna().all():
        st.caption(translate("compare.gci_none_published", language))


def signed_difference(mine: float | None, published: float | None, language: str) -> str:
    """`+4,3`: the difference of the two figures as shown (rounded first, so the three always agree)."""
    if mine is None or published is None:
        return MISSING
    difference = round(round(mine, 1) - round(published, 1), 1)
    sign = "+" if difference > 0 else "−" if difference < 0 else "±"
    return sign + format_score(abs(difference), language)


def _number(value: float | None) -> float | None:
    """A cell of a pandas column as a float; None when it is empty (None, NaN or NA)."""
    return None if value is None or pd.isna(value) else float(value)


def render_ranking(q: Questionnaire, items: list[ScoredAssessment], language: str) -> None:
    """The ranking of each country's latest chosen round; every round only when the person asks for it."""
    st.subheader(translate("compare.ranking", language))
    every_round = st.toggle(
        translate("compare.rank_every_round", language),
        value=COMPARE_EVERY_ROUND.get_or(False),
        key="compare_every_round",
        help=translate("compare.rank_every_round_help", language),
    )
    COMPARE_EVERY_ROUND.set(every_round)
    ranked = items if every_round else latest_per_country(items)
    if len(ranked) < len(items):
        st.caption(translate("compare.latest_only", language, count=len(items) - len(ranked)))
    shown, column_config = ranking_shown(q, ranking(q, ranked, language), language)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config)


def render_compare_page() -> None:
    language = current_language()
    st.title(translate("compare.title", language))
    workspace, catalog = get_workspace(), get_catalog()
    infos = workspace.comparable()
    questionnaire_ids = sorted({i.questionnaire_id for i in infos if i.questionnaire_id in catalog.questionnaires})
    render_peer_groups_editor(language)
    render_external_upload(language)
    if not questionnaire_ids:
        st.info(translate("compare.none", language))
        return
    qid = questionnaire_ids[0]
    if len(questionnaire_ids) > 1:
        qid = st.selectbox(
            translate("assessments.questionnaire", language), questionnaire_ids, key="compare_questionnaire"
        )
    used = {i.questionnaire_version for i in infos if i.questionnaire_id == qid}
    versions = [v.questionnaire for v in reversed(catalog.versions_of(qid)) if v.questionnaire.version in used]
    q = versions[0]
    if len(versions) > 1:
        q = st.selectbox(
            translate("compare.version", language), versions, format_func=lambda v: v.version, key="compare_version"
        )
    candidates = {i.id: i for i in infos if i.questionnaire_id == qid and i.questionnaire_version == q.version}
    label = {i: f"{country_name(a.country, language)} · {a.round}" for i, a in candidates.items()}
    selections = COMPARE_SELECTIONS.get_or({})  # the widget's own key is dropped when the page is left
    memory = f"{qid}@{q.version}"
    chosen = st.multiselect(
        translate("compare.choose_assessments", language),
        list(candidates),
        default=[i for i in selections.get(memory, []) if i in candidates],
        format_func=label.__getitem__,
        key="compare_selection",
        placeholder=translate("compare.choose", language),
    )
    COMPARE_SELECTIONS.set(selections | {memory: list(chosen)})
    if not chosen:
        st.info(translate("compare.pick_some", language))
        return
    every = scored(list(candidates.values()), q)
    items = [every[i] for i in chosen]

    groups = {g.name: g for g in workspace.peer_groups()}
    group_name = st.selectbox(
        translate("compare.peer_group", language),
        [None, *groups],
        key="compare_group",
        format_func=lambda g: translate("compare.no_group", language) if g is None else g,
    )
    peers = None
    if group_name is not None:
        peers = peer_figures(q, group_name, groups[group_name].countries, list(every.values()))

    axes = pillar_axes(q, language)
    lines = comparison_radar(q, items, language, peer=None if peers is None else (peers.name, peers.means))
    if len(items) > MAX_ON_RADAR:
        st.caption(translate("compare.radar_limit", language, n=MAX_ON_RADAR))
    st.plotly_chart(
        localised(radar(axes, lines, language=language), language), key="compare_radar", config={"displaylogo": False}
    )
    render_chart_summary(axes, lines, language)

    render_ranking(q, items, language)
    if peers is not None:
        st.caption(translate("compare.peer_stats", language, name=md_escape(peers.name)))
        st.dataframe(peer_shown(q, peers.stats, language), hide_index=True)

    st.subheader(translate("compare.heatmap", language))
    stages = heatmap(q, items, language)
    st.plotly_chart(
        localised(heatmap_figure(stages, q, language), language), key="compare_heatmap", config={"displaylogo": False}
    )
    st.caption(translate("compare.heatmap_empty", language))
    with st.expander(translate("compare.heatmap_as_table", language)):
        st.dataframe(heatmap_table(stages, q, language), hide_index=True, width="stretch")

    render_trends(q, items, every, infos, language)

    st.subheader(translate("compare.external", language))
    st.caption(translate("compare.external_note", language))
    published = workspace.external_scores(sorted({c.country for c in items}))
    if published:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        translate("assessments.country", language): country_name(e.country, language),
                        translate("compare.instrument", language): e.instrument,
                        translate("compare.year", language): e.year,
                        translate("results.score", language): format_score(e.score, language),
                        translate("compare.source", language): e.source,
                    }
                    for e in published
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption(translate("compare.no_external", language))
    render_gci_lens(q, items, published, language)

    # The files are made when a button is clicked (a callable), not at every rerun of the page, from the
    # assessments as the page scored them (the exports read none of them again).
    ids = [c.assessment_id for c in items]
    report_language = file_language(
        q.languages, [candidates[i].language for i in ids], language, "compare_report_language"
    )
    earlier = earlier_versions(q, [v.questionnaire for v in catalog.versions_of(q.id)])
    request = FileRequest(tuple(ids), q, report_language, earlier=tuple(earlier), scored=tuple(items))
    stem = translate("file.comparison", report_language)
    if not render_download_buttons(COMPARISON, request, stem, language, "download_compare"):
        st.caption(translate("compare.no_export", language))
