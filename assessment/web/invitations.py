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

from ..countries import country_name
from ..errors import AssessmentError, InputError
from ..exchange.invitees import parse_invitees
from ..exchange.tabular import safe_cell
from ..i18n import explain, translate
from ..model import Questionnaire
from .context import Opened, get_workspace, opened_assessment
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


def local(moment: datetime | None, lang: str) -> str:
    return "" if moment is None else clock_moment(moment, lang)


def render_invite_form(opened: Opened, lang: str) -> None:
    q = opened.questionnaire
    groups = ", ".join(f"`{g.id}`" for g in q.stakeholder_groups)
    with st.form("invite"):
        st.header(translate("invite.new", lang))
        st.caption(translate("invite.help", lang, groups=groups))
        pasted = st.text_area(translate("invite.paste", lang), height=140, key="invite_paste",
                              placeholder="name,email,organisation,group")  # fmt: skip
        upload = st.file_uploader(translate("invite.upload", lang), type=["csv", "txt"], key="invite_csv")
        submitted = st.form_submit_button(translate("invite.create", lang), type="primary")
    if not submitted:
        return
    raw = upload.getvalue() if upload is not None else pasted
    try:
        people = parse_invitees(raw, q, upload.name if upload is not None else translate("invite.pasted", lang))
        made = get_workspace().invite(opened.info.id, people, q)
    except InputError as exc:
        st.error(translate("invite.refused", lang))
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        return
    except AssessmentError as exc:
        st.error(md_escape(explain(exc, lang)))
        return
    INVITATION_LINKS.set(
        [
            {
                "name": i.name,
                "email": i.email,
                "group": q.text(q.groups[i.group].name, lang),
                "link": invitation_link(c, opened.info.language),
            }
            for i, c in made
        ]
    )
    st.success(translate("invite.created", lang, count=len(made)))


def render_links(lang: str) -> None:
    rows = INVITATION_LINKS.get()
    if not rows:
        return
    st.header(translate("invite.links", lang))
    st.caption(translate("invite.links_once", lang))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"link": st.column_config.TextColumn(width="large")})  # fmt: skip
    name = translate("file.invitations", lang)
    st.download_button(translate("invite.download", lang), links_csv(rows), file_name=f"{name}.csv",
                       mime="text/csv", key="download_links")  # fmt: skip


def render_tracker(opened: Opened, lang: str) -> None:
    q: Questionnaire = opened.questionnaire
    progress = get_workspace().invitation_progress(opened.info.id, q)
    st.header(translate("invite.tracker", lang))
    if not progress:
        st.caption(translate("invite.none", lang))
        return
    table = pd.DataFrame(
        [
            {
                translate("invite.name", lang): p.invitation.name,
                translate("invite.email", lang): p.invitation.email,
                translate("invite.group", lang): q.text(q.groups[p.invitation.group].name, lang),
                translate("invite.status", lang): translate(f"invite.status_{p.status}", lang),
                translate("invite.answered", lang): 100 * p.share,
                translate("invite.of", lang): f"{p.answered}/{p.asked}",
                translate("invite.last_activity", lang): local(p.last_activity, lang),
            }
            for p in progress
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch", key="invitation_tracker", column_config={
        translate("invite.answered", lang): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%")
    })  # fmt: skip
    open_ones = {p.invitation.id: p for p in progress if p.status != "accepted"}
    if not open_ones:
        return
    chosen = st.selectbox(
        translate("invite.choose", lang),
        list(open_ones),
        format_func=lambda i: f"{open_ones[i].invitation.name} · {open_ones[i].invitation.email}",
        key="invitation_choice",
    )
    resend, revoke = st.columns(2)
    if resend.button(translate("invite.resend", lang), key="resend_invitation"):
        code = get_workspace().resend_invitation(opened.info.id, chosen)
        person = open_ones[chosen].invitation
        INVITATION_LINKS.set([{"name": person.name, "email": person.email,
                               "group": q.text(q.groups[person.group].name, lang),
                               "link": invitation_link(code, opened.info.language)}])  # fmt: skip
        st.rerun()
    if revoke.button(translate("invite.revoke", lang), key="revoke_invitation"):
        get_workspace().revoke_invitation(opened.info.id, chosen)
        st.rerun()


def render_invitations_page() -> None:
    lang = current_language()
    opened = opened_assessment(lang)
    if opened is None:
        return
    st.title(f"{translate('nav.invitations', lang)}: {country_name(opened.info.country, lang)} · "
             f"{md_escape(opened.info.round)}")  # fmt: skip
    render_invite_form(opened, lang)
    render_links(lang)
    render_tracker(opened, lang)
