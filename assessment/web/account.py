"""Signing in and out, and the one-time setup of the first administrator (from this computer only)."""

from __future__ import annotations

import hmac
import os
import secrets
import sys

import streamlit as st

from ..errors import AssessmentError, LinkInvalid, NotEligible
from ..i18n import explain, translate
from ..store import invitations
from ..store.accounts import SignInRefused, create_first_admin, reset_user, sign_in, use_reset
from ..store.passwords import MIN_DISTINCT, MIN_LENGTH, broken_rule
from .context import get_catalog, get_store
from .safe import md_escape
from .server import DEVICE_COOKIE
from .session import begin, end_everywhere, path_with_params
from .state import AFTER_SIGN_IN, SESSION_ENDED, current_language
from .styles import render_page_styles

SETUP_TOKEN = secrets.token_urlsafe(12)
"""Printed in the terminal that runs the server: whoever sets up the first administrator must see that terminal."""
_announced: list[bool] = []
NO_AUTOLINK = "\u2060"
"""An invisible word joiner put before a user name shown in Markdown. GitHub-flavoured Markdown turns an e-mail
address into a mailto link only after a space, punctuation or the start of the text; after this character the
name stays plain text (a link in the sidebar's faded caption lacked contrast and sent nobody anywhere)."""


def is_local_request() -> bool:
    """Streamlit reports no IP address for connections from this computer."""
    return st.context.ip_address is None


def password_message(rule: str, language: str) -> str:
    """A broken password rule (store/passwords.py), in the screen's language."""
    return translate(f"password.{rule}", language, n=MIN_DISTINCT if rule == "distinct" else MIN_LENGTH)


def client_address() -> str | None:
    """The browser's address, for slowing down password guessing per address.

    Behind a reverse proxy every browser seems to come from the proxy; with
    ASSESSMENT_TRUST_PROXY=1 the proxy's X-Forwarded-For is used
    instead: the last address of X-Forwarded-For, the one the proxy itself added (a
    browser can put anything before it). Set it only when such a proxy is the sole way in.
    """
    if os.environ.get("ASSESSMENT_TRUST_PROXY") == "1":
        forwarded = st.context.headers.get("X-Forwarded-For") if st.context.headers else None
        if isinstance(forwarded, str) and forwarded.strip():
            return forwarded.split(",")[-1].strip()[:64]
    address = st.context.ip_address
    return address if isinstance(address, str) else None


def announce_setup_token() -> None:
    if not _announced:
        _announced.append(True)
        sys.stderr.write(f"\nFirst administrator set-up code (type it on the set-up page): {SETUP_TOKEN}\n\n")
        sys.stderr.flush()


def render_setup_page() -> None:
    language = current_language()
    render_page_styles()
    st.title(translate("account.setup_title", language))
    if not is_local_request():
        st.error(translate("account.setup_local_only", language))
        return
    st.write(translate("account.setup_intro", language))
    announce_setup_token()
    with st.form("setup"):
        code = st.text_input(translate("account.setup_code", language), type="password", key="setup_code")
        username = st.text_input(translate("account.username", language), key="setup_username")
        password = st.text_input(translate("account.password", language), type="password", key="setup_password")
        again = st.text_input(translate("account.password_again", language), type="password", key="setup_again")
        if st.form_submit_button(translate("account.create_admin", language), type="primary"):
            if not hmac.compare_digest(code.strip(), SETUP_TOKEN):
                st.error(translate("account.setup_code_wrong", language))
                return
            if password != again:
                st.error(translate("account.passwords_differ", language))
                return
            if (rule := broken_rule(password, username)) is not None:
                st.error(password_message(rule, language))
                return
            try:
                user = create_first_admin(get_store(), username, password)
            except AssessmentError as exc:
                st.error(md_escape(explain(exc, language)))
                return
            begin(user.id, "/", translate("account.signed_in", language))


def render_sign_in_page() -> None:
    language = current_language()
    render_page_styles()
    st.title(translate("account.sign_in_title", language))
    if SESSION_ENDED.get():
        st.warning(translate("account.session_ended", language))
    with st.form("sign_in"):
        username = st.text_input(translate("account.username", language), key="sign_in_username")
        password = st.text_input(translate("account.password", language), type="password", key="sign_in_password")
        if st.form_submit_button(translate("account.sign_in", language), type="primary"):
            try:
                cookies = st.context.cookies
                device = cookies.get(DEVICE_COOKIE) if cookies else None
                person = sign_in(get_store(), username, password, address=client_address(),
                                 device=device if isinstance(device, str) else None)  # fmt: skip
            except SignInRefused as exc:
                key = "account.wrong" if exc.minutes is None else "account.locked"
                st.error(translate(key, language, minutes=exc.minutes))
                return
            page, params = AFTER_SIGN_IN.get_or(("assessments", {}))
            begin(person.user_id, path_with_params(page, params), translate("account.signed_in", language))


def render_sign_out(user_id: int, username: str, role: str) -> None:
    language = current_language()
    render_page_styles()
    role_name = translate(f"role.{role}", language)
    name = NO_AUTOLINK + md_escape(username)
    st.sidebar.caption(translate("account.signed_in_as", language, name=name, role=role_name))
    if st.sidebar.button(
        translate("account.sign_out", language), key="sign_out", help=translate("account.sign_out_help", language)
    ):
        end_everywhere(user_id)


def render_accept_invitation(code: str) -> None:
    """An invitation link: set a password (or confirm one's own), then straight to the Answer page."""
    language = current_language()
    render_page_styles()
    store = get_store()
    found = invitations.find(store, code)
    st.title(translate("invite.welcome", language))
    if found is None:
        st.error(translate("invite.invalid", language))
        return
    info = store.assessment(found.assessment_id)
    loaded = get_catalog().find(info.questionnaire_id, info.questionnaire_version)
    if loaded is None:
        st.error(translate("common.questionnaire_missing", language, id=info.questionnaire_id,
                           version=info.questionnaire_version))  # fmt: skip
        return
    q = loaded.questionnaire
    st.write(translate("invite.intro", language, name=md_escape(found.name),
                       country=md_escape(info.display_subject(language)), round=md_escape(info.round),
                       group=q.text(q.groups[found.group].name, language)))  # fmt: skip
    existing = invitations.has_account(store, found.email)
    with st.form("accept_invitation"):
        st.text_input(translate("account.username", language), value=found.email, disabled=True, key="invite_email")
        password = st.text_input(translate("invite.existing_password" if existing else "invite.new_password", language),
                                 type="password", key="invite_password")  # fmt: skip
        again = "" if existing else st.text_input(translate("account.password_again", language), type="password",
                                                  key="invite_again")  # fmt: skip
        if st.form_submit_button(translate("invite.accept", language), type="primary"):
            if not existing and password != again:
                st.error(translate("account.passwords_differ", language))
                return
            if not existing and (rule := broken_rule(password, found.email)) is not None:
                st.error(password_message(rule, language))
                return
            try:
                user_id, respondent_id = invitations.accept(
                    store, code, password, questionnaire=q, address=client_address()
                )
            except SignInRefused as exc:  # an existing account's password, checked like any sign-in
                st.error(translate("account.wrong" if exc.minutes is None else "account.locked", language,
                                   minutes=exc.minutes))  # fmt: skip
                return
            except LinkInvalid:
                st.error(translate("invite.invalid", language))
                return
            except NotEligible:
                st.error(translate("invite.not_respondent", language))
                return
            except AssessmentError as exc:
                st.error(translate("invite.not_accepted", language))
                st.caption(md_escape(explain(exc, language)))
                return
            params = {"a": str(info.id), "r": str(respondent_id), "lang": language}
            begin(user_id, path_with_params("answer", params), translate("account.signed_in", language))


def render_reset_password(code: str) -> None:
    """A one-time set-password link (new account or reset): choose a password, then sign in."""
    language = current_language()
    render_page_styles()
    user = reset_user(get_store(), code)
    st.title(translate("reset.title", language))
    if user is None:
        st.error(translate("reset.invalid", language))
        return
    with st.form("reset_password"):
        st.text_input(translate("account.username", language), value=user.username, disabled=True, key="reset_username")
        password = st.text_input(translate("invite.new_password", language), type="password", key="reset_password")
        again = st.text_input(translate("account.password_again", language), type="password", key="reset_again")
        if st.form_submit_button(translate("reset.save", language), type="primary"):
            if password != again:
                st.error(translate("account.passwords_differ", language))
                return
            if (rule := broken_rule(password, user.username)) is not None:
                st.error(password_message(rule, language))
                return
            try:
                use_reset(get_store(), code, password)
            except LinkInvalid:
                st.error(translate("reset.invalid", language))
                return
            begin(
                user.id, path_with_params("assessments", {"lang": language}), translate("account.signed_in", language)
            )
