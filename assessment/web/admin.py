"""Administration: accounts, roles and scopes (administrators; facilitators for their countries).

Nobody ever sees a password: a new account and a password reset both give a one-time
set-password link. Every change goes through the access-checked Workspace and is audited.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..access import ROLES, Role
from ..countries import countries, country_name
from ..errors import AssessmentError
from ..i18n import explain, translate
from ..store.accounts import SCOPE_ROLES
from .context import get_workspace
from .invitations import base_url
from .safe import md_escape
from .state import ADMIN_LAST_LINK, current_language


def reset_link(code: str) -> str:
    return f"{base_url()}/?reset={code}"


def render_user_list(language: str) -> dict[int, object]:
    workspace = get_workspace()
    people = workspace.manageable_users()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    translate("account.username", language): u.username,
                    translate("admin.name", language): u.display_name,
                    translate("admin.role", language): translate(f"role.{u.role}", language),
                    translate("admin.active", language): u.active,
                }
                for u in people
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    return {u.id: u for u in people}


def render_add_user(language: str) -> None:
    workspace = get_workspace()
    names = dict(countries(language))
    is_admin = workspace.principal.role == Role.ADMINISTRATOR
    with st.form("add_user"):
        st.header(translate("admin.add", language))
        username = st.text_input(translate("account.username", language), max_chars=200, key="add_username")
        display = st.text_input(translate("admin.name", language), max_chars=200, key="add_display")
        roles = list(ROLES) if is_admin else ["viewer"]
        role = st.selectbox(translate("admin.role", language), roles,
                            format_func=lambda r: translate(f"role.{r}", language), key="add_role")  # fmt: skip
        allowed = sorted(names) if is_admin else sorted(workspace.principal.countries)
        country = st.selectbox(translate("admin.country", language), [None, *allowed], key="add_country",
                               format_func=lambda c: "—" if c is None else names.get(c, c))  # fmt: skip
        if st.form_submit_button(translate("admin.create", language), type="primary"):
            try:
                code = workspace.add_user(username, role, display_name=display, country=country)
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, language)))
                return
            ADMIN_LAST_LINK.set((username.strip().lower(), reset_link(code)))
            st.rerun()


def render_user_actions(people: dict, language: str) -> None:
    workspace = get_workspace()
    people = {i: u for i, u in people.items() if i != workspace.principal.user_id}  # not one's own account
    if not people:
        return
    st.header(translate("admin.change", language))
    user_id = st.selectbox(translate("admin.user", language), list(people), key="admin_user",
                           format_func=lambda i: people[i].username)  # fmt: skip
    user = people[user_id]
    scopes = workspace.user_scopes(user_id)
    if scopes:
        st.caption(translate("admin.scopes", language))
        for scope in scopes:
            invited = translate("admin.invited_to", language, assessment=scope.assessment_id, group=scope.group)
            label = country_name(scope.country, language) if scope.country else invited
            left, right = st.columns([4, 1])
            left.write(md_escape(label))
            if right.button(translate("admin.revoke", language), key=f"revoke_scope_{scope.id}"):
                workspace.revoke_scope(user_id, scope.id)
                st.rerun()
    cols = st.columns(4)
    if user.active and cols[0].button(translate("admin.disable", language), key="disable_user"):
        workspace.set_user_active(user_id, False)
        st.rerun()
    if not user.active and cols[0].button(translate("admin.enable", language), key="enable_user"):
        workspace.set_user_active(user_id, True)
        st.rerun()
    if cols[1].button(translate("admin.reset", language), key="reset_user"):
        ADMIN_LAST_LINK.set((user.username, reset_link(workspace.reset_password(user_id))))
        st.rerun()
    if cols[2].button(translate("admin.unlock", language), key="unlock_user"):
        count = workspace.unlock(user_id)
        st.success(translate("admin.unlocked", language, count=count))
    if workspace.principal.role == Role.ADMINISTRATOR:
        role = cols[3].selectbox(translate("admin.role", language), ROLES, index=ROLES.index(user.role),
                                 format_func=lambda r: translate(f"role.{r}", language), key="set_role")  # fmt: skip
        if role != user.role:
            workspace.set_user_role(user_id, role)
            st.rerun()
    names = dict(countries(language))
    allowed = sorted(names) if workspace.principal.role == Role.ADMINISTRATOR else sorted(workspace.principal.countries)
    if user.role in SCOPE_ROLES["country"]:
        left, right = st.columns([3, 1])
        country = left.selectbox(translate("admin.country", language), allowed, key="grant_country",
                                 format_func=lambda c: names.get(c, c))  # fmt: skip
        if right.button(translate("admin.grant", language), key="grant_user"):
            try:
                workspace.grant_country(user_id, country)
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, language)))
            else:
                st.rerun()


def render_admin_page() -> None:
    language = current_language()
    st.title(translate("nav.admin", language))
    if (last := ADMIN_LAST_LINK.get()) is not None:
        st.success(translate("admin.link", language, user=md_escape(last[0])))
        st.code(last[1], language=None)
        st.caption(translate("admin.link_once", language))
    people = render_user_list(language)
    render_user_actions(people, language)
    render_add_user(language)
