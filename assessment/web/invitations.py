"""Invitations: invite respondents in bulk, hand out their links, follow their progress.

Links are shown once, when made (only their hashes are stored): the page keeps the last
batch in the session so the facilitator can copy them or download them as CSV.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from urllib.parse import urlencode, urlparse

import pandas as pd
import streamlit as st

from ..errors import AssessmentError, InputError
from ..exchange.invitees import parse_invitees
from ..exchange.tabular import safe_cell
from ..i18n import explain, translate
from ..model import Questionnaire
from .context import Opened, assessment_title, get_workspace, opened_assessment
from .localise import clock_moment
from .safe import md_escape
from .state import INVITATION_LINKS, current_language


def base_url() -> str:
    """The address of this app as the browser sees it, for the links."""
    parts = urlparse(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "http://127.0.0.1:8501"


def invitation_link(code: str, language: str) -> str:
    """The link a person opens: in the assessment's language, which they answer in."""
    return f"{base_url()}/?{urlencode({'invite': code, 'lang': language})}"


def links_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["name"], lineterminator="\n")
    writer.writeheader()
    writer.writerows([{k: safe_cell(v) for k, v in row.items()} for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def local(moment: datetime | None, language: str) -> str:
    return "" if moment is None else clock_moment(moment, language)


def render_invite_form(opened: Opened, language: str) -> None:
    q = opened.questionnaire
    groups = ", ".join(f"`{g.id}`" for g in q.stakeholder_groups)
    with st.form("invite"):
        st.header(translate("invite.new", language))
        st.caption(translate("invite.help", language, groups=groups))
        pasted = st.text_area(translate("invite.paste", language), height=140, key="invite_paste",
                              placeholder="name,email,organisation,group")  # fmt: skip
        upload = st.file_uploader(translate("invite.upload", language), type=["csv", "txt"], key="invite_csv")
        submitted = st.form_submit_button(translate("invite.create", language), type="primary")
    if not submitted:
        return
    raw = upload.getvalue() if upload is not None else pasted
    try:
        people = parse_invitees(raw, q, upload.name if upload is not None else translate("invite.pasted", language))
        made = get_workspace().invite(opened.info.id, people, q)
    except InputError as exc:
        st.error(translate("invite.refused", language))
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        return
    except AssessmentError as exc:
        st.error(md_escape(explain(exc, language)))
        return
    INVITATION_LINKS.set(
        [
            {
                "name": i.name,
                "email": i.email,
                "group": q.text(q.groups[i.group].name, language),
                "link": invitation_link(c, opened.info.language),
            }
            for i, c in made
        ]
    )
    st.success(translate("invite.created", language, count=len(made)))


def render_links(language: str) -> None:
    rows = INVITATION_LINKS.get()
    if not rows:
        return
    st.header(translate("invite.links", language))
    st.caption(translate("invite.links_once", language))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"link": st.column_config.TextColumn(width="large")})  # fmt: skip
    name = translate("file.invitations", language)
    st.download_button(translate("invite.download", language), links_csv(rows), file_name=f"{name}.csv",
                       mime="text/csv", key="download_links")  # fmt: skip


def render_tracker(opened: Opened, language: str) -> None:
    q: Questionnaire = opened.questionnaire
    progress = get_workspace().invitation_progress(opened.info.id, q)
    st.header(translate("invite.tracker", language))
    if not progress:
        st.caption(translate("invite.none", language))
        return
    table = pd.DataFrame(
        [
            {
                translate("invite.name", language): p.invitation.name,
                translate("invite.email", language): p.invitation.email,
                translate("invite.group", language): q.text(q.groups[p.invitation.group].name, language),
                translate("invite.status", language): translate(f"invite.status_{p.status}", language),
                translate("invite.answered", language): 100 * p.share,
                translate("invite.of", language): f"{p.answered}/{p.asked}",
                translate("invite.last_activity", language): local(p.last_activity, language),
            }
            for p in progress
        ]
    )
    answered = st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%")
    st.dataframe(table, hide_index=True, width="stretch", key="invitation_tracker",
                 column_config={translate("invite.answered", language): answered})  # fmt: skip
    open_ones = {p.invitation.id: p for p in progress if p.status != "accepted"}
    if not open_ones:
        return
    chosen = st.selectbox(
        translate("invite.choose", language),
        list(open_ones),
        format_func=lambda i: f"{open_ones[i].invitation.name} · {open_ones[i].invitation.email}",
        key="invitation_choice",
    )
    resend, revoke = st.columns(2)
    if resend.button(translate("invite.resend", language), key="resend_invitation"):
        code = get_workspace().resend_invitation(opened.info.id, chosen)
        person = open_ones[chosen].invitation
        INVITATION_LINKS.set([{"name": person.name, "email": person.email,
                               "group": q.text(q.groups[person.group].name, language),
                               "link": invitation_link(code, opened.info.language)}])  # fmt: skip
        st.rerun()
    if revoke.button(translate("invite.revoke", language), key="revoke_invitation"):
        get_workspace().revoke_invitation(opened.info.id, chosen)
        st.rerun()


def render_invitations_page() -> None:
    language = current_language()
    opened = opened_assessment(language)
    if opened is None:
        return
    st.title(assessment_title(opened.info, language, "nav.invitations"))
    render_invite_form(opened, language)
    render_links(language)
    render_tracker(opened, language)
