"""The benchmark's bare page: the widgets of one Answer page pillar, each radio change written to SQLite.

`streamlit run bench/bare_page.py` (or AppTest.from_file), with BARE_PAGE_SPEC naming a JSON
file that bench/web.py writes from the questionnaire (each indicator's title, question,
options and labels, guidance, and the page's words), and BARE_PAGE_DB the SQLite file to
write to. It imports nothing of the app: it is the yardstick the Answer page is measured
against, with the same kind of write (WAL, a full fsync at each commit, one transaction
per change) and the same bordered block keyed `indicator-<id>` per indicator.

`?widgets=radios` draws each indicator's title, question, radio and saved state only (the
yardstick of issue 13's first figures); by default the block holds the Answer page's other
widgets too (the guidance and evidence expanders, the review box, the three text areas).
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path

import streamlit as st

SPEC = json.loads(Path(os.environ["BARE_PAGE_SPEC"]).read_text(encoding="utf-8"))


@st.cache_resource
def database() -> sqlite3.Connection:
    connection = sqlite3.connect(os.environ["BARE_PAGE_DB"], isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(
        "CREATE TABLE IF NOT EXISTS answer (respondent TEXT, indicator TEXT, choice TEXT, saved_at TEXT,"
        " PRIMARY KEY (respondent, indicator))"
    )
    return connection


def save(respondent: str, indicator: str, key: str) -> None:
    saved_at = datetime.now().astimezone()
    connection = database()
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT OR REPLACE INTO answer VALUES (?, ?, ?, ?)",
        (respondent, indicator, str(st.session_state[key]), saved_at.isoformat()),
    )
    connection.execute("COMMIT")
    st.session_state.setdefault("saved", {})[indicator] = saved_at


def render_other_widgets(indicator: dict, key: str) -> None:
    words = SPEC["words"]
    st.checkbox(words["review"], key=f"{key}:review")
    with st.expander(words["evidence_and_comments"]):
        st.caption(indicator["evidence"])
        st.text_area(words["evidence"], key=f"{key}:evidence", max_chars=20_000)
        st.text_area(words["links"], key=f"{key}:links", height=68)
        st.text_area(words["comment"], key=f"{key}:comment", max_chars=20_000)


def main() -> None:
    respondent = st.query_params.get("r", "1")
    everything = st.query_params.get("widgets") != "radios"
    st.title(SPEC["title"])
    saved = st.session_state.get("saved", {})
    for indicator in SPEC["indicators"]:
        labels = dict(zip(indicator["options"], indicator["labels"], strict=True))
        key = f"bare:{respondent}:{indicator['id']}"
        block = "indicator-" + indicator["id"].replace(".", "-")
        with st.container(border=True, key=block):
            st.markdown(f"### {indicator['title']}")
            st.markdown(indicator["question"])
            if everything and indicator["guidance"]:
                with st.expander(SPEC["words"]["guidance"]):
                    st.markdown(indicator["guidance"])
            st.radio(SPEC["choose"], indicator["options"], index=None, format_func=labels.__getitem__, key=key,
                     horizontal=indicator["horizontal"], on_change=save,
                     args=(respondent, indicator["id"], key))  # fmt: skip
            if everything:
                render_other_widgets(indicator, key)
            when = saved.get(indicator["id"])
            with st.container(key=f"saved-{block}"):
                if when is None:
                    st.caption(SPEC["not_answered"])
                else:
                    st.caption(f":green[✓ {SPEC['saved'].format(time=when.strftime('%H:%M:%S'))}]")


main()
