"""Live workshop view: the combined results and the disagreements, refreshing by themselves.

Only the panel reruns (a Streamlit fragment on a timer), not the whole page, so it can
stay projected on a screen while respondents answer on their own devices. The projection
mode (`?full=1`, or the toggle) hides the sidebar and Streamlit's header and writes larger.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from ..charts.data import assessment_radar, pillar_axes
from ..charts.figures import radar
from ..i18n import translate
from .context import Opened, assessment_title, get_workspace, opened_assessment
from .localise import clock_time, localised
from .results import render_chart_summary, render_divergence, render_headline, render_hidden_groups
from .state import current_language, forget_param, set_param, url_param, widget

INTERVALS = (5, 10, 30)
PROJECTION_PARAM = "full"

PROJECTION_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stAppHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.5rem 3rem 2rem !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] td, [data-testid="stMain"] th,
[data-testid="stMain"] label { font-size: 1.45rem !important; }
[data-testid="stMain"] h1 { font-size: 3rem !important; }
[data-testid="stMain"] h2 { font-size: 2.2rem !important; }
[data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: 1.6rem !important; }
[data-testid="stMain"] [data-testid="stMetricValue"], [data-testid="stMain"] [data-testid="stMetricValue"] div,
[data-testid="stMain"] [data-testid="stMetricValue"] p { font-size: 4rem !important; line-height: 1.2 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.25rem !important; }
</style>"""
"""Fixed CSS, no text from anyone: the projection mode's look."""

PROJECTION_FONT = 20
PROJECTION_HEIGHT = 680


def is_projecting() -> bool:
    """Whether the page is in projection mode (kept in the URL, so a reload of the projector stays in it)."""
    return url_param(PROJECTION_PARAM) == "1"


def render_projection_toggle(language: str) -> bool:
    """The switch into and out of projection mode, always at the top of the page (the way out stays in view)."""

    def changed() -> None:
        if widget("live_projection").get():
            set_param(PROJECTION_PARAM, "1")
        else:
            forget_param(PROJECTION_PARAM)

    on = st.toggle(
        translate("live.projection", language),
        value=is_projecting(),
        key="live_projection",
        on_change=changed,
        help=translate("live.projection_help", language),
    )
    if on:
        st.html(PROJECTION_STYLE)
    return on


def render_live_panel(opened: Opened, language: str, projecting: bool = False) -> None:
    q, store = opened.questionnaire, get_workspace()
    results = store.results(opened.info.id, q)
    scores = results.scores
    render_headline(q, scores, len(results.respondents), language)
    if scores.index is None:
        st.info(translate("results.no_answers", language))
    else:
        axes = pillar_axes(q, language)
        lines = assessment_radar(q, scores, language, groups=results.by_group)
        figure = radar(axes, lines, language=language)
        if projecting:
            larger = {"size": PROJECTION_FONT}
            figure.update_layout(
                font=larger, legend={"font": larger}, height=PROJECTION_HEIGHT, margin={"t": 110, "l": 180, "r": 180}
            )
            figure.update_polars(angularaxis_tickfont=larger, radialaxis_tickfont=larger)
        st.plotly_chart(localised(figure, language), config={"displaylogo": False})
        render_chart_summary(axes, lines, language)
        render_hidden_groups(results.hidden_groups, language)
        render_divergence(q, scores, language)
    st.caption(translate("live.updated", language, time=clock_time(datetime.now(UTC), language)))


def render_live_page() -> None:
    language = current_language()
    opened = opened_assessment(language)
    if opened is None:
        return
    info = opened.info
    st.title(assessment_title(info, language, "nav.live"))
    left, right = st.columns([2, 1])
    with left:
        seconds = st.segmented_control(
            translate("live.every", language), INTERVALS, default=INTERVALS[0], format_func=lambda s: f"{s} s",
            key="live_interval", required=True,
        )  # fmt: skip
    with right:
        projecting = render_projection_toggle(language)

    @st.fragment(run_every=seconds)
    def panel() -> None:
        render_live_panel(opened, language, projecting)

    panel()
