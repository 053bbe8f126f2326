"""Who is signed in in this browser tab: from the tab's state, else from the session cookie.

A tab keeps the person's user id and session id in its Streamlit session state. A new
tab, a reload or a reconnection after a server restart starts with an empty state: the
session is then resumed from the HttpOnly cookie that `/auth/session` set (see
web/server.py). At each rerun the session is checked, so signing out in one tab, an
account being disabled or the idle timeout ends it in every tab.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import streamlit as st

from ..i18n import translate
from ..store import sessions
from . import state
from .resources import get_store
from .server import COOKIE
from .state import (
    PENDING_REDIRECT,
    SESSION_ENDED,
    SIGNED_IN_SESSION,
    SIGNED_IN_USER,
    current_language,
    forget_sign_in,
    mark_session_checked,
    session_checked_within,
)

SIGNED_IN = SIGNED_IN_USER.key
"""The session key a test harness sets to sign a tab in without a browser session."""
RECHECK_SECONDS = 2.0
"""How long a check that the session is alive holds: signing out elsewhere reaches this tab within it."""


def current_user_id() -> int | None:
    """The signed-in person's user id, or None (then the app shows the sign-in page)."""
    session_id = SIGNED_IN_SESSION.get()
    if session_id is not None:
        # One rerun asks several times (the shell, the page, each callback): the database once.
        if session_checked_within(RECHECK_SECONDS):
            return SIGNED_IN_USER.get()
        if sessions.touch(get_store(), session_id):
            mark_session_checked()
            return SIGNED_IN_USER.get()
        forget()
        SESSION_ENDED.set(True)
        return None
    if SIGNED_IN_USER.is_set():  # signed in by a test harness, without a browser session
        return SIGNED_IN_USER.get()
    token = st.context.cookies.get(COOKIE) if st.context.cookies else None
    if not isinstance(token, str) or not token:
        return None
    found = sessions.resume(get_store(), token)
    if found is None:
        SESSION_ENDED.set(True)
        return None
    SIGNED_IN_USER.set(found.user_id)
    SIGNED_IN_SESSION.set(found.id)
    return found.user_id


def begin(user_id: int, next_path: str, message: str) -> None:
    """Sign this tab in, and have the next run send the browser once through `/auth/session` for the cookie.

    The browser then loads `next_path` afresh, signed in by the cookie; `message` (with a
    link, should scripts be blocked) shows meanwhile.
    """
    info, code = sessions.start(get_store(), user_id)
    SIGNED_IN_USER.set(user_id)
    SIGNED_IN_SESSION.set(info.id)
    SESSION_ENDED.pop()
    PENDING_REDIRECT.set(("/auth/session?" + urlencode({"code": code, "next": next_path}), message))
    st.rerun()


def end_everywhere(user_id: int) -> None:
    """Sign the person out of every browser; the next run sends this one to forget its cookie."""
    sessions.end_all(get_store(), user_id)
    language = state.remembered_language()
    state.forget_everything()
    after = "/" + (f"?{urlencode({state.LANGUAGE_PARAM: language})}" if language else "")
    PENDING_REDIRECT.set(("/auth/sign-out?" + urlencode({"next": after}), ""))
    st.rerun()


def follow_pending_redirect() -> None:
    """At the top of a run: if signing in or out left a redirect to make, make it and stop there."""
    pending = PENDING_REDIRECT.pop()
    if pending is None:
        return
    target, message = pending
    redirect(target)
    if message:
        st.success(message)
    st.link_button(translate("answer.continue", current_language()), target)  # should scripts be blocked
    st.stop()


def forget() -> None:
    forget_sign_in()


def redirect(url: str) -> None:
    """Send the browser to a path of this site (a full page load, so that cookies are set or cleared)."""
    st.html(f"<script>window.location.replace({json.dumps(url)});</script>", unsafe_allow_javascript=True)


def path_with_params(page: str, params: dict[str, str]) -> str:
    """The address of one of the app's pages, for after a redirect."""
    path = "/" if page == "assessments" else f"/{page}"
    return path + (f"?{urlencode(params)}" if params else "")
