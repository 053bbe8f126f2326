"""Published index scores (ITU GCI, NCSI, …) from a CSV file, checked line by line.

Columns (header required, any order): `instrument`, `country` (ISO 3166 alpha-2), `year`,
`score` (0-100), and optionally `source` (a citation or link). See docs/external-indices.md.
"""

from __future__ import annotations

import csv
import io
import math

from ..countries import is_country_code
from ..errors import InputError, Problem
from ..store import ExternalScore
from ..yamlsafe import decode

REQUIRED = ("instrument", "country", "year", "score")
OPTIONAL = ("source",)
MAX_CSV_BYTES = 1_048_576
MAX_ROWS = 20_000


def parse_external_csv(raw: bytes, file: str = "upload.csv") -> list[ExternalScore]:
    """Every row as an ExternalScore, or InputError listing every bad line (nothing is half-read)."""
    text = decode(raw, file, MAX_CSV_BYTES)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        parts = ([f"missing column(s) {', '.join(missing)}"] if missing else []) + (
            [f"unknown column(s) {', '.join(unknown)}"] if unknown else []
        )
        raise InputError([Problem(file, "; ".join(parts) + f" (expected {', '.join(REQUIRED + OPTIONAL)})", 1)])
    reader.fieldnames = header
    problems: list[Problem] = []
    scores: list[ExternalScore] = []
    seen: dict[tuple[str, str, int], int] = {}
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise InputError([Problem(file, f"more than {MAX_ROWS:,} rows", number)])
        if None in row:
            problems.append(Problem(file, "more values than columns", number))
            continue
        item = _row(row, file, number, problems)
        if item is None:
            continue
        key = (item.instrument, item.country, item.year)
        if key in seen:
            problems.append(Problem(file, f"the same instrument, country and year as line {seen[key]}", number))
            continue
        seen[key] = number
        scores.append(item)
    if problems:
        raise InputError(problems)
    if not scores:
        raise InputError([Problem(file, "no rows after the header", 1)])
    return scores


def _row(row: dict[str, str | None], file: str, number: int, problems: list[Problem]) -> ExternalScore | None:
    values = {k: (v or "").strip() for k, v in row.items()}
    before = len(problems)
    instrument = values["instrument"]
    if not instrument or len(instrument) > 80:
        problems.append(Problem(file, "instrument must be a name of 1 to 80 characters", number, "instrument"))
    country = values["country"].upper()
    if len(country) != 2 or not is_country_code(country):
        problems.append(Problem(file, f"'{values['country']}' is not an ISO 3166 alpha-2 code", number, "country"))
    try:
        year = int(values["year"])
        if not 1990 <= year <= 2100:
            raise ValueError
    except ValueError:
        problems.append(Problem(file, f"year '{values['year']}' is not a year between 1990 and 2100", number, "year"))
        year = 0
    try:
        score = float(values["score"])
        if not (math.isfinite(score) and 0 <= score <= 100):
            raise ValueError
    except ValueError:
        problems.append(Problem(file, f"score '{values['score']}' is not a number from 0 to 100", number, "score"))
        score = 0.0
    source = values.get("source", "")
    if len(source) > 500:
        problems.append(Problem(file, "source is longer than 500 characters", number, "source"))
    if len(problems) > before:
        return None
    return ExternalScore(instrument, country, year, score, source)
