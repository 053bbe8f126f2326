"""The documentation keeps up with the code: every key of every format is documented."""

from __future__ import annotations

import re
import types
import typing

import pytest
from pydantic import BaseModel

from assessment.answers_file import AnswersFile
from assessment.model import Crosswalk, FrameworkCatalog, GlossaryFile, GuidesFile, PillarFile, QuestionnaireFile
from assessment.schema import schema_texts
from tests.conftest import ROOT


def models_in(annotation: object) -> list[type[BaseModel]]:
    """Every pydantic model mentioned in a type annotation, however nested."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found += models_in(arg)
    if isinstance(annotation, types.UnionType):
        for arg in annotation.__args__:
            found += models_in(arg)
    return found


def all_keys(model: type[BaseModel]) -> set[str]:
    keys: set[str] = set()
    pending, seen = [model], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, field in current.model_fields.items():
            keys.add(field.alias or name)
            pending += models_in(field.annotation)
    return keys


def documented_keys(doc: str) -> set[str]:
    """Keys named in the first column of the doc's tables."""
    return set(re.findall(r"^\| `([a-z_0-9]+)` \|", doc, flags=re.MULTILINE))


@pytest.mark.parametrize(
    ("doc", "models"),
    [
        (
            "questionnaire-format.md",
            [QuestionnaireFile, PillarFile, FrameworkCatalog, GlossaryFile, GuidesFile, Crosswalk],
        ),
        ("answers-format.md", [AnswersFile]),
    ],
)
def test_every_key_is_documented(doc, models):
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    keys = set().union(*(all_keys(m) for m in models))
    missing = keys - documented_keys(text)
    assert not missing, f"keys missing from docs/{doc}: {sorted(missing)}"


def test_key_walk_finds_nested_keys():
    keys = all_keys(PillarFile)
    assert {"descriptors", "items", "stage", "sim3", "asked_of"} <= keys


def test_published_schemas_are_current():
    for name, text in schema_texts().items():
        published = (ROOT / "docs" / "schema" / name).read_text(encoding="utf-8")
        assert published == text, f"docs/schema/{name} is stale: run `make schema`"


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^```(?:sh|bash)?\n(.+?)\n```", readme, flags=re.MULTILINE | re.DOTALL)
    assert commands[:2] == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    settings: set[str] = set()
    for path in (ROOT / "assessment").rglob("*.py"):
        settings |= set(re.findall(r"os\.environ\.get\(\"([A-Z_]+)\"", path.read_text(encoding="utf-8")))
    assert settings >= {"DATABASE_URL", "ASSESSMENT_DATA_DIR", "ASSESSMENT_QUESTIONNAIRES"}
    undocumented = {name for name in settings if f"| `{name}` |" not in readme}
    assert not undocumented, f"settings missing from the README table: {sorted(undocumented)}"


def test_every_export_column_is_documented_with_its_names():
    from assessment.i18n import catalog

    text = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    for key in catalog("en"):
        if key.startswith("column.") and key not in ("column.header", "column.machine_name"):
            assert f"| `{key.removeprefix('column.')}` |" in text, key
