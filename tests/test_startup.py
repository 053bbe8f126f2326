"""What starting the app and the CLI loads (issue 13): each check in a fresh interpreter, so no other test's
imports count, and the sign-in page and `validate` wait for no report, export, pandas or password hash."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # each test starts a fresh Python process and imports the app

REPORTS_AND_EXPORTS = ("assessment.report", "assessment.exchange.tabular", "assessment.exchange.portable",
                       "reportlab", "docx", "xlsxwriter", "openpyxl")  # fmt: skip


def loaded_after(code: str, tmp_path) -> dict:
    """Run `code` in a fresh Python with a fresh data folder; it prints a JSON object, returned here."""
    env = {"ASSESSMENT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def under(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_the_sign_in_page_loads_no_report_export_or_other_page_code(tmp_path):
    found = loaded_after(
        f"""
        import gc, json, sys
        sys.path.insert(0, {str(ROOT)!r})
        from streamlit.testing.v1 import AppTest
        from assessment.store import Store
        from assessment.store.accounts import create_user
        from assessment.store.database import default_url
        create_user(Store(default_url()), "a@example.org", "a long test password", "administrator", actor="t")
        at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=60).run()
        print(json.dumps({{"title": [t.value for t in at.title], "errors": [str(e) for e in at.exception],
                           "modules": list(sys.modules), "frozen": gc.get_freeze_count()}}))
        """,
        tmp_path,
    )
    assert found["errors"] == []
    assert found["title"] == ["Sign in"]
    assert under(found["modules"], REPORTS_AND_EXPORTS) == []
    assert under(found["modules"], ("pandas", "assessment.scoring", "assessment.compare")) == []
    pages = ("answer", "results", "compare", "consensus", "live", "invitations", "admin", "assessments", "browse")
    assert under(found["modules"], tuple(f"assessment.web.{p}" for p in pages)) == []
    assert found["frozen"] > 0  # the app froze its long-lived objects once imported (assessment/web/app.py)


def test_a_page_is_imported_when_first_drawn_and_frozen_at_the_next_run(tmp_path):
    found = loaded_after(
        f"""
        import gc, json, sys
        sys.path.insert(0, {str(ROOT)!r})
        from assessment.web import app
        frozen = gc.get_freeze_count()
        app.freeze_long_lived_objects()  # at the start of a run: nothing imported since, nothing more frozen
        same = gc.get_freeze_count()
        app.page_module("results")
        app.freeze_long_lived_objects()
        print(json.dumps({{"modules": list(sys.modules), "counts": [frozen, same, gc.get_freeze_count()]}}))
        """,
        tmp_path,
    )
    assert "assessment.web.results" in found["modules"]
    frozen, same, after = found["counts"]
    assert frozen == same > 0
    assert after > same
    # Even the Results page loads the report and export code only when a download button makes a file.
    assert under(found["modules"], REPORTS_AND_EXPORTS) == []


def test_importing_the_accounts_computes_no_password_hash(tmp_path):
    found = loaded_after(
        f"""
        import json, sys
        sys.path.insert(0, {str(ROOT)!r})
        from assessment.store import accounts
        print(json.dumps({{"hashes": accounts._dummy_hash.cache_info().currsize}}))
        """,
        tmp_path,
    )
    assert found["hashes"] == 0


def test_validate_imports_neither_pandas_nor_reports_nor_the_database(tmp_path):
    found = loaded_after(
        f"""
        import contextlib, io, json, sys
        sys.path.insert(0, {str(ROOT)!r})
        from assessment.cli import main
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = main(["validate", {str(ROOT / "questionnaires")!r}])
        print(json.dumps({{"code": code, "out": out.getvalue(), "modules": list(sys.modules)}}))
        """,
        tmp_path,
    )
    assert found["code"] == 0
    assert "questionnaire 'national' version 2.0.0" in found["out"]
    heavy = ("pandas", "numpy", "reportlab", "docx", "xlsxwriter", "sqlalchemy", "alembic", "argon2", "babel",
             "assessment.store", "assessment.report", "assessment.scoring", "assessment.exchange")  # fmt: skip
    assert under(found["modules"], heavy) == []
