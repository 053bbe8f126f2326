"""Browser journeys: a real server per test, Debian's Chromium, screenshots kept as artifacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ensure_admin
from tests.e2e.harness import ROOT, AppServer, chromium, chromium_path, track_reruns

ARTIFACTS = ROOT / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser():
    if chromium_path() is None:
        pytest.fail("Chromium is not installed: run `make test` as root, or `apt-get install chromium`")
    with chromium() as launched:
        yield launched


@pytest.fixture
def server(tmp_path):
    """The app on its own database, with an administrator account (tests.conftest.ADMIN)."""
    app = AppServer(tmp_path / "data")
    app.data_dir.mkdir(parents=True)
    ensure_admin(f"sqlite:///{app.data_dir / 'assessment.db'}")
    app.start()
    yield app
    app.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-419")
    track_reruns(context)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
