"""A stored assessment loaded and scored once (assessment/scored.py): every consumer shows that object's figures.

The page, the PDF and the workbook read the same `ScoredAssessment`; `load_many` reads in
bulk what `load_scored` reads one by one; access is still checked by the Workspace.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import event

from assessment.access import AccessDenied, Principal
from assessment.answers import Answer
from assessment.demo import load_demo
from assessment.errors import AssessmentError
from assessment.exchange.tabular import sheets, xlsx_bytes
from assessment.formatting import format_score
from assessment.loader import load_catalog
from assessment.privacy import small_groups
from assessment.report.build import country_report_file
from assessment.scored import ScoredAssessment, load_many, load_scored
from assessment.scoring import score, score_by_group
from assessment.store import Store
from assessment.store.accounts import create_user, grant, principal
from assessment.store.database import default_url
from assessment.workspace import Workspace
from tests.conftest import ROOT, open_page

ADMIN = Principal(0, "t", "administrator")
DOCTORED = 12.3
"""An index no demo assessment has: a consumer that shows it read the object, not the database."""


@pytest.fixture
def demo(national, tmp_path, monkeypatch) -> Store:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))
    store = Store(default_url())
    load_demo(store, national)
    return store


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def index_cell(workbook: bytes) -> object:
    """The index's score in the workbook's pillar results (its first row)."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))["pillar results"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["name"] == "index"
    return row["score"]


def doctored(scored: ScoredAssessment) -> ScoredAssessment:
    return replace(scored, scores=replace(scored.scores, index=DOCTORED))


def results_script():
    from assessment.web.results import render_results_page

    render_results_page()


def test_load_scored_scores_what_the_store_holds(demo, national):
    info = demo.assessments()[0]
    scored = load_scored(demo, national, info.id)
    assert scored.info == info
    assert scored.respondents == demo.answers(info.id)
    assert scored.scores == score(national, demo.answers(info.id), demo.consensus(info.id))
    assert scored.by_group == score_by_group(national, demo.answers(info.id))
    assert scored.targets == demo.targets(info.id)
    assert scored.recommendations  # the demo sets targets above the answers


def test_load_many_equals_load_scored_per_id(demo, national):
    ids = [a.id for a in demo.assessments()]
    many = load_many(demo, national, [*reversed(ids)])
    assert [s.assessment_id for s in many] == [*reversed(ids)]
    for scored in many:
        one = load_scored(demo, national, scored.assessment_id)
        assert scored == one
        assert scored.by_group == one.by_group
        assert scored.recommendations == one.recommendations


def test_load_many_finds_each_questionnaire_in_the_catalog_and_refuses_another(demo, national, tiny):
    catalog = load_catalog(ROOT / "questionnaires")
    ids = [a.id for a in demo.assessments()]
    assert [s.scores for s in load_many(demo, catalog, ids)] == [s.scores for s in load_many(demo, national, ids)]
    with pytest.raises(AssessmentError, match="was made with questionnaire national"):
        load_scored(demo, tiny, ids[0])


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    sent: list[str] = []

    def on_execute(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(store.engine, "before_cursor_execute", on_execute)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", on_execute)


def test_load_many_reads_answers_and_consensus_in_one_query_each_whatever_the_number(demo, national):
    ids = [a.id for a in demo.assessments()]
    assert len(ids) >= 8

    def reads(some: list[int], table: str) -> int:
        with statements(demo) as sent:
            load_many(demo, national, some)
        return sum(re.search(rf"\bFROM {table}\b", s) is not None for s in sent)

    for table in ("answers", "consensus", "respondents", "assessments"):
        assert reads(ids[:2], table) == reads(ids, table) == 1, table


@pytest.mark.slow  # runs the page and writes a PDF and a workbook
def test_the_results_page_the_pdf_and_the_workbook_show_the_figures_of_one_object(demo, national, monkeypatch):
    info = demo.assessments()[0]
    real = load_scored(demo, national, info.id)
    assert format_score(DOCTORED, "en") not in pdf_text(country_report_file(real))
    shown = doctored(real)

    assert format_score(DOCTORED, "en") in pdf_text(country_report_file(shown))
    assert index_cell(xlsx_bytes(sheets([shown], "en"))) == pytest.approx(DOCTORED)
    assert index_cell(xlsx_bytes(sheets([real], "en"))) == pytest.approx(real.scores.index)

    # The page's own object reaches the report and the export through the Workspace: nothing scored again.
    workspace = Workspace(demo, ADMIN)
    pdf = workspace.country_report(info.id, national, "en", scored=shown)
    assert format_score(DOCTORED, "en") in pdf_text(pdf)
    assert workspace.tables([info.id], national, scored=[shown]) == [shown]
    # ... unless it was scored another way than the questionnaire's (the page's "mean"): then the files read again.
    by_mean = replace(shown, scores=replace(shown.scores, aggregation="mean"))
    assert format_score(DOCTORED, "en") not in pdf_text(
        workspace.country_report(info.id, national, "en", scored=by_mean)
    )

    # The Results page shows the object Workspace.results returns.
    monkeypatch.setattr("assessment.scored.load_scored", lambda *args, **kwargs: shown)
    at = open_page(results_script, lang="en", a=str(info.id))
    assert not at.exception
    assert at.metric[0].value == format_score(DOCTORED, "en")


def test_a_reader_of_figures_only_gets_no_words_no_names_and_no_small_groups(demo, national):
    info = demo.assessments()[0]
    full = load_scored(demo, national, info.id)
    person = demo.respondents(info.id)[0]
    demo.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2, evidence="Secret memo", comment="Hush"),
                     questionnaire=national, actor="t")  # fmt: skip
    viewer = create_user(demo, "viewer@example.org", "a long password for tests", "viewer", actor="t")
    grant(demo, viewer.id, country=info.country, actor="t")
    as_viewer = Workspace(demo, principal(demo, viewer.id))

    seen = as_viewer.results(info.id, national)
    assert seen.private
    assert seen.hidden == small_groups(full.respondents)
    assert seen.hidden_groups == len({r.group for r in full.respondents})  # one respondent per group in the demo
    assert seen.by_group == {}
    assert all(not i.by_group for i in seen.scores.indicators)
    assert {r.name for r in seen.respondents} == {""}
    assert all(not a.evidence and not a.comment and not a.links for r in seen.respondents for a in r.answers.values())
    assert seen.scores.index == pytest.approx(load_scored(demo, national, info.id).scores.index)
    with pytest.raises(AccessDenied):
        as_viewer.results_with_answers(info.id, national)

    # A full object handed to the Workspace by a page still makes the viewer's copy of the report.
    text = pdf_text(as_viewer.country_report(info.id, national, "en", scored=load_scored(demo, national, info.id)))
    assert "Secret memo" not in text
    assert "Secret memo" in pdf_text(Workspace(demo, ADMIN).country_report(info.id, national, "en"))


def test_the_private_copy_keeps_the_visible_groups_own_figures(demo, national, monkeypatch):
    monkeypatch.setenv("ASSESSMENT_MIN_GROUP_SIZE", "1")
    full = load_scored(demo, national, demo.assessments()[0].id)
    private = full.figures_only()
    assert private.hidden == frozenset()
    assert private.by_group == full.by_group  # computed before the words went: the same confidence too
    assert private.figures_only() is private


def test_outside_the_scope_a_page_cannot_pass_an_object_through(demo, national):
    info = demo.assessments()[0]
    other = next(a for a in demo.assessments() if a.country != info.country)
    viewer = create_user(demo, "elsewhere@example.org", "a long password for tests", "viewer", actor="t")
    grant(demo, viewer.id, country=other.country, actor="t")
    as_viewer = Workspace(demo, principal(demo, viewer.id))
    scored = load_scored(demo, national, info.id)
    with pytest.raises(AccessDenied):
        as_viewer.country_report(info.id, national, "en", scored=scored)
    with pytest.raises(AccessDenied):
        as_viewer.tables([info.id], national, scored=[scored])
