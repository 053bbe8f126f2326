"""A corpus of hostile inputs: each is refused with a clear message, or kept as harmless text; nothing half-written."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from assessment.errors import AssessmentError
from assessment.exchange.external import parse_external_csv
from assessment.exchange.portable import import_assessment
from assessment.loader import load_catalog, load_questionnaire
from assessment.store import Store
from assessment.store.tables import AnswerRow, AssessmentRow, AuditRow, ExternalScoreRow, RespondentRow
from tests.conftest import ROOT, TINY, ensure_admin, signed_in

BOMB = b"a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b]\n"
DEEP = b"x: " + b"[" * 200 + b"]" * 200 + b"\n"
HUGE = b"x: '" + b"A" * (6 * 1024 * 1024) + b"'\n"
LATIN1 = "questionnaire: nación\n".encode("latin-1")
PYTHON = b"id: !!python/object/apply:os.system ['echo pwned > /tmp/pwned']\n"
DUPLICATE = b"id: one\nid: two\n"

QUESTIONNAIRE_FILES = {
    "alias bomb": (BOMB, "not allowed"),
    "duplicate keys": (DUPLICATE, "duplicate key 'id'"),
    "deep nesting": (DEEP, "nesting deeper than"),
    "oversized": (HUGE, "the limit is"),
    "wrong encoding": (LATIN1, "not valid UTF-8"),
    "python object tag": (PYTHON, "is not allowed"),
    "markup and unknown key": (b"id: beta\n<script>: x\n", "unknown key"),
}


@pytest.mark.parametrize("kind", list(QUESTIONNAIRE_FILES))
def test_hostile_questionnaire_files(tmp_path, kind):
    raw, message = QUESTIONNAIRE_FILES[kind]
    shutil.copytree(TINY, tmp_path / "tiny")
    (tmp_path / "tiny" / "beta.yaml").write_bytes(raw)
    with pytest.raises(AssessmentError) as caught:
        load_questionnaire(tmp_path / "tiny")
    assert message in str(caught.value)
    assert "tiny/beta.yaml" in str(caught.value)
    assert not (tmp_path / "pwned").exists()


def portable(**changes) -> bytes:
    document = {
        "format_version": 1,
        "questionnaire": "national",
        "version": "1.0.0",
        "country": "CR",
        "round": "2026",
        "language": "es",
        "respondents": [],
    }
    return json.dumps(document | changes).encode()


PORTABLE_FILES = {
    "alias bomb": (BOMB, "not allowed"),
    "duplicate keys": (b'{"questionnaire": "national", "questionnaire": "x"}', "duplicate key"),
    "deep nesting": (DEEP, "nesting deeper than"),
    "oversized": (HUGE, "the limit is"),
    "wrong encoding": (LATIN1, "not valid UTF-8"),
    "python object tag": (b"questionnaire: !!python/name:os.system\n", "is not allowed"),
    "unknown format version": (portable(format_version=99), "format_version 99 is not supported"),
    "missing questionnaire": (portable(questionnaire="other"), "is not installed here"),
    "script in a country": (portable(country="<script>"), "not an ISO 3166"),
    "binary garbage": (bytes(range(256)) * 4, "not valid UTF-8"),
    "respondent in an unknown group": (
        portable(respondents=[{"id": "r", "group": "hackers", "answers": {}}]),
        "stakeholder group 'hackers'",
    ),
}


def counts(store: Store) -> tuple:
    with store._read() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(t))
            for t in (AssessmentRow, RespondentRow, AnswerRow, AuditRow, ExternalScoreRow)
        )


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "questionnaires")


@pytest.mark.parametrize("kind", list(PORTABLE_FILES))
def test_hostile_portable_files(tmp_path, catalog, kind):
    raw, message = PORTABLE_FILES[kind]
    store = Store(f"sqlite:///{tmp_path / 'h.db'}")
    before = counts(store)
    with pytest.raises(AssessmentError) as caught:
        import_assessment(store, raw, catalog, actor="t", file="upload.json")
    assert message in str(caught.value)
    assert counts(store) == before


CSV_FILES = {
    "wrong encoding": ("instrument,country,year,score\nGCI,CR,2024,5\n".encode("utf-16"), "not valid UTF-8"),
    "oversized": (b"instrument,country,year,score\n" + b"GCI,CR,2024,5\n" * 100_000, "the limit is"),
    "formula in a score": (b"instrument,country,year,score\nGCI,CR,2024,=1+1\n", "score '=1+1'"),
    "markup in a country": (b"instrument,country,year,score\nGCI,<b>,2024,5\n", "not an ISO 3166"),
}


@pytest.mark.parametrize("kind", list(CSV_FILES))
def test_hostile_published_score_files(kind):
    raw, message = CSV_FILES[kind]
    with pytest.raises(AssessmentError) as caught:
        parse_external_csv(raw, "scores.csv")
    assert message in str(caught.value)


def test_hostile_text_that_is_accepted_stays_text(tmp_path, catalog):
    store = Store(f"sqlite:///{tmp_path / 'h.db'}")
    raw = portable(
        respondents=[
            {
                "id": "r",
                "name": '=HYPERLINK("http://evil")',
                "organisation": "<img src=x>",
                "group": "government",
                "answers": {"strategy.lead-body": {"stage": 2, "evidence": "@SUM(A1) <script>alert(1)</script>"}},
            }
        ]
    )
    info = import_assessment(store, raw, catalog, actor="t")
    person = store.answers(info.id)[0]
    assert person.name == '=HYPERLINK("http://evil")'  # stored as typed, neutralised on export and escaped on screen
    assert person.answers["strategy.lead-body"].evidence.startswith("@SUM")


def test_the_app_still_serves_after_the_corpus(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))
    at = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=30), ensure_admin())
    at.run()
    raw, _ = PORTABLE_FILES["alias bomb"]
    at.file_uploader(key="import_file").set_value(("bomb.yaml", raw, "application/yaml")).run()
    at.button(key="import_button").click().run()
    assert "refused" in at.error[0].value
    assert not at.exception
    assert at.title[0].value == "Assessments"
