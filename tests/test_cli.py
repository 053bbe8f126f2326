"""The command line: summaries, scores in three formats, recommendations, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from assessment.answers_file import load_answers
from assessment.cli import main
from assessment.errors import AssessmentError
from assessment.scoring import score
from tests.conftest import DATA, NATIONAL, ROOT, TINY

EXAMPLE = str(ROOT / "examples" / "answers-national.yaml")
TINY_ANSWERS = str(DATA / "tiny-answers.yaml")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_national_summary(capsys):
    code, out, err = run(capsys, "validate", str(NATIONAL))
    assert code == 0, err
    assert "6 pillars, 38 indicators" in out
    assert "en 100%" in out
    assert "es 100%" in out


def test_validate_a_folder_of_questionnaires_lists_every_problem(capsys, tmp_path):
    shutil.copytree(TINY, tmp_path / "good")
    shutil.copytree(TINY, tmp_path / "bad")
    beta = tmp_path / "bad" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("rule: gate", "rule: gate\nrule: mean"), encoding="utf-8")
    alpha = tmp_path / "bad" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("weight: 3", "weight: lots"), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(tmp_path))
    assert code == 1
    assert "questionnaire 'tiny'" in out  # the good one is still summarised
    assert "2 problem(s)" in err
    assert "error: bad/beta.yaml:5: [rule] duplicate key 'rule'" in err
    assert "error: bad/alpha.yaml:" in err
    assert "Traceback" not in err


def test_validate_reports_missing_translations(capsys, tmp_path):
    shutil.copytree(TINY, tmp_path / "tiny")
    beta = tmp_path / "tiny" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("{en: Beta, es: Beta}", "{en: Beta}"), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(tmp_path / "tiny"))
    assert code == 0
    assert "es 98.9% (92/93 texts)" in out  # rounded down, never up to a whole figure
    assert "missing es: tiny/beta.yaml:2: [name] no 'es' text" in out


def test_score_table(capsys):
    code, out, _ = run(capsys, "score", str(TINY), TINY_ANSWERS)
    assert code == 0
    assert "Index: 48.3   Tier: Middle   Completeness: 80%   Confidence: 50%" in out
    assert "Respondents diverge on:" in out
    assert "A one (spread 2: Civil society 4, Government 2)" in out


def test_score_json_is_the_engines_result(capsys, national):
    code, out, _ = run(capsys, "score", "national", EXAMPLE, "--format", "json")
    assert code == 0
    data = load_answers(ROOT / "examples" / "answers-national.yaml", national)
    assert json.loads(out) == score(national, data.respondents, data.consensus).to_dict()


def test_score_csv_in_spanish_with_mean(capsys, tiny):
    code, out, _ = run(capsys, "score", str(TINY), TINY_ANSWERS, "--format", "csv", "--aggregation", "mean")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["level"] == "index"
    assert rows[0]["score"] == "60.0"
    assert [r["indicator"] for r in rows if r["level"] == "indicator"] == ["a1", "a2", "a3", "a4", "b1", "b2"]


def test_recommend_with_target(capsys):
    code, out, _ = run(capsys, "recommend", str(TINY), TINY_ANSWERS, "--target", "3", "--language", "es")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "  1. [Ahora] B uno: etapa 1 → 2 (meta 3)"
    assert lines[1].strip() == "Haga el paso 2 de B1."


def test_recommend_json(capsys):
    code, out, _ = run(capsys, "recommend", "national", EXAMPLE, "--format", "json")
    assert code == 0
    steps = json.loads(out)
    assert steps[0]["rank"] == 1
    assert {s["phase"] for s in steps} <= {"now", "next", "later"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["score", "nowhere", TINY_ANSWERS], "error: no questionnaire folder or id 'nowhere'"),
        (["score", str(TINY), "/no/such/file.yaml"], "cannot read file"),
        (["score", "national", TINY_ANSWERS], "questionnaire 'national' version 0.1 is not installed"),
        (["recommend", str(TINY), TINY_ANSWERS, "--target", "9"], "error: --target 9 is not a stage"),
        (["score", str(TINY), TINY_ANSWERS, "--language", "fr"], "error: language 'fr' is not one of en, es"),
    ],
)
def test_errors_are_one_clear_line(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert message in err
    assert "Traceback" not in err


def test_recommend_without_any_target(capsys, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("questionnaire: tiny\n", encoding="utf-8")
    code, _, err = run(capsys, "recommend", str(TINY), str(answers))
    assert code == 1
    assert err.strip() == "error: no target: give --target N or a targets section in the answers file"


def test_schema_command_writes_the_schemas(capsys, tmp_path):
    code, out, _ = run(capsys, "schema", str(tmp_path))
    assert code == 0
    assert out.count("wrote ") == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "answers.schema.json",
        "crosswalk.schema.json",
        "framework.schema.json",
        "glossary.schema.json",
        "guides.schema.json",
        "pillar.schema.json",
        "questionnaire.schema.json",
    ]
    assert json.loads((tmp_path / "pillar.schema.json").read_text())["title"] == "PillarFile"


def test_module_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "assessment", "validate", str(TINY)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0
    assert "questionnaire 'tiny'" in result.stdout


@pytest.mark.slow  # several CLI processes
def test_demo_export_import_and_indices(capsys, tmp_path):
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    code, out, err = run(capsys, "demo", "--database", database)
    assert (code, err) == (0, "")
    assert out.startswith("demo: 16 assessments created")
    exported = tmp_path / "a.json"
    assert run(capsys, "export", "1", "--database", database, "--out", str(exported))[0] == 0
    code, out, _ = run(capsys, "import", str(exported), "--database", database)
    assert code == 0
    assert out.startswith("imported assessment 17: XA 2024")
    code, out, _ = run(capsys, "export", "17", "--database", database, "--format", "csv")
    assert code == 0
    assert out.splitlines()[0].startswith("level,country,country_name,round")
    broken = tmp_path / "broken.json"
    broken.write_text(exported.read_text(encoding="utf-8").replace('"format_version": 1', '"format_version": 7'))
    code, _, err = run(capsys, "import", str(broken), "--database", database)
    assert code == 1
    assert "format_version 7 is not supported" in err
    indices = tmp_path / "i.csv"
    indices.write_text("instrument,country,year,score\nGCI,XA,2024,55\n", encoding="utf-8")
    assert run(capsys, "import-indices", str(indices), "--database", database)[1].startswith("imported 1 published")
    code, _, err = run(capsys, "export", "17", "--database", database, "--format", "xlsx")
    assert (code, err.strip()) == (1, "error: an XLSX export needs --out FILE")


def test_user_accounts_from_the_command_line(capsys, tmp_path, monkeypatch):
    database = f"sqlite:///{tmp_path / 'users.db'}"
    monkeypatch.setenv("ASSESSMENT_PASSWORD", "a long enough password")
    assert run(capsys, "users", "create-admin", "Chief@Example.org", "--database", database)[1].startswith(
        "created administrator chief@example.org"
    )
    assert run(capsys, "users", "add", "f@example.org", "--role", "facilitator", "--database", database)[0] == 0
    assert run(capsys, "users", "grant", "f@example.org", "--country", "CR", "--database", database)[0] == 0
    code, out, _ = run(capsys, "users", "list", "--database", database)
    assert code == 0
    assert "chief@example.org" in out
    assert "facilitator" in out
    code, out, _ = run(capsys, "audit", "0", "--database", database)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["entity"], r["key"]) for r in rows] == [
        ("role", "chief@example.org"),
        ("role", "f@example.org"),
        ("scope", "f@example.org"),
    ]
    monkeypatch.setenv("ASSESSMENT_PASSWORD", "short")
    code, _, err = run(capsys, "users", "add", "x@example.org", "--database", database)
    assert (code, err.strip()) == (1, "error: the password must have at least 12 characters")


def test_account_administration_from_the_command_line(capsys, tmp_path, monkeypatch):
    from assessment.store import Store, sessions
    from assessment.store.accounts import principal, reset_user, scopes, sign_in, user_by_name

    database = f"sqlite:///{tmp_path / 'admin.db'}"
    monkeypatch.setenv("ASSESSMENT_PASSWORD", "a long enough password")
    run(capsys, "users", "add", "v@example.org", "--role", "viewer", "--database", database)
    run(capsys, "users", "grant", "v@example.org", "--country", "CR", "--database", database)
    store = Store(database)
    viewer = user_by_name(store, "v@example.org")
    _, code = sessions.start(store, viewer.id)
    token = sessions.activate(store, code)

    assert run(capsys, "users", "disable", "v@example.org", "--database", database)[:2] == (
        0,
        "disabled v@example.org\n",
    )
    assert sessions.resume(store, token) is None  # disabling signs the person out everywhere
    assert run(capsys, "users", "enable", "v@example.org", "--database", database)[0] == 0
    assert run(capsys, "users", "set-role", "v@example.org", "--database", database)[2].strip() == (
        "error: set-role needs --role"
    )
    assert run(capsys, "users", "set-role", "v@example.org", "--role", "facilitator", "--database", database)[0] == 0
    assert principal(store, viewer.id).role == "facilitator"
    assert run(capsys, "users", "revoke", "v@example.org", "--country", "CR", "--database", database)[0] == 0
    assert scopes(store, viewer.id) == []
    code, out, _ = run(capsys, "users", "reset-password", "v@example.org", "--database", database)
    link = out.strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:8501/?reset=")
    assert reset_user(store, link.split("reset=")[1]).username == "v@example.org"
    for _ in range(6):
        with pytest.raises(AssessmentError):
            sign_in(store, "v@example.org", "not the password")
    code, out, _ = run(capsys, "users", "unlock", "v@example.org", "--database", database)
    assert out.startswith("unlocked v@example.org (5 failed attempts forgotten)")
    assert sign_in(store, "v@example.org", "a long enough password")
    entities = [(e.entity, e.new) for e in store.audit(0)]
    assert ("account", {"active": False}) in entities
    assert ("account", {"unlocked": True}) in entities
    assert ("account", {"password_reset": "code issued"}) in entities


def test_backup_is_a_consistent_copy(capsys, tmp_path, national):
    from assessment.store import Store

    database = f"sqlite:///{tmp_path / 'live.db'}"
    store = Store(database)
    info = store.create_assessment("CR", "2026", national, "en", actor="t")
    code, out, _ = run(capsys, "backup", str(tmp_path / "copy.db"), "--database", database)
    assert code == 0
    assert out.startswith(f"wrote {tmp_path / 'copy.db'}")
    assert oct((tmp_path / "copy.db").stat().st_mode & 0o777) == "0o600"
    copy = Store(f"sqlite:///{tmp_path / 'copy.db'}")
    assert [a.id for a in copy.assessments()] == [info.id]
    code, _, err = run(capsys, "backup", str(tmp_path / "copy.db"), "--database", database)
    assert (code, "exists already" in err) == (1, True)


@pytest.mark.slow  # writes whole reports
def test_report_writes_the_country_report_as_pdf_or_word(capsys, tmp_path):
    import io

    from docx import Document

    from assessment.store import Store

    database = f"sqlite:///{tmp_path / 'reports.db'}"
    assert run(capsys, "demo", "--database", database)[0] == 0
    infos = Store(database).assessments()
    first = infos[0].id
    second = next(a.id for a in infos[1:] if a.questionnaire_version == infos[0].questionnaire_version)
    word, pdf = tmp_path / "report.docx", tmp_path / "report.pdf"
    code, out, err = run(capsys, "report", str(first), "--out", str(word), "--database", database)
    assert code == 0, err
    assert out.startswith(f"wrote {word}")
    document = Document(io.BytesIO(word.read_bytes()))
    assert any(p.style.name == "Heading 1" and p.text == "Executive summary" for p in document.paragraphs)
    assert run(capsys, "report", str(first), "--out", str(pdf), "--database", database)[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    code, _, err = run(capsys, "report", str(first), str(second), "--out", str(word), "--database", database)
    assert code == 1
    assert "PDF only" in err


@pytest.mark.parametrize(
    ("present", "total", "shown"), [(249, 250, "99.6%"), (1999, 2000, "99.9%"), (19999, 20000, "99.9%"), (7, 7, "100%")]
)
def test_translation_shares_are_never_rounded_up_to_complete(present, total, shown):
    from assessment.cli import coverage_share

    assert coverage_share(present, total) == shown


def test_score_csv_writes_stage_zero(capsys, tmp_path):
    answers = tmp_path / "zeros.yaml"
    answers.write_text(
        "questionnaire: tiny\nrespondents:\n  - id: r1\n    group: gov\n    answers: {a1: 0, a2: 0, b1: 0}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "score", str(TINY), str(answers), "--format", "csv")
    assert code == 0
    rows = {(r["level"], r["indicator"] or r["pillar"]): r for r in csv.DictReader(io.StringIO(out))}
    assert rows[("indicator", "a1")]["stage"] == "0"
    assert rows[("indicator", "a1")]["score"] == "0.0"
    assert rows[("pillar", "alpha")]["stage"] == "0"
    assert rows[("pillar", "beta")]["stage"] == "0"
    assert rows[("indicator", "a4")]["stage"] == ""  # unanswered stays empty


def test_validate_names_the_subject_and_the_tier_rules_of_a_module(capsys):
    code, out, _ = run(capsys, "validate", str(DATA / "zero"))
    assert code == 0
    assert "subject: csirt; tiers with minimum stages: 2 of 3; don't know counts as the lowest stage" in out
    _, national, _ = run(capsys, "validate", str(NATIONAL))
    assert "subject:" not in national  # a country questionnaire with plain bands: nothing new to say
