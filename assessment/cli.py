"""`python -m assessment …`: validate questionnaires, score answers files, list recommendations."""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .access import ROLES
from .catalog import questionnaires_root, resolve_questionnaire
from .errors import AssessmentError, InputError, Problem
from .i18n import CATALOG_DIR, report_language, translate
from .loader import load_catalog, load_questionnaire, questionnaire_folders
from .model import FRAMEWORKS

# Only what `validate` needs is imported here; every other command imports its own modules (scoring and
# pandas, the database, reports, exports, Babel), so that `python -m assessment validate` starts in a
# fraction of a second instead of two (issue 13).
if TYPE_CHECKING:
    from .loader import LoadedQuestionnaire
    from .model import Questionnaire
    from .records import AssessmentData
    from .scoring import Scores


def coverage_share(present: int, total: int) -> str:
    """The share of texts present, rounded down to a tenth: 100% only when every text is there."""
    if present >= total:
        return "100%"
    tenths = present * 1000 // total
    return f"{tenths // 10}.{tenths % 10}%"


def summary_lines(loaded: LoadedQuestionnaire) -> list[str]:
    """The one-paragraph summary `validate` prints for a valid questionnaire."""
    q = loaded.questionnaire
    kinds = [i.kind for i in q.indicators.values()]
    langs = ", ".join(
        f"{c.language} {coverage_share(c.present, c.total)} ({c.present}/{c.total} texts)"
        for c in loaded.coverage.values()
    )
    lines = [
        f"{loaded.folder}: questionnaire '{q.id}' version {q.version}",
        f"  {len(q.pillars)} pillars, {len(kinds)} indicators ({kinds.count('checklist')} checklists), "
        f"{len(q.scale.stages)} stages, {len(q.stakeholder_groups)} stakeholder groups, {len(q.tiers)} tiers",
        f"  languages: {langs}",
    ]
    ruled = sum(1 for t in q.tiers if t.requires)
    if not q.subject_is_country or ruled or q.scoring.dont_know != "unanswered":
        lines.append(
            f"  subject: {q.subject.kind}; tiers with minimum stages: {ruled} of {len(q.tiers)}; "
            f"don't know counts as {'the lowest stage' if q.scoring.dont_know == 'lowest' else 'unanswered'}"
        )
    indicators = list(q.indicators.values())
    routed = sum(1 for i in indicators if i.asked_of is not None)
    guided = sum(1 for i in indicators if i.guidance is not None)
    codes = sum(len(getattr(i.mappings, f)) for i in indicators for f in FRAMEWORKS)
    if q.frameworks:
        named = ", ".join(f"{f} {v}" for f, v in q.frameworks.items())
        lines.append(f"  mappings: {codes} codes, every one in its framework catalog ({named})")
    else:
        lines.append(f"  mappings: {codes} codes, not checked (no framework versions named)")
    lines.append(f"  routed to stakeholder groups: {routed} of {len(indicators)} indicators")
    lines.append(f"  rating guidance: {guided} of {len(indicators)} indicators; glossary: {len(q.glossary)} terms")
    if q.crosswalk is not None:
        source = q.crosswalk.from_
        lines.append(
            f"  crosswalk from {source.questionnaire} {source.version}: {len(q.crosswalk.indicators)} indicators mapped"
        )
    for coverage in loaded.coverage.values():
        lines += [f"  missing {coverage.language}: {problem}" for problem in coverage.missing]
    return lines


def _print_problems(label: object, error: InputError) -> None:
    print(f"{label}: {len(error.problems)} problem(s)", file=sys.stderr)
    for problem in error.problems:
        print(f"  error: {problem}", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate each path: a questionnaire folder alone, or a folder of them as one catalog (crosswalks included)."""
    failed = False
    for name in args.paths:
        root = Path(name)
        folders = questionnaire_folders(root)
        if not folders:
            print(f"error: {name}: no questionnaire.yaml here or in its sub-folders", file=sys.stderr)
            failed = True
            continue
        if folders == [root]:
            try:
                print("\n".join(summary_lines(load_questionnaire(root))))
            except InputError as exc:
                failed = True
                _print_problems(root, exc)
            continue
        catalog = load_catalog(root)
        for loaded in sorted(catalog.versions.values(), key=lambda v: v.folder.name):
            print("\n".join(summary_lines(loaded)))
        for folder_name, error in sorted(catalog.errors.items()):
            failed = True
            _print_problems(root / folder_name, error)
    return 1 if failed else 0


def cmd_lint(args: argparse.Namespace) -> int:
    from .lint import lint

    problems = [problem for name in args.paths for problem in lint(Path(name))]
    for problem in problems:
        print(f"warning: {problem}")
    print(f"{len(problems)} vague word(s) in descriptors and rating guidance", file=sys.stderr)
    return 1 if problems else 0


def render_scores_table(q: Questionnaire, scores: Scores, language: str) -> str:
    """The scores as aligned plain text, for a terminal, in `language`."""
    from .formatting import format_score, format_share, stage_label, tier_name

    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    tier = tier_name(q, scores, language)
    method = t(f"aggregation.{scores.aggregation}")
    out = [
        f"{q.text(q.title, language)} ({q.id} {q.version}), {t('results.aggregation').lower()}: {method}",
        f"{t('results.index')}: {format_score(scores.index, language)}   {t('results.tier')}: {tier}   "
        f"{t('results.completeness')}: {format_share(scores.completeness, language)}   "
        f"{t('results.confidence')}: {format_share(scores.confidence, language)}",
        "",
        f"{t('results.pillar'):<55} {t('results.stage'):<18} {t('results.score'):>6} {t('results.answered'):>9}",
    ]
    for p in scores.pillars:
        name = q.text(q.pillar(p.pillar_id).name, language)
        out.append(
            f"{name[:55]:<55} {stage_label(q, p.stage, language):<18} {format_score(p.score, language):>6} "
            f"{p.answered:>4}/{p.applicable:<4}"
        )
    divergent = scores.divergent()
    if divergent:
        out += ["", t("cli.diverge_on")]
        for ind in divergent:
            title = q.text(q.indicators[ind.indicator_id].title, language)
            groups = ", ".join(f"{q.text(q.groups[g].name, language)} {s}" for g, s in sorted(ind.by_group.items()))
            out.append(f"  {title} ({t('cli.spread', spread=ind.spread)}: {groups})")
    return "\n".join(out)


def render_scores_csv(q: Questionnaire, data: AssessmentData, scores: Scores, language: str) -> str:
    """The scores of an answers file in the one CSV layout of every export (docs/exports.md), headers in `language`.

    One row for the index, one per pillar, indicator and framework element; the assessment's
    country and round are the file's own (empty when it names none).
    """
    from datetime import UTC, datetime

    from .exchange.tabular import long_csv
    from .records import AssessmentInfo
    from .scored import ScoredAssessment

    info = AssessmentInfo(0, data.country or "", data.round or "", q.id, q.version, language, "open",
                          datetime.now(UTC), subject=data.subject)  # fmt: skip
    scored = ScoredAssessment(info, q, data.respondents, data.consensus, data.targets, scores)
    return long_csv([scored], language)


def _load(args: argparse.Namespace):
    from .answers_file import declared_version, load_answers
    from .scoring import score

    loaded = resolve_questionnaire(args.questionnaire, declared_version(Path(args.answers)))
    data = load_answers(Path(args.answers), loaded.questionnaire)
    language = args.language or loaded.questionnaire.default_language
    if language not in loaded.questionnaire.languages:
        raise AssessmentError(f"language '{language}' is not one of {', '.join(loaded.questionnaire.languages)}")
    scores = score(loaded.questionnaire, data.respondents, data.consensus, args.aggregation)
    return loaded.questionnaire, data, scores, language


def cmd_score(args: argparse.Namespace) -> int:
    q, data, scores, language = _load(args)
    if args.format == "json":
        print(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        sys.stdout.write(render_scores_csv(q, data, scores, language))
    else:
        print(render_scores_table(q, scores, language))
    return 0


def cmd_recommend(args: argparse.Namespace) -> int:
    from .answers import Targets
    from .recommend import recommend, recommendations_frame

    q, data, scores, language = _load(args)
    targets = data.targets
    if args.target is not None:
        if args.target not in q.scale.values:
            raise AssessmentError(f"--target {args.target} is not a stage of the scale {q.scale.values}")
        targets = Targets(args.target, targets.pillars, targets.indicators)
    if targets.default is None and not targets.pillars and not targets.indicators:
        raise AssessmentError("no target: give --target N or a targets section in the answers file")
    frame = recommendations_frame(q, recommend(q, scores, targets), language)
    if args.format == "json":
        print(frame.to_json(orient="records", force_ascii=False, indent=2))
    elif args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    elif frame.empty:
        print(translate("results.all_at_target", language))
    else:
        for row in frame.itertuples():
            step = translate("cli.step", language, current=row.current, to_stage=row.to_stage, target=row.target)
            print(f"{row.rank:>3}. [{translate(f'phase.{row.phase}', language)}] {row.indicator}: {step}")
            print(f"     {row.text}")
    return 0


def _store(args: argparse.Namespace):
    from .store import Store

    return Store(args.database)


def cmd_demo(args: argparse.Namespace) -> int:
    from .compare import earlier_versions
    from .demo import load_demo

    newest = resolve_questionnaire("national").questionnaire
    earlier = earlier_versions(
        newest, [v.questionnaire for v in load_catalog(questionnaires_root()).versions_of("national")]
    )
    summary = load_demo(_store(args), newest, earlier[0] if earlier else None, args.language)
    print(f"demo: {summary.assessments} assessments created ({summary.respondents} respondents), "
          f"{summary.skipped} already there")  # fmt: skip
    return 0


def _workspace(args: argparse.Namespace):
    """The database as the CLI reads it: with every right (whoever runs it can open the database file)."""
    from .access import Principal, Role
    from .workspace import Workspace

    return Workspace(_store(args), Principal(0, "cli", Role.ADMINISTRATOR))


def _write_file(args: argparse.Namespace, format_id: str, request_options: dict) -> int:
    """Make one file of the registry (assessment/formats.py) of the assessments named, in the language asked."""
    from .formats import FileRequest, make_file, output_format, target_of

    file_format = output_format(format_id)
    workspace = _workspace(args)
    infos = [workspace.store.assessment(i) for i in args.assessments]
    if len({(i.questionnaire_id, i.questionnaire_version) for i in infos}) > 1:
        raise AssessmentError("a comparison needs assessments of one questionnaire and version")
    q = resolve_questionnaire(infos[0].questionnaire_id, infos[0].questionnaire_version).questionnaire
    language = report_language([i.language for i in infos], q.languages, args.language)
    if language not in q.languages:
        raise AssessmentError(f"language '{language}' is not one of {', '.join(q.languages)}")
    if file_format.binary and not args.out:
        raise AssessmentError(f"an {file_format.id.upper()} export needs --out FILE")
    request = FileRequest(tuple(args.assessments), q, language, **request_options)
    payload = make_file(file_format, target_of(args.assessments), workspace, request)
    if args.out:
        Path(args.out).write_bytes(payload)
        print(f"wrote {args.out} ({len(payload):,} bytes)")
    else:
        sys.stdout.write(payload.decode())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    return _write_file(args, args.format, {"machine_headers": args.machine_headers})


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AssessmentError(f"{path}: cannot read file: {exc.strerror}") from None


def cmd_import(args: argparse.Namespace) -> int:
    from .exchange.portable import import_assessment

    path = Path(args.file)
    raw = _read_bytes(path)
    info = import_assessment(_store(args), raw, load_catalog(questionnaires_root()), actor="cli", file=str(path))
    print(f"imported assessment {info.id}: {info.country} {info.round} ({info.questionnaire_id})")
    return 0


def cmd_import_indices(args: argparse.Namespace) -> int:
    """Store the lines that can be read and list the others; the summary line comes first."""
    from .exchange.external import read_external_csv

    path = Path(args.file)
    preview = read_external_csv(_read_bytes(path), str(path), args.instrument)
    if preview.needs_instrument:
        raise AssessmentError(f"{path} has no instrument column: name the index with --instrument NAME")
    lines = len(preview.skipped_lines)
    if not preview.rows:
        raise InputError([*preview.skipped, Problem(str(path), "no line could be read, nothing was imported")])
    if args.dry_run:
        print(f"would import {len(preview.rows)} published scores from {path}; {lines} line(s) skipped; nothing stored")
    else:
        count = _store(args).save_external_scores(preview.rows, actor="cli")
        print(f"imported {count} published scores from {path}; {lines} line(s) skipped (listed below)")
    used = [f"{c.name} -> {c.field}" for c in preview.columns if c.field]
    if not preview.has_instrument_column:
        used.append(f"instrument '{preview.instrument}' (--instrument) for every line")
    elif args.instrument:
        used.append("--instrument not used: the file has an instrument column")
    print(f"  columns (header on line {preview.header_line}): {', '.join(used)}")
    if ignored := [c.name for c in preview.columns if not c.field]:
        print(f"  not used: {', '.join(ignored)}")
    for problem in preview.skipped:
        print(f"  skipped {problem}")
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    """PO files out and in: see assessment/translations.py and docs/translating.md."""
    from .translations import (
        catalog_entries,
        check_language,
        export_po,
        import_catalog_po,
        import_questionnaire_po,
        questionnaire_entries,
    )

    check_language(args.language)
    interface = args.target == "interface"
    folder = CATALOG_DIR if interface else resolve_questionnaire(args.target).folder
    if args.action == "export":
        entries = (catalog_entries if interface else questionnaire_entries)(folder, args.language)
        po = export_po(entries, args.language, "interface" if interface else folder.name)
        if args.out:
            Path(args.out).write_bytes(po)
            done = sum(1 for e in entries if e.translation)
            print(f"wrote {args.out}: {len(entries)} texts, {done} already translated into {args.language}")
        else:
            sys.stdout.buffer.write(po)
        return 0
    if not args.file:
        raise AssessmentError("translations import needs the PO file to import")
    raw = Path(args.file).read_bytes()
    importer = import_catalog_po if interface else import_questionnaire_po
    result = importer(folder, raw, args.file, args.language)
    files = ", ".join(result.files) or "no file"
    print(f"imported {result.changed} changed texts in {args.language} into {files}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .compare import earlier_versions
    from .formats import FORMATS, format_ids

    by_suffix = {f.extension: f.id for f in FORMATS if f.id in format_ids(export=False)}
    format_id = args.format or by_suffix.get(Path(args.out).suffix.lstrip(".").lower(), "pdf")
    earlier: list = []
    if len(args.assessments) > 1:
        first = _store(args).assessment(args.assessments[0])
        q = resolve_questionnaire(first.questionnaire_id, first.questionnaire_version).questionnaire
        earlier = earlier_versions(q, [v.questionnaire for v in load_catalog(questionnaires_root()).versions_of(q.id)])
    return _write_file(args, format_id, {"peer_group": args.peer_group, "earlier": tuple(earlier)})


def _password(args: argparse.Namespace) -> str:
    """From ASSESSMENT_PASSWORD (for scripts), else asked twice without echo."""
    if password := os.environ.get("ASSESSMENT_PASSWORD"):
        return password
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise AssessmentError("the two passwords differ")
    return first


def cmd_users(args: argparse.Namespace) -> int:
    from .store import accounts

    store = _store(args)
    if args.action == "list":
        for user in accounts.users(store):
            print(f"{user.id:>4}  {user.username:<40} {user.role:<14} {'active' if user.active else 'disabled'}")
        return 0
    if args.action in {"create-admin", "add"}:
        role = "administrator" if args.action == "create-admin" else (args.role or "respondent")
        user = accounts.create_user(store, args.username, _password(args), role, actor="cli")
        print(f"created {user.role} {user.username}")
        return 0
    if args.action == "unlock":
        forgotten = accounts.unlock(store, args.username, actor="cli")
        print(f"unlocked {args.username.strip().lower()} ({forgotten} failed attempts forgotten)")
        return 0
    user = accounts.user_by_name(store, args.username)
    if args.action == "grant":
        if args.assessment is not None and args.group is not None:
            info = store.assessment(args.assessment)
            q = resolve_questionnaire(info.questionnaire_id, info.questionnaire_version).questionnaire
            if args.group not in q.groups:
                raise AssessmentError(f"stakeholder group '{args.group}' is not in {q.id} {q.version}")
        accounts.grant(
            store, user.id, actor="cli", country=args.country, assessment_id=args.assessment, group=args.group
        )
        print(f"granted {user.username}: {args.country or f'assessment {args.assessment} as {args.group}'}")
    elif args.action in {"disable", "enable"}:
        accounts.set_active(store, user.id, args.action == "enable", actor="cli")
        print(f"{args.action}d {user.username}")
    elif args.action == "set-role":
        if args.role is None:
            raise AssessmentError("set-role needs --role")
        accounts.set_role(store, user.id, args.role, actor="cli")
        print(f"{user.username} is now {args.role}")
    elif args.action == "revoke":
        mine = accounts.scopes(store, user.id)
        chosen = [s for s in mine if (args.country and s.country == args.country.upper())
                  or (args.assessment is not None and s.assessment_id == args.assessment)]  # fmt: skip
        if not chosen:
            raise AssessmentError(f"{user.username} has no such scope")
        for scope in chosen:
            accounts.revoke(store, scope.id, actor="cli")
        print(f"revoked {len(chosen)} scope(s) of {user.username}")
    elif args.action == "reset-password":
        code = accounts.create_reset(store, user.id, actor="cli")
        print(f"one-time link for {user.username} (valid {accounts.RESET_LIFETIME.days} days, shown only now):")
        print(f"{args.base_url.rstrip('/')}/?reset={code}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .store.backup import backup
    from .store.database import default_url

    path = backup(args.database or default_url(), Path(args.file))
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """The audit log of one assessment, or with 0 the changes to accounts, peer groups and published scores."""
    from .exchange.tabular import safe_cell

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["at", "actor", "entity", "key", "from", "to"])
    for e in _store(args).audit(args.assessment):
        old = "" if e.old is None else json.dumps(e.old, ensure_ascii=False)
        new = "" if e.new is None else json.dumps(e.new, ensure_ascii=False)
        writer.writerow(
            [safe_cell(v) for v in (e.at.isoformat(timespec="seconds"), e.actor, e.entity, e.key, old, new)]
        )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for path in write_schemas(Path(args.folder)):
        print(f"wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .formats import format_ids  # the registry of output formats (light: writers import their modules)

    export_formats, report_formats = format_ids(export=True), format_ids(export=False)
    parser = argparse.ArgumentParser(prog="python -m assessment", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check questionnaire folders and summarise them")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a questionnaire folder, or a folder of them")
    validate.set_defaults(run=cmd_validate)
    lint_command = sub.add_parser("lint", help="list vague words in descriptors and rating guidance")
    lint_command.add_argument("paths", nargs="+", metavar="PATH", help="a questionnaire folder, or a folder of them")
    lint_command.set_defaults(run=cmd_lint)

    for name, helper, run in (
        ("score", "score an answers file", cmd_score),
        ("recommend", "list prioritised recommendations towards a target", cmd_recommend),
    ):
        command = sub.add_parser(name, help=helper)
        command.add_argument("questionnaire", metavar="QUESTIONNAIRE", help="a questionnaire folder or id")
        command.add_argument("answers", metavar="ANSWERS", help="an answers file (YAML or JSON)")
        command.add_argument("--format", choices=("table", "json", "csv"), default="table")
        command.add_argument("--language", help="language of the texts (default: the questionnaire's first)")
        command.add_argument("--aggregation", choices=("median", "mean", "minimum"), help="combine respondents by")
        if name == "recommend":
            command.add_argument("--target", type=int, help="target stage for every indicator without its own")
        command.set_defaults(run=run)

    demo = sub.add_parser("demo", help="load fictional demo countries (two rounds each) into the database")
    demo.add_argument("--language", default="en", help="language of the demo's texts and assessments (default: en)")
    demo.set_defaults(run=cmd_demo)
    export = sub.add_parser(
        "export", help="export one assessment (portable JSON, long CSV, XLSX) or several (a comparison: CSV, XLSX)"
    )
    export.add_argument("assessments", type=int, nargs="+", metavar="ASSESSMENT_ID")
    export.add_argument("--format", choices=export_formats, default="json", help="the file format (default: json)")
    export.add_argument("--out", help="write to this file (default: standard output)")
    export.add_argument("--language", help="language of headers, names and texts (default: the assessment's)")
    export.add_argument(
        "--machine-headers", action="store_true", help="CSV: the stable machine column names (docs/exports.md)"
    )
    export.set_defaults(run=cmd_export)
    importer = sub.add_parser("import", help="import a portable assessment file as a new assessment")
    importer.add_argument("file", metavar="FILE")
    importer.set_defaults(run=cmd_import)
    indices = sub.add_parser("import-indices", help="import published index scores from a CSV file")
    indices.add_argument("file", metavar="FILE")
    indices.add_argument(
        "--instrument", metavar="NAME", help="the index's name, for a file without an instrument column"
    )
    indices.add_argument(
        "--dry-run", action="store_true", help="show what would be imported and skipped; store nothing"
    )
    indices.set_defaults(run=cmd_import_indices)
    translations = sub.add_parser(
        "translations", help="export texts to a PO file for translators, or import a translated PO file"
    )
    translations.add_argument("action", choices=("export", "import"))
    translations.add_argument(
        "target", metavar="QUESTIONNAIRE", help="a questionnaire folder or id, or 'interface' for the screen texts"
    )
    translations.add_argument("file", nargs="?", metavar="PO_FILE", help="import: the translated PO file")
    translations.add_argument("--language", required=True, help="the language translated into (pt, fr, es...)")
    translations.add_argument("--out", help="export: write to this file (default: standard output)")
    translations.set_defaults(run=cmd_translations)
    report = sub.add_parser(
        "report", help="PDF or Word report: one assessment (country report) or several (comparison, PDF)"
    )
    report.add_argument("assessments", type=int, nargs="+", metavar="ASSESSMENT_ID")
    report.add_argument("--out", required=True, help="the file to write (.pdf, or .docx for an editable Word copy)")
    report.add_argument("--format", choices=report_formats, help="the file format (default: from the --out suffix)")
    report.add_argument("--language", help="language of the report (default: the assessment's)")
    report.add_argument("--peer-group", help="draw this peer group's average on the country report's radar")
    report.set_defaults(run=cmd_report)
    users = sub.add_parser(
        "users",
        help="accounts: list, create-admin, add, grant, revoke, disable, enable, set-role, reset-password, unlock",
    )
    users.add_argument(
        "action",
        choices=("list", "create-admin", "add", "grant", "revoke", "disable", "enable", "set-role",
                 "reset-password", "unlock"),
    )  # fmt: skip
    users.add_argument("username", nargs="?", default="", help="user name or e-mail address")
    users.add_argument("--role", choices=ROLES, help="for add (default respondent) and set-role")
    users.add_argument(
        "--base-url", default="http://127.0.0.1:8501", help="for reset-password: the app's address, for the link"
    )
    users.add_argument("--country", help="for grant: a country (facilitators, viewers)")
    users.add_argument("--assessment", type=int, help="for grant: an assessment a respondent is invited to")
    users.add_argument("--group", help="for grant: the stakeholder group the respondent answers for")
    users.set_defaults(run=cmd_users)
    backup_command = sub.add_parser("backup", help="a consistent copy of the database while the app runs")
    backup_command.add_argument("file", metavar="FILE", help="the new backup file (SQLite file, or pg_dump archive)")
    backup_command.set_defaults(run=cmd_backup)
    audit = sub.add_parser("audit", help="the audit log as CSV: of one assessment, or 0 for accounts and shared data")
    audit.add_argument("assessment", type=int, metavar="ASSESSMENT_ID")
    audit.set_defaults(run=cmd_audit)
    for command in (demo, export, importer, indices, report, users, audit, backup_command):
        command.add_argument("--database", help="SQLAlchemy URL (default: DATABASE_URL, else data/assessment.db)")

    schema = sub.add_parser("schema", help="write the JSON Schemas of the file formats")
    schema.add_argument("folder", nargs="?", default="docs/schema", help="where to write them (default docs/schema)")
    schema.set_defaults(run=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
    except AssessmentError as exc:
        print(f"error: {exc}", file=sys.stderr)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: still one line for the user, not a traceback
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3
    return 1
