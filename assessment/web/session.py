"""Who is signed in in this browser tab: from the tab's state, else from the session cookie.

A tab keeps the person's user id and session id in its Streamlit session state. A new
tab, a reload or a reconnection after a server restart starts with an empty state: the
session is then resumed from the HttpOnly cookie that `/auth/session` set (see
web/server.py). At each rerun the session is checked, so signing out in one tab, an
account being disabled or the idle timeout ends it in every tab.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import streamlit as st

from ..i18n import translate
from ..store import sessions
from .resources import get_store
from .server import COOKIE
from .state import current_language

SIGNED_IN = "signed_in_user"
SESSION = "signed_in_session"
ENDED = "session_ended"
PENDING = "redirect_pending"
CHECKED = "session_checked_at"
RECHECK_SECONDS = 2.0
"""How long a check that the session is alive holds: signing out elsewhere reaches this tab within it."""


def current_user_id() -> int | None:
    """The signed-in person's user id, or None (then the app shows the sign-in page)."""
    state = st.session_state
    if SESSION in state:
        # One rerun asks several times (the shell, the page, each callback): the database once.
        if time.monotonic() - state.get(CHECKED, float("-inf")) < RECHECK_SECONDS:
            return state.get(SIGNED_IN)
        if sessions.touch(get_store(), state[SESSION]):
            state[CHECKED] = time.monotonic()
            return state.get(SIGNED_IN)
        forget()
        state[ENDED] = True
        return None
    if SIGNED_IN in state:  # signed in by a test harness, without a browser session
        return state[SIGNED_IN]
    token = st.context.cookies.get(COOKIE) if st.context.cookies else None
    if not isinstance(token, str) or not token:
        return None
    found = sessions.resume(get_store(), token)
    if found is None:
        state[ENDED] = True
        return None
    state[SIGNED_IN], state[SESSION] = found.user_id, found.id
    return found.user_id


def begin(user_id: int, next_path: str, message: str) -> None:
    """Sign this tab in, and have the next run send the browser once through `/auth/session` for the cookie.

    The browser then loads `next_path` afresh, signed in by the cookie; `message` (with a
    link, should scripts be blocked) shows meanwhile.
    """
    info, code = sessions.start(get_store(), user_id)
    st.session_state[SIGNED_IN], st.session_state[SESSION] = user_id, info.id
    st.session_state.pop(ENDED, None)
    st.session_state[PENDING] = ("/auth/session?" + urlencode({"code": code, "next": next_path}), message)
    st.rerun()


def end_everywhere(user_id: int) -> None:
    """Sign the person out of every browser; the next run sends this one to forget its cookie."""
    sessions.end_all(get_store(), user_id)
    lang = st.session_state.get("url:lang")
    st.session_state.clear()
    st.session_state[PENDING] = ("/auth/sign-out?" + urlencode({"next": "/" + (f"?lang={lang}" if lang else "")}), "")
    st.rerun()


def follow_pending_redirect() -> None:
    """At the top of a run: if signing in or out left a redirect to make, make it and stop there."""
    pending = st.session_state.pop(PENDING, None)
    if pending is None:
        return
    target, message = pending
    redirect(target)
    if message:
        st.success(message)
    st.link_button(translate("answer.continue", current_language()), target)  # should scripts be blocked
    st.stop()


def forget() -> None:
    for key in (SIGNED_IN, SESSION, CHECKED):
        st.session_state.pop(key, None)


def redirect(url: str) -> None:
    """Send the browser to a path of this site (a full page load, so that cookies are set or cleared)."""
    st.html(f"<script>window.location.replace({json.dumps(url)});</script>", unsafe_allow_javascript=True)


def path_with_params(page: str, params: dict[str, str]) -> str:
    """The address of one of the app's pages, for after a redirect."""
    path = "/" if page == "assessments" else f"/{page}"
    return path + (f"?{urlencode(params)}" if params else "")
