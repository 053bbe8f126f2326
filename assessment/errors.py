"""Errors meant for people: each problem names the file, the line and the key path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    message: str
    line: int | None = None
    path: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        key = f" [{self.path}]" if self.path else ""
        return f"{where}:{key} {self.message}"


class AssessmentError(Exception):
    """An error a person can act on; the CLI and the app show it without a traceback.

    `key` names the interface-catalog text that says the same in the person's language
    (filled with `values`); the English message stays for the CLI, logs and tests.
    """

    def __init__(self, message: str = "", *, key: str | None = None, **values: object) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


class LinkInvalid(AssessmentError):
    """A single-use link (invitation, password reset) that is unknown, used, revoked or expired."""


class NotEligible(AssessmentError):
    """An account that an invitation cannot reach (an administrator's, facilitator's or viewer's, or disabled)."""


class InputError(AssessmentError):
    """An input file (questionnaire, answers) was refused; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def format_path(path: tuple[object, ...]) -> str:
    """Render a key path as `pillars[2].descriptors.3` for messages."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
