"""What the interface remembers in one browser tab between reruns: the only module that touches `st.session_state`.

Every piece of state is a typed `Slot` defined here, so every key is built here too. Widgets
keep their own keys (`key=` of a Streamlit widget); their values are read and written
through `widget`.

What must survive a reload is in the URL: the language (`lang`), the assessment (`a`), the
respondent (`r`) and the pillar (`p`). Streamlit's navigation menu drops query parameters
when it switches page, so each parameter is also remembered in the session and written
back into the URL of the page the person lands on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Generic, TypeVar, cast

import streamlit as st

from ..i18n import languages

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

T = TypeVar("T")


class Slot(Generic[T]):
    """One piece of this tab's state, under one key."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def get(self) -> T | None:
        return cast("T | None", st.session_state.get(self.key))

    def get_or(self, default: T) -> T:
        return cast("T", st.session_state.get(self.key, default))

    def set(self, value: T) -> None:
        st.session_state[self.key] = value

    def pop(self) -> T | None:
        return cast("T | None", st.session_state.pop(self.key, None))

    def is_set(self) -> bool:
        return self.key in st.session_state

    def setdefault(self, make: Callable[[], T]) -> T:
        """The value, first set to `make()` when there is none (for a dict or set changed in place)."""
        if self.key not in st.session_state:
            st.session_state[self.key] = make()
        return cast("T", st.session_state[self.key])


def _key(kind: str, *parts: object) -> str:
    """A key of one of the families of keys (`url:lang`, `kept:compare_selection`, `pillar:3:7`)."""
    return ":".join((kind, *(str(p) for p in parts)))


# -- the URL --------------------------------------------------------------------------------

LANGUAGE_PARAM, ASSESSMENT_PARAM, RESPONDENT_PARAM, PILLAR_PARAM = "lang", "a", "r", "p"
REMEMBERED = (LANGUAGE_PARAM, ASSESSMENT_PARAM, RESPONDENT_PARAM)
"""The parameters written back into the URL of a page reached through the menu."""


def _remembered(name: str) -> Slot[str]:
    return Slot(_key("url", name))


def url_param(name: str) -> str | None:
    """A parameter from the URL, else the one remembered for this session (and put back in the URL)."""
    slot = _remembered(name)
    value = st.query_params.get(name)
    if value is not None:
        slot.set(value)
        return value
    value = slot.get()
    if value is not None and name in REMEMBERED:
        st.query_params[name] = value
        return value
    return None


def set_param(name: str, value: str) -> None:
    st.query_params[name] = value
    _remembered(name).set(value)


def forget_param(name: str) -> None:
    _remembered(name).pop()
    if name in st.query_params:
        del st.query_params[name]


def current_language() -> str:
    """The interface language: from the URL (`?lang=es`), else the session's, else the browser's, else English."""
    code = url_param(LANGUAGE_PARAM)
    if code is None:
        code = browser_language()
        if code is not None:
            set_param(LANGUAGE_PARAM, code)
    return code if code in languages() else "en"


def browser_language() -> str | None:
    """The browser's preferred language when the interface has it (`pt-BR` → `pt`); None otherwise."""
    preferred = st.context.locale
    if not preferred:
        return None
    code = preferred.replace("_", "-").split("-")[0].lower()
    return code if code in languages() else None


def set_language(code: str) -> None:
    set_param(LANGUAGE_PARAM, code)


def remembered_language() -> str | None:
    """The language this session remembers, without looking at the URL or the browser."""
    return _remembered(LANGUAGE_PARAM).get()


def keep_params(**values: object) -> dict[str, str]:
    """The query parameters to carry to another page: the language plus the given ones."""
    params = {LANGUAGE_PARAM: current_language()}
    params.update({k: str(v) for k, v in values.items() if v is not None})
    return params


def choose_assessment(assessment_id: int) -> None:
    """Make `assessment_id` the assessment every page opens (Answer, Results, Consensus, Live).

    A respondent and a pillar chosen in another assessment are forgotten with it.
    """
    if url_param(ASSESSMENT_PARAM) != str(assessment_id):
        forget_respondent()
    set_param(ASSESSMENT_PARAM, str(assessment_id))


def choose_respondent(respondent_id: int) -> None:
    """Answer as this respondent from the first pillar of their group: a pillar in the URL was someone else's."""
    forget_param(PILLAR_PARAM)
    set_param(RESPONDENT_PARAM, str(respondent_id))


def forget_respondent() -> None:
    forget_param(RESPONDENT_PARAM)
    forget_param(PILLAR_PARAM)


# -- signing in (web/session.py) -------------------------------------------------------------

SIGNED_IN_USER: Slot[int] = Slot("signed_in_user")
"""The signed-in person's user id (a test harness sets only this one)."""
SIGNED_IN_SESSION: Slot[int] = Slot("signed_in_session")
"""The id of the browser session the person signed in with."""
SESSION_CHECKED_AT: Slot[float] = Slot("session_checked_at")
"""When (`time.monotonic`) the browser session was last found alive."""
SESSION_ENDED: Slot[bool] = Slot("session_ended")
"""The session ended elsewhere or timed out: the sign-in page says so."""
PENDING_REDIRECT: Slot[tuple[str, str]] = Slot("redirect_pending")
"""(address, message) the next run sends the browser to, after signing in or out."""
AFTER_SIGN_IN: Slot[tuple[str, dict[str, str]]] = Slot("after_sign_in")
"""(page, query parameters) the person was going to when asked to sign in."""


def session_checked_within(seconds: float) -> bool:
    return time.monotonic() - SESSION_CHECKED_AT.get_or(float("-inf")) < seconds


def mark_session_checked() -> None:
    SESSION_CHECKED_AT.set(time.monotonic())


def forget_sign_in() -> None:
    for slot in (SIGNED_IN_USER, SIGNED_IN_SESSION, SESSION_CHECKED_AT):
        slot.pop()


def forget_everything() -> None:
    """Forget all this tab remembers (signing out)."""
    st.session_state.clear()


# -- navigation (web/nav.py) ------------------------------------------------------------------

PAGES: Slot[Mapping[str, StreamlitPage]] = Slot("nav_pages")
"""This session's `st.Page` objects by name (titles in its language), rebuilt at each run."""


# -- pages ---------------------------------------------------------------------------------------

ANSWER_SAVE_STATUS: Slot[dict[str, tuple[str, object]]] = Slot("answer_save_status")
"""Per indicator, the outcome of its last save: ("saved", time) or ("error", reason)."""
ANSWER_SAVE_COUNT: Slot[dict[str, int]] = Slot("answer_save_count")
"""Per indicator, how many saves this session made: part of the saved state's key, so its element changes."""
ANSWER_DRAWN: Slot[set[str]] = Slot("answer_widgets_drawn")
"""The indicators whose widgets this server session has drawn: their changes go through callbacks."""
ANSWER_FOCUS: Slot[str] = Slot("answer_focus")
"""The element to bring into view and focus on the next run (after moving to another pillar)."""
ANSWER_FOCUS_COUNT: Slot[int] = Slot("answer_focus_count")
"""How many times the focus was moved: makes each focus script differ from the last."""
COMPARE_EVERY_ROUND: Slot[bool] = Slot(_key("kept", "compare_every_round"))
"""Compare's "rank every round" switch, kept for the session under a key no widget owns."""
COMPARE_SELECTIONS: Slot[dict[str, list[int]]] = Slot(_key("kept", "compare_selection"))
"""Compare's chosen assessments per questionnaire version ("id@version"), kept for the session.

A widget's own key is dropped when its page is left; the page restores its widget from here instead.
"""
INVITATION_LINKS: Slot[list[dict[str, str]]] = Slot("invitation_links")
"""The links made by the last invitation or renewal, shown until the page is left."""
ADMIN_LAST_LINK: Slot[tuple[str, str]] = Slot("admin_last_link")
"""(user name, set-password link) of the last account made or reset."""


def pillar_picker_key(assessment_id: int, respondent_id: int) -> str:
    """The key of the Answer page's pillar picker (the pillar on screen) for one respondent."""
    return _key("pillar", assessment_id, respondent_id)


def pillar_shown(assessment_id: int, respondent_id: int) -> Slot[str]:
    """The pillar on screen for one respondent: the pillar picker's value."""
    return Slot(pillar_picker_key(assessment_id, respondent_id))


def widget(key: str) -> Slot[object]:
    """The value of the widget drawn with `key=key`."""
    return Slot(key)


def widget_text(key: str) -> str | None:
    """The text of the text widget drawn with `key=key`; None when it holds no text."""
    value = widget(key).get()
    return value if isinstance(value, str) else None
