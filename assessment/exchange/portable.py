"""The portable assessment file: one assessment as versioned JSON, to move between installations.

It is the answers file of docs/answers-format.md (so the CLI scores it as it is), with
the assessment's country, round, language and subject (when it names one) filled in.
Import is all or nothing: a file that is corrupt, of another format version, or for a
questionnaire that is not installed is refused with a message, and nothing is written.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Protocol

from ..answers_file import FORMAT_VERSION, check_answers
from ..errors import InputError, Problem
from ..loader import Catalog
from ..model import Questionnaire
from ..records import AssessmentData, answer_as_dict
from ..store import AssessmentInfo, Store
from ..yamlsafe import Document, decode, parse_text

MAX_PORTABLE_BYTES = 5 * 1_048_576


def _answer_entry(answer: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if answer["status"] == "answered":
        entry.update({"items": answer["items"]} if answer["items"] is not None else {"stage": answer["stage"]})
    else:
        entry["status"] = answer["status"]
    entry.update({k: answer[k] for k in ("evidence", "links", "comment", "review") if answer[k]})
    return entry


def export_assessment(store: Store, assessment_id: int) -> dict[str, Any]:
    """One assessment as a JSON-ready portable document."""
    info = store.assessment(assessment_id)
    targets = store.targets(assessment_id)
    return {
        "format_version": FORMAT_VERSION,
        "questionnaire": info.questionnaire_id,
        "version": info.questionnaire_version,
        "country": info.country,
        "round": info.round,
        **({"subject": info.subject} if info.subject else {}),
        "language": info.language,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "respondents": [
            {
                "id": f"r{person.id}",
                "name": person.name,
                "organisation": person.organisation,
                "group": person.group,
                "answers": {k: _answer_entry(answer_as_dict(a)) for k, a in sorted(person.answers.items())},
            }
            for person in store.answers(assessment_id)
        ],
        "consensus": {
            k: ({"status": "not_applicable"} if c.not_applicable else {"stage": c.stage})
            | ({"rationale": c.rationale} if c.rationale else {})
            for k, c in sorted(store.consensus(assessment_id).items())
        },
        "targets": {
            "default": targets.default,
            "pillars": dict(targets.pillars),
            "indicators": dict(targets.indicators),
        },
    }


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _header(doc: Document) -> tuple[str, str | None]:
    """The questionnaire id and version a file claims, refusing what is not a portable file at all."""
    data = doc.data
    if not isinstance(data, dict):
        raise InputError([doc.problem((), "this is not an assessment file: it holds no mapping of keys")])
    version = data.get("format_version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        message = f"format_version {version!r} is not supported: this installation reads {FORMAT_VERSION}"
        raise InputError([doc.problem(("format_version",), message)])
    qid = data.get("questionnaire")
    if not isinstance(qid, str):
        raise InputError([doc.problem(("questionnaire",), "the file does not say which questionnaire it answers")])
    qversion = data.get("version")
    return qid, qversion if isinstance(qversion, str) else None


class Importer(Protocol):
    """Where an import is written: the repository, or a view of it that refuses what a person may not create."""

    def import_assessment(
        self, data: AssessmentData, *, language: str, questionnaire: Questionnaire, actor: str
    ) -> AssessmentInfo: ...


def import_assessment(
    store: Importer, raw: bytes, catalog: Catalog, *, actor: str, file: str = "upload"
) -> AssessmentInfo:
    """Check an uploaded portable file completely, then create its assessment in one transaction."""
    doc = parse_text(decode(raw, file, MAX_PORTABLE_BYTES), file)
    qid, qversion = _header(doc)
    if catalog.find(qid) is None:
        raise InputError([doc.problem(("questionnaire",), f"questionnaire '{qid}' is not installed here")])
    loaded = catalog.find(qid, qversion)
    if loaded is None:
        installed = ", ".join(v.questionnaire.version for v in catalog.versions_of(qid))
        message = f"questionnaire '{qid}' version {qversion} is not installed here (installed: {installed})"
        raise InputError([doc.problem(("version",), message)])
    q = loaded.questionnaire
    data = check_answers(doc, q)
    language = doc.data.get("language") or q.default_language
    if language not in q.languages:
        raise InputError([doc.problem(("language",), f"language '{language}' is not one of {q.languages}")])
    if not data.country or not data.round:
        raise InputError([Problem(file, "an assessment file needs a country (ISO 3166 code) and a round")])
    return store.import_assessment(data, language=language, questionnaire=q, actor=actor)
