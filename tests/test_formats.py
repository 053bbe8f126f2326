"""The registry of output formats (assessment/formats.py): one list behind the pages' buttons and the CLI's choices,
each format's declaration of respondents' words kept, and a reader of figures only never given those words."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from docx import Document
from pypdf import PdfReader

from assessment import formats
from assessment.access import AccessDenied, Principal
from assessment.cli import build_parser, main
from assessment.demo import load_demo
from assessment.errors import AssessmentError
from assessment.formats import (
    ASSESSMENT,
    COMPARISON,
    FORMATS,
    FileRequest,
    Output,
    OutputFormat,
    format_ids,
    make_file,
    offered,
    output_format,
)
from assessment.i18n import translate
from assessment.loader import load_questionnaire
from assessment.store import Store
from assessment.workspace import Workspace
from tests.conftest import NATIONAL, open_page

EVIDENCE = "Demo evidence: a document that would support this answer."
"""A respondent's words, in every demo assessment's answers."""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('formats') / 'demo.db'}"
    store = Store(url)
    q = load_questionnaire(NATIONAL).questionnaire
    load_demo(store, q)
    infos = [a for a in store.assessments() if (a.questionnaire_id, a.questionnaire_version) == (q.id, q.version)]
    with_words = next(a for a in infos if any(EVIDENCE in x.evidence for r in store.answers(a.id)
                                             for x in r.answers.values()))  # fmt: skip
    return url, store, q, with_words, infos


def as_person(store: Store, role: str, countries: frozenset[str] = frozenset()) -> Workspace:
    return Workspace(store, Principal(7, f"{role}@example.org", role, countries))  # type: ignore[arg-type]


def text_of(file_format: OutputFormat, payload: bytes) -> str:
    """Every text a person can read in the file, its lines joined."""
    if file_format.id == "pdf":
        texts = [page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages]
    elif file_format.id == "docx":
        doc = Document(io.BytesIO(payload))
        texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    elif file_format.id == "xlsx":
        with zipfile.ZipFile(io.BytesIO(payload)) as book:
            texts = [book.read(n).decode() for n in book.namelist()]
    else:
        texts = [payload.decode()]
    return " ".join(" ".join(texts).split())


def test_the_cli_offers_the_registrys_formats_and_nothing_else():
    subcommands = next(a for a in build_parser()._actions if a.dest == "command").choices
    choices = {name: next(a.choices for a in subcommands[name]._actions if a.dest == "format")
               for name in ("export", "report")}  # fmt: skip
    assert list(choices["export"]) == format_ids(export=True) == ["json", "csv", "xlsx"]
    assert list(choices["report"]) == format_ids(export=False) == ["pdf", "docx"]
    assert {f.id for f in FORMATS} == {*choices["export"], *choices["report"]}


def test_every_format_declares_what_a_download_needs():
    for f in FORMATS:
        assert f.extension
        assert "/" in f.media_type
        assert f.applies_to <= {ASSESSMENT, COMPARISON}
        for output in f.outputs.values():
            for key in (output.label_key, output.help_key):
                if key is not None:
                    assert all(translate(key, lang) != key for lang in ("en", "es", "pt", "fr")), key
    with pytest.raises(AssessmentError, match="no file format 'odt'"):
        output_format("odt")


@pytest.mark.slow  # writes every format
def test_each_file_carries_respondents_words_exactly_when_its_format_says_so(demo):
    _, store, q, info, infos = demo
    admin = as_person(store, "administrator")
    other = next(i.id for i in infos if i.id != info.id)
    for target, ids in ((ASSESSMENT, (info.id,)), (COMPARISON, (info.id, other))):
        for f in offered(target, admin, ids):
            payload = make_file(f, target, admin, FileRequest(ids, q, "en"))
            assert (EVIDENCE in text_of(f, payload)) == f.outputs[target].respondents_words, (f.id, target)


@pytest.mark.slow  # writes whole reports
def test_a_reader_of_figures_only_is_offered_the_reports_and_gets_them_without_respondents_words(demo):
    _, store, q, info, _ = demo
    viewer = as_person(store, "viewer", frozenset({info.country}))
    facilitator = as_person(store, "facilitator", frozenset({info.country}))
    assert [f.id for f in offered(ASSESSMENT, facilitator, [info.id])] == ["pdf", "docx", "json", "csv", "xlsx"]
    assert [f.id for f in offered(ASSESSMENT, viewer, [info.id])] == ["pdf", "docx"]
    assert [f.id for f in offered(COMPARISON, viewer, [info.id])] == ["pdf"]
    request = FileRequest((info.id,), q, "en")
    for format_id in ("pdf", "docx"):
        f = output_format(format_id)
        assert EVIDENCE in text_of(f, make_file(f, ASSESSMENT, facilitator, request))
        assert EVIDENCE not in text_of(f, make_file(f, ASSESSMENT, viewer, request))
    for format_id in ("json", "csv", "xlsx"):  # not offered, and refused if asked for all the same
        with pytest.raises(AccessDenied):
            make_file(output_format(format_id), ASSESSMENT, viewer, request)


def test_a_format_is_made_only_for_what_it_applies_to(demo):
    _, store, q, info, infos = demo
    admin = as_person(store, "administrator")
    with pytest.raises(AssessmentError, match="a comparison is made as PDF only, not DOCX"):
        make_file(output_format("docx"), COMPARISON, admin, FileRequest((info.id, infos[1].id), q, "en"))
    with pytest.raises(AssessmentError, match="a comparison is made as CSV or XLSX only, not JSON"):
        make_file(output_format("json"), COMPARISON, admin, FileRequest((info.id, infos[1].id), q, "en"))
    portable = json.loads(make_file(output_format("json"), ASSESSMENT, admin, FileRequest((info.id,), q, "en")))
    assert (portable["country"], portable["round"]) == (info.country, info.round)


def test_a_format_added_to_the_registry_is_a_download_button_and_a_cli_choice(demo, monkeypatch, capsys):
    url, store, _, info, _ = demo
    made = []

    def write(workspace: Workspace, request: FileRequest) -> bytes:
        made.append(request.assessment_ids)
        return f"{len(workspace.store.answers(request.assessment_ids[0]))} respondents\n".encode()

    made_as = {ASSESSMENT: Output("results.download_audit", write, respondents_words=False)}
    extra = OutputFormat("txt", "txt", "text/plain", export=True, binary=False, outputs=made_as)
    monkeypatch.setattr(formats, "FORMATS", (*FORMATS, extra))

    assert main(["export", str(info.id), "--format", "txt", "--database", url]) == 0
    assert capsys.readouterr().out == f"{len(store.answers(info.id))} respondents\n"
    assert made == [(info.id,)]

    monkeypatch.setenv("DATABASE_URL", url)

    def results_script():
        from assessment.web.results import render_results_page

        render_results_page()

    at = open_page(results_script, lang="es", a=str(info.id))
    assert not at.exception
    buttons = [b.label for b in at.get("download_button")]
    expected = [translate(f.outputs[ASSESSMENT].label_key, "es") for f in (*FORMATS, extra) if ASSESSMENT in f.outputs]
    assert buttons == expected


def test_every_format_is_documented_with_what_it_applies_to():
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    for f in FORMATS:
        row = next((line for line in text.splitlines() if line.startswith(f"| `{f.id}` |")), None)
        assert row is not None, f.id
        one, comparison = (cell.strip() for cell in row.split("|")[2:4])
        assert (one != "—", comparison != "—") == (ASSESSMENT in f.applies_to, COMPARISON in f.applies_to), f.id


def test_scoring_an_answers_file_writes_the_csv_every_export_writes(demo, tmp_path, capsys):
    url, _, _, info, _ = demo
    portable = tmp_path / "one.json"  # the portable file is an answers file: `score` reads it as it is
    assert main(["export", str(info.id), "--out", str(portable), "--database", url]) == 0
    capsys.readouterr()
    assert main(["export", str(info.id), "--format", "csv", "--language", "es", "--database", url]) == 0
    exported = capsys.readouterr().out
    assert main(["score", "national", str(portable), "--format", "csv", "--language", "es"]) == 0
    scored = capsys.readouterr().out
    assert exported.splitlines()[0].startswith("nivel,país,nombre del país,ronda")
    assert scored == exported


def loads(modules: str, prefix: str) -> bool:
    """Whether importing `modules` in a fresh Python loads a module named `prefix` or under it."""
    import subprocess
    import sys

    code = f"import sys, {modules}; print(any(m.split('.')[0] == {prefix!r} for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


@pytest.mark.slow  # fresh Python processes
def test_the_reports_charts_load_no_plotly_and_the_pages_charts_no_reportlab():
    assert not loads("assessment.report.country, assessment.report.comparison", "plotly")
    assert not loads("assessment.charts.figures", "reportlab")
    assert loads("assessment.charts.drawings", "reportlab")  # what the check looks for is there to find
