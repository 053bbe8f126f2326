"""Where questionnaires are found, and how a command-line argument names one."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import AssessmentError
from .loader import LoadedQuestionnaire, load_catalog, load_questionnaire

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def questionnaires_root() -> Path:
    """The folder of shipped questionnaires, or the one named by ASSESSMENT_QUESTIONNAIRES."""
    return Path(os.environ.get("ASSESSMENT_QUESTIONNAIRES", PROJECT_ROOT / "questionnaires"))


def resolve_questionnaire(name: str) -> LoadedQuestionnaire:
    """Load a questionnaire named by its folder path or by its id among the shipped ones."""
    path = Path(name)
    if path.is_dir():
        return load_questionnaire(path)
    catalog = load_catalog(questionnaires_root())
    if name in catalog.questionnaires:
        return catalog.questionnaires[name]
    if name in catalog.errors:
        raise catalog.errors[name]
    known = ", ".join(sorted(catalog.questionnaires)) or "none"
    raise AssessmentError(f"no questionnaire folder or id '{name}' (known ids: {known})")
