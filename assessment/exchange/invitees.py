"""The people to invite, from a CSV file or text pasted from a spreadsheet, checked line by line.

Columns (a header line, any order): name, e-mail, organisation, stakeholder group. Header
names may be English, Spanish, Portuguese or French (`name`/`nombre`/`nome`/`nom`,
`email`/`e-mail`/`correo`/`courriel`, `organisation`/`organización`/`organização`,
`group`/`grupo`/`groupe`). The group may be written
as its id (`civil-society`) or its name in any language of the questionnaire. Commas,
semicolons and tabs (a paste from a spreadsheet) are all understood.
"""

from __future__ import annotations

import csv
import io

from ..errors import InputError, Problem
from ..model import Questionnaire
from ..store.invitations import EMAIL, MAX_BATCH, Invitee
from ..textcheck import folded
from ..yamlsafe import decode

MAX_BYTES = 262_144
HEADERS = {
    "name": ("name", "nombre", "full name", "nombre completo", "nome", "nome completo", "nom", "nom complet"),
    "email": (
        "email",
        "e-mail",
        "mail",
        "correo",
        "correo electronico",
        "correo-e",
        "endereco de e-mail",
        "courriel",
        "adresse courriel",
        "adresse e-mail",
    ),
    "organisation": (
        "organisation",
        "organization",
        "organizacion",
        "institucion",
        "institution",
        "organizacao",
        "instituicao",
        "organisme",
    ),
    "group": (
        "group",
        "grupo",
        "stakeholder group",
        "grupo de actores",
        "grupo de partes interessadas",
        "groupe",
        "groupe de parties prenantes",
    ),
}


def _plain(text: str) -> str:
    """Lower case without accents, for matching headers and group names."""
    return folded(text.strip())


def _column(header: str) -> str | None:
    plain = _plain(header)
    return next((key for key, names in HEADERS.items() if plain in names), None)


def parse_invitees(raw: bytes | str, questionnaire: Questionnaire, file: str = "invitees") -> list[Invitee]:
    """Every line as an Invitee, or InputError naming each bad line (nothing is half-read)."""
    text = raw if isinstance(raw, str) else decode(raw, file, MAX_BYTES)
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(("\t", ";", ","), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        raise InputError([Problem(file, "no lines: write a header line, then one line per person", 1)])
    columns = [_column(h) for h in rows[0]]
    missing = [key for key in ("name", "email", "group") if key not in columns]
    if missing:
        raise InputError([Problem(file, f"missing column(s) {', '.join(missing)} in the header line", 1)])
    groups = {g.id: g.id for g in questionnaire.stakeholder_groups}
    for stakeholder in questionnaire.stakeholder_groups:
        for name in stakeholder.name.values():
            groups[_plain(name)] = stakeholder.id
    problems: list[Problem] = []
    people: list[Invitee] = []
    for number, row in enumerate(rows[1:], start=2):
        if len(people) >= MAX_BATCH:
            problems.append(Problem(file, f"more than {MAX_BATCH} people at once", number))
            break
        values = {key: cell.strip() for key, cell in zip(columns, row, strict=False) if key}
        name, email = values.get("name", ""), values.get("email", "").lower()
        group = groups.get(values.get("group", "")) or groups.get(_plain(values.get("group", "")))
        before = len(problems)
        if not name or len(name) > 200:
            problems.append(Problem(file, "a name of up to 200 characters is needed", number, "name"))
        if not EMAIL.match(email) or len(email) > 200:
            problems.append(Problem(file, f"'{values.get('email', '')}' is not an e-mail address", number, "email"))
        if group is None:
            known = ", ".join(sorted(g.id for g in questionnaire.stakeholder_groups))
            problems.append(
                Problem(file, f"'{values.get('group', '')}' is not a stakeholder group ({known})", number, "group")
            )
        if len(problems) == before and group is not None:  # a missing group is one of the problems
            people.append(Invitee(name, email, values.get("organisation", "")[:200], group))
    if problems:
        raise InputError(problems)
    if not people:
        raise InputError([Problem(file, "no people after the header line", 1)])
    return people
