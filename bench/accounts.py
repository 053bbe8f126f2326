"""The benchmark's administrator account, and AppTest sessions signed in as it.

The same account as the tests' (tests/conftest.py), kept here so that bench/ imports
nothing from tests/.
"""

from __future__ import annotations

ADMIN = "admin@example.org"
ADMIN_PASSWORD = "a long test password"  # noqa: S105 - a benchmark account


def ensure_admin(url: str | None = None) -> int:
    """An administrator account in the app's database (created once)."""
    from assessment.store import Store
    from assessment.store.accounts import create_user, users
    from assessment.store.database import default_url

    store = Store(url or default_url())
    existing = [u.id for u in users(store) if u.username == ADMIN]
    user_id = existing[0] if existing else create_user(store, ADMIN, ADMIN_PASSWORD, "administrator", actor="bench").id
    store.engine.dispose()
    return user_id


def signed_in(at, user_id: int):
    """An AppTest whose session is signed in as `user_id`."""
    from assessment.web.session import SIGNED_IN

    at.session_state[SIGNED_IN] = user_id
    return at
