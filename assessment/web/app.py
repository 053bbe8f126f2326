"""The app shell: page config, language, navigation."""

from __future__ import annotations

import functools
import gc
import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from urllib.parse import urlparse

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ..access import AccessDenied, Principal
from ..formatting import language_name
from ..i18n import explain, languages, translate
from ..store.accounts import any_users
from . import nav
from .account import (
    render_accept_invitation,
    render_reset_password,
    render_setup_page,
    render_sign_in_page,
    render_sign_out,
)
from .context import current_principal, get_store
from .localise import localise_page, render_time_zone
from .safe import md_escape
from .session import current_user_id, follow_pending_redirect, forget
from .state import AFTER_SIGN_IN, current_language, set_language


def freeze_long_lived_objects() -> None:
    """Move every object alive now out of the garbage collector's reach (`gc.freeze`), when modules were imported
    since the last time.

    Streamlit runs a full collection after every rerun (`runner.postScriptGC`). It walks
    every tracked object, so with the app's modules imported (SQLAlchemy, pydantic, pandas,
    plotly, the questionnaires) it took about 100 ms while holding the interpreter lock,
    between the click and "Saved at" (issue 13). A module's objects live as long as the
    process: frozen, the collection only walks what the reruns create. Called once the app's
    imports are done, then at the start of each run, to freeze what a page's first visit or
    a first report (reportlab, python-docx) imported. Frozen objects are still freed when
    nothing refers to them; only cyclic garbage alive at that moment is kept.
    """
    if len(sys.modules) != _FROZEN_WITH[0]:
        _FROZEN_WITH[0] = len(sys.modules)
        gc.freeze()


_FROZEN_WITH = [0]
"""How many modules were imported at the last `gc.freeze`."""


def page_module(name: str) -> ModuleType:
    """A page's module, imported the first time the page is drawn."""
    return importlib.import_module(f"{__package__}.{name}")


def lazy_page(name: str, function: str) -> Callable[[], None]:
    """A page's renderer that imports its module on first use: the sign-in page loads no other page's code
    (reports, exports, pandas, plotly), so a fresh server shows it sooner."""

    def render() -> None:
        getattr(page_module(name), function)()

    render.__name__ = render.__qualname__ = function
    return render


RENDERERS = {
    "assessments": lazy_page("assessments", "render_assessments_page"),
    "answer": lazy_page("answer", "render_answer_page"),
    "results": lazy_page("results", "render_results_page"),
    "consensus": lazy_page("consensus", "render_consensus_page"),
    "live": lazy_page("live", "render_live_page"),
    "compare": lazy_page("compare", "render_compare_page"),
    "questionnaires": lazy_page("browse", "render_browse_page"),
    "invitations": lazy_page("invitations", "render_invitations_page"),
    "admin": lazy_page("admin", "render_admin_page"),
}


def render_language_picker() -> None:
    """The language menu (each language named in itself), and the page put into the language shown."""
    language = current_language()
    codes = languages()
    chosen = st.sidebar.selectbox(
        translate("language.label", language),
        codes,
        index=codes.index(language),
        format_func=lambda c: language_name(c, c),
        key="language_picker",
    )
    if chosen != language:
        set_language(chosen)
        st.rerun()
    localise_page(language)
    render_time_zone(language)


def remember_destination() -> None:
    """Where the person was going (page and parameters), to go on there once signed in."""
    if AFTER_SIGN_IN.is_set():
        return
    path = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    page = path if path in nav.PAGE_ORDER else nav.PAGE_ORDER[0]
    AFTER_SIGN_IN.set((page, {k: st.query_params[k] for k in st.query_params}))


def signed_in() -> Principal | None:
    user_id = current_user_id()
    if user_id is None:
        return None
    try:
        return current_principal()
    except AccessDenied:
        forget()
        return None


def run_app() -> None:
    language = current_language()
    st.set_page_config(page_title=translate("app.title", language), layout="wide")
    follow_pending_redirect()
    person = signed_in()
    if person is None:
        remember_destination()
        gate = render_setup_page if not any_users(get_store()) else render_sign_in_page
        if code := st.query_params.get("invite"):
            gate = functools.partial(render_accept_invitation, code)
        elif code := st.query_params.get("reset"):
            gate = functools.partial(render_reset_password, code)
        # Every page's address shows the gate (not Streamlit's "page not found"), so a link or a reload works.
        title = translate("account.sign_in_title", language)
        gates = [st.Page(gate, title=title, url_path="sign-in", default=True)]
        gates += [st.Page(gate, title=title, url_path=name, visibility="hidden") for name in nav.PAGE_ORDER]
        page = st.navigation(gates, position="hidden")
        render_language_picker()
        page.run()
        return
    pages = nav.build_pages(RENDERERS, language)
    allowed = nav.pages_for(person.role)  # from the access policy: see nav.PAGE_SPECS
    destination = AFTER_SIGN_IN.pop()
    if destination and destination[0] in allowed:
        nav.go(destination[0], destination[1])
    page = st.navigation([p for name, p in zip(nav.PAGE_ORDER, pages, strict=True) if name in allowed])
    render_language_picker()
    render_sign_out(person.user_id, person.username, person.role)
    try:
        page.run()
    except AccessDenied as exc:
        st.error(translate("account.denied", language))
        st.caption(md_escape(explain(exc, language)))


def main() -> None:
    """The app, with a plain message instead of Streamlit's crash page when the database fails."""
    freeze_long_lived_objects()
    try:
        run_app()
    except SQLAlchemyError:
        st.error(translate("common.database_unavailable", current_language()))


freeze_long_lived_objects()  # the shell's imports are done: see the function
