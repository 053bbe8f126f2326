"""The file formats as JSON Schema, generated from the models so that they cannot drift apart."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .answers_file import AnswersFile
from .model import Crosswalk, FrameworkCatalog, GlossaryFile, GuidesFile, PillarFile, QuestionnaireFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "questionnaire.schema.json": QuestionnaireFile,
    "pillar.schema.json": PillarFile,
    "glossary.schema.json": GlossaryFile,
    "guides.schema.json": GuidesFile,
    "crosswalk.schema.json": Crosswalk,
    "framework.schema.json": FrameworkCatalog,
    "answers.schema.json": AnswersFile,
}


def schema_texts() -> dict[str, str]:
    """Each schema file's name and its JSON text."""
    texts = {}
    for name, model in SCHEMAS.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
        texts[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return texts


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
