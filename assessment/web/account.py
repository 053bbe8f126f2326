"""Signing in and out, and the one-time setup of the first administrator (from this computer only)."""

from __future__ import annotations

import hmac
import secrets
import sys

import streamlit as st

from ..errors import AssessmentError
from ..i18n import translate
from ..store.accounts import MIN_PASSWORD, SignInRefused, create_first_admin, sign_in
from .context import SIGNED_IN, get_store
from .safe import md_escape
from .state import current_language

SETUP_TOKEN = secrets.token_urlsafe(12)
"""Printed in the terminal that runs the server: whoever sets up the first administrator must see that terminal."""
_announced: list[bool] = []


def is_local_request() -> bool:
    """Streamlit reports no IP address for connections from this computer."""
    return st.context.ip_address is None


def announce_setup_token() -> None:
    if not _announced:
        _announced.append(True)
        sys.stderr.write(f"\nFirst administrator set-up code (type it on the set-up page): {SETUP_TOKEN}\n\n")
        sys.stderr.flush()


def render_setup_page() -> None:
    lang = current_language()
    st.title(translate("account.setup_title", lang))
    if not is_local_request():
        st.error(translate("account.setup_local_only", lang))
        return
    st.write(translate("account.setup_intro", lang))
    announce_setup_token()
    with st.form("setup"):
        code = st.text_input(translate("account.setup_code", lang), type="password", key="setup_code")
        username = st.text_input(translate("account.username", lang), key="setup_username")
        password = st.text_input(translate("account.password", lang), type="password", key="setup_password")
        again = st.text_input(translate("account.password_again", lang), type="password", key="setup_again")
        if st.form_submit_button(translate("account.create_admin", lang), type="primary"):
            if not hmac.compare_digest(code.strip(), SETUP_TOKEN):
                st.error(translate("account.setup_code_wrong", lang))
                return
            if password != again:
                st.error(translate("account.passwords_differ", lang))
                return
            if len(password) < MIN_PASSWORD:
                st.error(translate("account.password_short", lang, n=MIN_PASSWORD))
                return
            try:
                user = create_first_admin(get_store(), username, password)
            except AssessmentError as exc:
                st.error(md_escape(str(exc)))
                return
            st.session_state[SIGNED_IN] = user.id
            st.rerun()


def render_sign_in_page() -> None:
    lang = current_language()
    st.title(translate("account.sign_in_title", lang))
    with st.form("sign_in"):
        username = st.text_input(translate("account.username", lang), key="sign_in_username")
        password = st.text_input(translate("account.password", lang), type="password", key="sign_in_password")
        if st.form_submit_button(translate("account.sign_in", lang), type="primary"):
            try:
                person = sign_in(get_store(), username, password)
            except SignInRefused as exc:
                key = "account.wrong" if exc.minutes is None else "account.locked"
                st.error(translate(key, lang, minutes=exc.minutes))
                return
            st.session_state[SIGNED_IN] = person.user_id
            st.rerun()


def render_sign_out(username: str, role: str) -> None:
    lang = current_language()
    role_name = translate(f"role.{role}", lang)
    st.sidebar.caption(translate("account.signed_in_as", lang, name=md_escape(username), role=role_name))
    if st.sidebar.button(translate("account.sign_out", lang), key="sign_out"):
        st.session_state.clear()
        st.rerun()
