"""Shared fixtures: the shipped and the hand-computed questionnaires, and a way to break copies of them."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

# Cheap password hashes for this process and the servers it starts (they inherit the environment), set before
# anything imports assessment.store; tests/test_password_hashing.py checks that production stays strong.
os.environ["ASSESSMENT_INSECURE_FAST_HASH_FOR_TESTS"] = "1"

from assessment.loader import load_questionnaire
from assessment.model import Questionnaire

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
TINY = DATA / "tiny"
NATIONAL = ROOT / "questionnaires" / "national-1.0.0"
NATIONAL_2 = ROOT / "questionnaires" / "national"


@pytest.fixture(scope="session")
def tiny() -> Questionnaire:
    return load_questionnaire(TINY).questionnaire


@pytest.fixture(scope="session")
def national() -> Questionnaire:
    return load_questionnaire(NATIONAL).questionnaire


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first occurrence of `needle` in `text`."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


Edit = Callable[[str, str, str], tuple[Path, int]]


@pytest.fixture
def edited_tiny(tmp_path: Path) -> Edit:
    """Copy the tiny questionnaire and replace `old` by `new` in one file.

    Returns the folder and the line where `new` starts, so a test can check that an
    error points at it.
    """

    def edit(file: str, old: str, new: str) -> tuple[Path, int]:
        folder = tmp_path / "tiny"
        if not folder.exists():
            shutil.copytree(TINY, folder)
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
        return folder, line_of(text, new) if new else 0

    return edit


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL cluster for the whole run (see bench/postgres.py)."""
    from bench.postgres import ThrowawayPostgres

    if url := os.environ.get("TEST_POSTGRES_URL"):
        yield None, url
        return
    server = ThrowawayPostgres()
    url = server.start()
    yield server, url
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database_url(request, tmp_path) -> str:
    """A fresh, empty database on each backend the product supports (PostgreSQL runs count as slow)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    server, url = request.getfixturevalue("postgres_server")
    if server is None:
        return url
    return server.create_database(f"t{uuid.uuid4().hex[:12]}")


# The administrator the page tests sign in as: the benchmark's own account (bench/ imports nothing from tests/).
from bench.accounts import ADMIN, ADMIN_PASSWORD, ensure_admin, signed_in  # noqa: E402

__all__ = ["ADMIN", "ADMIN_PASSWORD", "ensure_admin", "signed_in"]


def answer_directly(stages: dict[str, int], group: str = "government", name: str = "Ana", folder: Path = NATIONAL):
    """Store one respondent's stages in the app's database, in its first assessment (created when there is none)."""
    from assessment.answers import Answer
    from assessment.store import Store
    from assessment.store.database import default_url

    store = Store(default_url())
    q = load_questionnaire(folder).questionnaire
    info = store.assessments()[0] if store.assessments() else store.create_assessment("CR", "2026", q, "en", actor="t")
    person = store.add_respondent(info.id, name, "Org", group, questionnaire=q, actor="t")
    for indicator, stage in stages.items():
        store.save_answer(info.id, person.id, indicator, Answer(stage=stage), questionnaire=q, actor="t")
    return store, q, info


def open_page(script, timeout: float = 60, **params: str):
    """An AppTest of one page function, signed in as the test administrator, with `params` in the URL, run once."""
    from streamlit.testing.v1 import AppTest

    at = signed_in(AppTest.from_function(script, default_timeout=timeout), ensure_admin())
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()
