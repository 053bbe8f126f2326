"""Live workshop view: the combined results and the disagreements, refreshing by themselves.

Only the panel reruns (a Streamlit fragment on a timer), not the whole page, so it can
stay projected on a screen while respondents answer on their own devices.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from ..charts import Series, radar
from ..countries import country_name
from ..i18n import translate
from .context import Opened, get_workspace, opened_assessment
from .localise import clock_time, localised
from .results import render_divergence, render_headline, render_hidden_groups
from .safe import md_escape
from .state import current_language

INTERVALS = (5, 10, 30)


def render_live_panel(opened: Opened, lang: str) -> None:
    q, store = opened.questionnaire, get_workspace()
    results = store.results(opened.info.id, q)
    scores = results.scores
    render_headline(q, scores, results.respondents, lang)
    if scores.index is None:
        st.info(translate("results.no_answers", lang))
    else:
        groups = results.by_group
        lines = [Series(translate("results.current", lang), [p.score for p in scores.pillars])]
        lines += [Series(q.text(q.groups[g].name, lang), [p.score for p in s.pillars]) for g, s in groups.items()]
        st.plotly_chart(
            localised(radar([q.text(p.name, lang) for p in q.pillars], lines), lang), config={"displaylogo": False}
        )
        render_hidden_groups(results.hidden_groups, lang)
        render_divergence(q, scores, lang)
    st.caption(translate("live.updated", lang, time=clock_time(datetime.now(UTC), lang)))


def render_live_page() -> None:
    lang = current_language()
    opened = opened_assessment(lang)
    if opened is None:
        return
    info = opened.info
    st.title(f"{translate('nav.live', lang)}: {country_name(info.country, lang)} · {md_escape(info.round)}")
    seconds = st.segmented_control(
        translate("live.every", lang), INTERVALS, default=INTERVALS[0], format_func=lambda s: f"{s} s",
        key="live_interval", required=True,
    )  # fmt: skip

    @st.fragment(run_every=seconds)
    def panel() -> None:
        render_live_panel(opened, lang)

    panel()
