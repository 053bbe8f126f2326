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


def resolve_questionnaire(name: str, version: str | None = None) -> LoadedQuestionnaire:
    """Load a questionnaire named by its folder path, or by its id among the shipped ones.

    An id may carry a version (`national@1.0.0`); without one, `version` is used, and
    without that the newest installed version.
    """
    path = Path(name)
    if path.is_dir():
        return load_questionnaire(path)
    name, _, named_version = name.partition("@")
    version = named_version or version
    catalog = load_catalog(questionnaires_root())
    if (loaded := catalog.find(name, version)) is not None:
        return loaded
    if name in catalog.errors:
        raise catalog.errors[name]
    if version is not None and name in catalog.questionnaires:
        installed = ", ".join(v.questionnaire.version for v in catalog.versions_of(name))
        raise AssessmentError(f"questionnaire '{name}' version {version} is not installed (installed: {installed})")
    known = ", ".join(sorted(catalog.questionnaires)) or "none"
    raise AssessmentError(f"no questionnaire folder or id '{name}' (known ids: {known})")
