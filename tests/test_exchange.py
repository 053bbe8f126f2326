"""Portable files, tabular exports and published scores: round trips, refusals, spreadsheet safety."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from sqlalchemy import func, select

from assessment.answers import Answer, Consensus, Respondent, Status, Targets
from assessment.answers_file import AssessmentData
from assessment.demo import load_demo
from assessment.errors import AssessmentError, InputError
from assessment.exchange.external import parse_external_csv
from assessment.exchange.portable import export_assessment, import_assessment, to_json
from assessment.exchange.tabular import long_csv, safe_cell, sheets, xlsx_bytes
from assessment.loader import load_catalog
from assessment.scored import load_scored
from assessment.scoring import score
from assessment.store import Store
from assessment.store.tables import AnswerRow, AssessmentRow, AuditRow, ConsensusRow, RespondentRow, TargetRow
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "questionnaires")


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Store:
    """The demo, loaded once for the module; tests only read from it."""
    from assessment.loader import load_questionnaire
    from tests.conftest import NATIONAL

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('source') / 'source.db'}")
    load_demo(store, load_questionnaire(NATIONAL).questionnaire)
    return store


@pytest.fixture
def target(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'target.db'}")


def counts(store: Store) -> dict[str, int]:
    with store._read() as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t))
            for t in (AssessmentRow, RespondentRow, AnswerRow, ConsensusRow, TargetRow, AuditRow)
        }


def test_export_then_import_gives_identical_scores(source, target, national, catalog):
    for info in source.assessments()[:4]:
        document = export_assessment(source, info.id)
        assert document["format_version"] == 1
        copy = import_assessment(target, to_json(document).encode(), catalog, actor="test", file="a.json")
        assert (copy.country, copy.round, copy.questionnaire_version) == (info.country, info.round, "1.0.0")
        before = score(national, source.answers(info.id), source.consensus(info.id))
        after = score(national, target.answers(copy.id), target.consensus(copy.id))
        assert after.to_dict() == before.to_dict()
        assert target.targets(copy.id) == source.targets(info.id)
        assert [(r.name, r.group) for r in target.answers(copy.id)] == [
            (r.name, r.group) for r in source.answers(info.id)
        ]


def test_the_cli_scores_an_exported_file(source, national, tmp_path):
    from assessment.answers_file import load_answers

    info = source.assessments()[0]
    path = tmp_path / "exported.json"
    path.write_text(to_json(export_assessment(source, info.id)), encoding="utf-8")
    data = load_answers(path, national)
    assert score(national, data.respondents, data.consensus).index == pytest.approx(
        score(national, source.answers(info.id), source.consensus(info.id)).index
    )


def valid_document(source) -> dict:
    return export_assessment(source, source.assessments()[0].id)


BAD_FILES = {
    "not json or yaml": lambda d: b'{"format_version": 1, "questionnaire": ',
    "a list": lambda d: b"[1, 2, 3]",
    "unknown format version": lambda d: json.dumps(d | {"format_version": 2}).encode(),
    "missing questionnaire": lambda d: json.dumps(d | {"questionnaire": "cloud-security"}).encode(),
    "other version": lambda d: json.dumps(d | {"version": "9.0.0"}).encode(),
    "no questionnaire key": lambda d: json.dumps({k: v for k, v in d.items() if k != "questionnaire"}).encode(),
    "bad country": lambda d: json.dumps(d | {"country": "Narnia"}).encode(),
    "no round": lambda d: json.dumps({k: v for k, v in d.items() if k != "round"}).encode(),
    "unknown indicator": lambda d: json.dumps(
        d | {"respondents": [d["respondents"][0] | {"answers": {"strategy.unknown": {"stage": 2}}}]}
    ).encode(),
    "stage off the scale": lambda d: json.dumps(
        d | {"respondents": [d["respondents"][0] | {"answers": {"strategy.lead-body": {"stage": 7}}}]}
    ).encode(),
    "invalid utf-8": lambda d: b'{"questionnaire": "national\xff"}',
    "alias bomb": lambda d: b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\nquestionnaire: national\n",
    "python tag": lambda d: b"questionnaire: !!python/object/apply:os.system ['true']\n",
    "duplicate keys": lambda d: b'{"questionnaire": "national", "questionnaire": "national"}',
    "too large": lambda d: b'{"questionnaire": "national", "pad": "' + b"x" * (6 * 1024 * 1024) + b'"}',
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_refused_and_nothing_is_written(source, target, catalog, kind):
    raw = BAD_FILES[kind](valid_document(source))
    before = counts(target)
    with pytest.raises(AssessmentError) as caught:
        import_assessment(target, raw, catalog, actor="test", file="bad.json")
    assert str(caught.value)
    assert counts(target) == before


def test_messages_name_the_problem(source, target, catalog):
    document = valid_document(source)
    with pytest.raises(InputError, match="format_version 2 is not supported: this installation reads 1"):
        import_assessment(target, json.dumps(document | {"format_version": 2}).encode(), catalog, actor="t")
    with pytest.raises(InputError, match="questionnaire 'cloud' is not installed here"):
        import_assessment(target, json.dumps(document | {"questionnaire": "cloud"}).encode(), catalog, actor="t")
    with pytest.raises(InputError, match=r"version 9.0.0 is not installed here \(installed: 1.0.0, 2.0.0\)"):
        import_assessment(target, json.dumps(document | {"version": "9.0.0"}).encode(), catalog, actor="t")


def test_an_import_failing_half_way_writes_nothing(target, national):
    good = Respondent("a", "government", {"strategy.lead-body": Answer(stage=2)}, "A")
    bad = Respondent("b", "no-such-group", {}, "B")
    data = AssessmentData("national", "CR", "2026", (good, bad), {"strategy.lead-body": Consensus(stage=3)}, Targets(3))
    before = counts(target)
    with pytest.raises(AssessmentError, match="no-such-group"):
        target.import_assessment(data, language="es", questionnaire=national, actor="t")
    assert counts(target) == before


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("plain text") == "plain text"
    assert safe_cell(-2) == -2


def test_exports_carry_no_formula(tmp_path, national):
    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    info = store.create_assessment("CR", "2026", national, "en", actor="t")
    person = store.add_respondent(info.id, "=cmd|' /C calc'!A0", "@org", "government", questionnaire=national,
                                  actor="t")  # fmt: skip
    store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2, evidence="=HYPERLINK(\"x\")",
                      comment="+1"), questionnaire=national, actor="t")  # fmt: skip
    tables = [load_scored(store, national, info.id)]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(sheets(tables, "en"))))
    assert book.sheetnames == ["answers", "indicator results", "pillar results", "recommendations", "columns"]
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    answers = book["answers"]
    header = [c.value for c in answers[1]]
    row = dict(zip(header, [c.value for c in answers[2]], strict=True))
    assert row["respondent"] == "'=cmd|' /C calc'!A0"
    assert row["evidence"] == '\'=HYPERLINK("x")'
    assert row["stage"] == 2
    rows = list(csv.DictReader(io.StringIO(long_csv(tables, "en"))))
    assert rows[0]["level"] == "index"
    assert all(not v.startswith(("=", "+", "@")) for r in rows for v in r.values() if v)


def test_exports_in_spanish_have_spanish_headers_values_and_sheets_with_the_machine_names_beside(tmp_path, national):
    store = Store(f"sqlite:///{tmp_path / 'es.db'}")
    info = store.create_assessment("CR", "2026", national, "es", actor="t")
    person = store.add_respondent(info.id, "Ana", "MICITT", "government", questionnaire=national, actor="t")
    store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2), questionnaire=national, actor="t")
    store.save_answer(info.id, person.id, "strategy.national-strategy", Answer(status=Status.NOT_APPLICABLE),
                      questionnaire=national, actor="t")  # fmt: skip
    tables = [load_scored(store, national, info.id)]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(sheets(tables, "es"))))
    assert book.sheetnames == ["respuestas", "resultados por indicador", "resultados por pilar", "recomendaciones",
                               "columnas"]  # fmt: skip
    header = [c.value for c in book["respuestas"][1]]
    assert header[:4] == ["país", "ronda", "participante", "organización"]
    statuses = {row[header.index("estado")] for row in book["respuestas"].iter_rows(min_row=2, values_only=True)}
    assert statuses == {"respondido", "no aplica"}
    key = {row[0]: row[1] for row in book["columnas"].iter_rows(min_row=2, values_only=True)}
    assert key["participante"] == "respondent"
    rows = list(csv.DictReader(io.StringIO(long_csv(tables, "es"))))
    assert rows[0]["nivel"] == "índice"
    machine = list(csv.DictReader(io.StringIO(long_csv(tables, "es", machine_headers=True))))
    assert machine[0]["level"] == "index"


def test_published_scores_csv(target):
    raw = b"instrument,country,year,score,source\nITU GCI,CR,2024,78.5,report\nNCSI,cr,2025,61,\n"
    scores = parse_external_csv(raw)
    assert [(s.instrument, s.country, s.year, s.score) for s in scores] == [
        ("ITU GCI", "CR", 2024, 78.5),
        ("NCSI", "CR", 2025, 61.0),
    ]
    target.save_external_scores(scores, actor="t")
    target.save_external_scores(parse_external_csv(b"instrument,country,year,score\nNCSI,CR,2025,64\n"), actor="t")
    assert [(s.instrument, s.score) for s in target.external_scores(["CR"])] == [("ITU GCI", 78.5), ("NCSI", 64.0)]


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (b"instrument,country,score\nX,CR,1\n", 1, "missing column(s) year"),
        (b"instrument,country,year,colour\nX,CR,2024,red\n", 1, "missing column(s) score"),
        (b"instrument,country,year,score\nX,Narnia,2024,50\n", 2, "'Narnia' is not an ISO 3166"),
        (b"instrument,country,year,score\nX,CR,24,50\n", 2, "year '24'"),
        (b"instrument,country,year,score\nX,CR,2024,150\n", 2, "score '150'"),
        (b"instrument,country,year,score\nX,CR,2024,nan\n", 2, "score 'nan'"),
        (b"instrument,country,year,score\nX,CR,2024,50\nX,CR,2024,60\n", 3, "same instrument, country and year"),
        (b"instrument,country,year,score\nX,CR,2024,50,extra\n", 2, "more values than columns"),
        (b"instrument,country,year,score\n", 1, "no rows"),
        (b"instrument,country,year,score\nX,C\xffR,2024,50\n", 2, "not valid UTF-8"),
    ],
)
def test_bad_published_scores_are_refused_with_the_line(raw, line, message):
    with pytest.raises(InputError) as caught:
        parse_external_csv(raw, "scores.csv")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("scores.csv", line)
    assert message in problem.message


def test_demo_loads_eight_countries_twice_and_only_once(tmp_path, national):
    store = Store(f"sqlite:///{tmp_path / 'demo.db'}")
    first = load_demo(store, national)
    assert first.assessments == 16
    assert first.respondents >= 16 * 4
    assert load_demo(store, national).assessments == 0
    infos = store.assessments()
    assert len({i.country for i in infos}) == 8
    assert {i.round for i in infos} == {"2024", "2026"}
    divergent = [len(score(national, store.answers(i.id)).divergent()) for i in infos]
    assert all(d > 0 for d in divergent)  # respondents disagree somewhere in every assessment
    assert [g.name for g in store.peer_groups()] == ["Demo: island states", "Demo: mainland states"]
