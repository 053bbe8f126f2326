"""What one server process shares between all its sessions: the database."""

from __future__ import annotations

import streamlit as st

from ..store import Store
from ..store.database import default_url


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def get_store() -> Store:
    """The database of this server process (migrated at first use)."""
    return _store(default_url())
