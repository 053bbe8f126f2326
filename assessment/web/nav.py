"""The app's pages: what each needs, in menu order, and this session's `st.Page` objects for links.

Each page names the actions it serves (`PAGE_SPECS`); a role sees a page when the access
policy lets it take one of them (`access.allows`, the table `access.can` reads), so the
menus follow `access.POLICY` and a new role or page needs no list of its own here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import streamlit as st

from ..access import Action, Principal, allows, can
from ..i18n import translate
from .state import PAGES


@dataclass(frozen=True)
class PageSpec:
    """One page: its name (also its address), and the actions it serves."""

    name: str
    needs: frozenset[Action] = frozenset()
    """A role sees the page when it may take one of these; none: every signed-in person sees it."""
    opens_assessment: bool = False
    """It shows the assessment chosen on the Assessments page, which links to it."""


PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec("assessments"),
    PageSpec("answer", frozenset({Action.ANSWER}), opens_assessment=True),
    PageSpec("results", frozenset({Action.READ_RESULTS}), opens_assessment=True),
    PageSpec("consensus", frozenset({Action.SETTLE_CONSENSUS}), opens_assessment=True),
    PageSpec("live", frozenset({Action.READ_RESULTS}), opens_assessment=True),
    PageSpec("compare", frozenset({Action.COMPARE})),
    PageSpec("invitations", frozenset({Action.INVITE})),
    PageSpec("admin", frozenset({Action.MANAGE_USERS})),
    PageSpec("questionnaires"),
)
"""In menu order; the first is the default page."""

PAGE_ORDER: tuple[str, ...] = tuple(spec.name for spec in PAGE_SPECS)


def pages_for(role: str) -> tuple[str, ...]:
    """The names of the pages `role` sees in its menu, in menu order."""
    return tuple(s.name for s in PAGE_SPECS if not s.needs or any(allows(role, a) for a in s.needs))


def assessment_pages(principal: Principal, country: str, assessment_id: int) -> tuple[str, ...]:
    """The pages showing one assessment that `principal` may open for it (the Assessments page links to them)."""
    return tuple(
        s.name
        for s in PAGE_SPECS
        if s.opens_assessment and any(can(principal, a, country, assessment_id) for a in s.needs)
    )


def build_pages(renderers: Mapping[str, Callable[[], None]], language: str) -> list[st.Page]:
    """This run's st.Page objects (titles in `language`), kept for this session's `link()` and `go()`.

    Kept per session, never in a module-level table: each session has its own language, and
    sessions run at the same time.
    """
    pages = {
        name: st.Page(
            renderers[name], title=translate(f"nav.{name}", language), url_path=name, default=name == PAGE_ORDER[0]
        )
        for name in PAGE_ORDER
    }
    PAGES.set(MappingProxyType(pages))
    return list(pages.values())


def _page(name: str) -> st.Page:
    pages = PAGES.get()
    if pages is None:
        raise LookupError("build_pages() must run before a page links to another")
    return pages[name]


def link(name: str, label: str, params: dict[str, str]) -> None:
    st.page_link(_page(name), label=label, query_params=params)


def go(name: str, params: dict[str, str]) -> None:
    st.switch_page(_page(name), query_params=params)
