"""Published index scores (ITU GCI, NCSI, …) from a CSV file, in the layouts people download.

Reading is a preview (`read_external_csv`): which column is which field, the rows that
would be stored, and every line that would be skipped with its reason. Nothing is stored
here; the caller shows the preview and stores `preview.rows` when the person confirms.

Accepted: comma, semicolon or tab separated; a UTF-8 byte order mark; title lines before
the header; column names in English, Spanish, Portuguese or French, in any case, with or
without accents; countries as ISO 3166 codes (alpha-2, alpha-3, numeric) or names (see
`countries.country_matches`); decimal commas. See docs/external-indices.md.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..countries import country_matches
from ..errors import InputError, Problem
from ..records import ExternalScore
from ..textcheck import folded
from ..yamlsafe import decode

FIELDS = ("instrument", "country", "year", "score", "source")
REQUIRED = ("country", "year", "score")
"""The instrument is required too, but may be named for the whole file instead of in a column."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "instrument": ("instrument", "instrumento", "index", "index name", "indice", "indicator name", "indicator"),
    "country": (
        "iso2", "iso 2", "alpha 2", "iso alpha 2", "iso3", "iso 3", "alpha 3", "iso alpha 3", "iso", "iso code",
        "codigo iso", "code iso", "country code", "codigo pais", "codigo del pais", "codigo do pais", "code pays",
        "code du pays", "code", "codigo", "country", "country name", "pais", "nombre del pais", "nome do pais",
        "pays", "nom du pays",
    ),
    "year": ("year", "ano", "annee", "edition", "edicion", "edicao"),
    "score": (
        "score", "total score", "overall score", "puntaje", "puntuacion", "pontuacao", "valeur", "value",
        "valor", "points", "total",
    ),
    "source": ("source", "fuente", "fonte", "link", "url", "enlace", "lien", "reference"),
}  # fmt: skip
"""Column names per field, most specific first; compared without case, accents, spaces or punctuation."""

DELIMITERS = (",", ";", "\t")
MAX_CSV_BYTES = 1_048_576
MAX_ROWS = 20_000
MAX_TITLE_LINES = 10
"""Lines before the header (a title, a blank line) that are passed over to find it."""
MAX_INSTRUMENT = 80
MAX_SOURCE = 500
KNOWN_NAMES = "English, Spanish, Portuguese or French"

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$")
_YEAR = re.compile(r"^(\d{4})(?:[.,]0+)?$")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the file and the field it is read as (None: not used)."""

    position: int
    name: str
    field: str | None


@dataclass(frozen=True)
class ExternalPreview:
    """What importing a file would do: nothing is stored until the caller stores `rows`."""

    file: str
    delimiter: str
    header_line: int
    columns: tuple[Column, ...]
    rows: tuple[ExternalScore, ...]
    skipped: tuple[Problem, ...]
    """One problem per reason; a line with two bad values appears twice."""
    instrument: str | None = None
    """The name given for the whole file (used only when it has no instrument column)."""
    unnamed_rows: int = 0
    """Rows that are ready but wait for an instrument name (when the file has no instrument column)."""

    @property
    def mapping(self) -> dict[str, str]:
        """Column of the file → field, for the columns that are used."""
        return {c.name: c.field for c in self.columns if c.field is not None}

    @property
    def has_instrument_column(self) -> bool:
        return any(c.field == "instrument" for c in self.columns)

    @property
    def needs_instrument(self) -> bool:
        """The file has no instrument column and no name was given for it."""
        return not self.has_instrument_column and self.instrument is None

    @property
    def skipped_lines(self) -> list[int]:
        return sorted({p.line for p in self.skipped if p.line is not None})


def read_external_csv(raw: bytes, file: str = "upload.csv", instrument: str | None = None) -> ExternalPreview:
    """The preview of importing `raw`; InputError (with file and line) when the file cannot be used at all.

    `instrument` names the index for every row of a file that has no instrument column
    (a file downloaded from one index's site rarely says which index it is).
    """
    text = _decode(raw, file)
    named = _instrument_name(instrument, file)
    delimiter, records = _records(text, file)
    header_line, header = _header(records, file)
    body = [(line, cells) for line, cells in records if line > header_line and any(c.strip() for c in cells)]
    if not body:
        raise InputError([Problem(file, "no rows after the header", header_line)])
    if len(body) > MAX_ROWS:
        raise InputError([Problem(file, f"more than {MAX_ROWS:,} rows", body[MAX_ROWS][0])])
    columns, countries = _columns(header, body, file, header_line)
    use = {c.field: c.position for c in columns if c.field is not None and c.field != "country"}
    lines = _Lines(file, delimiter, use, countries, len(header), named or "")
    skipped: list[Problem] = []
    rows: list[ExternalScore] = []
    seen: dict[tuple[str, str, int], int] = {}
    for line, cells in body:
        item, problems = lines.read(cells, line)
        skipped += problems
        if item is None:
            continue
        key = (item.instrument, item.country, item.year)
        if key in seen:
            skipped.append(Problem(file, f"the same instrument, country and year as line {seen[key]}", line))
            continue
        seen[key] = line
        rows.append(item)
    waiting = "instrument" not in use and named is None
    return ExternalPreview(
        file,
        delimiter,
        header_line,
        columns,
        () if waiting else tuple(rows),
        tuple(skipped),
        named,
        len(rows) if waiting else 0,
    )


def parse_external_csv(raw: bytes, file: str = "upload.csv", instrument: str | None = None) -> list[ExternalScore]:
    """Every row as an ExternalScore, or InputError listing every bad line (all or nothing)."""
    preview = read_external_csv(raw, file, instrument)
    if preview.skipped:
        raise InputError(list(preview.skipped))
    if preview.needs_instrument:
        raise InputError([Problem(file, "no instrument column, and no instrument name given", preview.header_line)])
    return list(preview.rows)


# -- the file's shape --------------------------------------------------------------------


def _decode(raw: bytes, file: str) -> str:
    try:
        return decode(raw, file, MAX_CSV_BYTES)
    except InputError as exc:
        hint = "; save it as 'CSV UTF-8' (a spreadsheet's plain 'CSV' is often another encoding)"
        raise InputError(
            [Problem(p.file, p.message + hint, p.line, p.path) if "UTF-8" in p.message else p for p in exc.problems]
        ) from None


def _instrument_name(instrument: str | None, file: str) -> str | None:
    name = (instrument or "").strip()
    if len(name) > MAX_INSTRUMENT:
        raise InputError([Problem(file, f"the instrument name must be 1 to {MAX_INSTRUMENT} characters")])
    return name or None


def _records(text: str, file: str) -> tuple[str, list[tuple[int, list[str]]]]:
    """The separator and every record with the line it starts on (blank lines included, as [])."""
    lines = text.split("\n")
    first = re.fullmatch(r"sep=([,;\t|])\r?", lines[0]) if lines else None  # a spreadsheet's hint
    if first:
        delimiter, offset = first.group(1), 1
        text = "\n".join(lines[1:])
    else:
        delimiter, offset = _delimiter("\n".join(lines[: MAX_TITLE_LINES + 1])), 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            records.append((start + offset, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError([Problem(file, f"not a readable CSV file ({exc})", start + offset)]) from None
    return delimiter, records


def _delimiter(sample: str) -> str:
    """The separator that makes a recognisable header, else the one that splits the first lines most."""

    def score(delimiter: str) -> tuple[int, int]:
        rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        known = max((sum(1 for c in row if _field_of(c)) for row in rows), default=0)
        return known, max((len(row) for row in rows), default=0)

    return max(DELIMITERS, key=score)


def _header(records: list[tuple[int, list[str]]], file: str) -> tuple[int, list[str]]:
    """The first line naming a country column and a score or index column, within the first lines."""
    candidates = [(line, cells) for line, cells in records[: MAX_TITLE_LINES + 1] if any(c.strip() for c in cells)]
    if not candidates:
        raise InputError([Problem(file, "the file is empty")])
    for line, cells in candidates:
        fields = {_field_of(c) for c in cells}
        if "country" in fields and fields & {"score", "instrument"}:
            return line, [c.strip() for c in cells]
    line, cells = candidates[0]
    return line, [c.strip() for c in cells]


def _key(name: str) -> str:
    """'País ', 'PAIS' and 'pais' are one name; so are 'Country code' and 'country_code'."""
    return "".join(c for c in folded(name) if c.isalnum())


_FIELD_OF_KEY = {_key(s): f for f, names in SYNONYMS.items() for s in names}
_RANK = {_key(s): n for names in SYNONYMS.values() for n, s in enumerate(names)}


def _field_of(name: str) -> str | None:
    return _FIELD_OF_KEY.get(_key(name))


def _columns(
    header: list[str], body: list[tuple[int, list[str]]], file: str, line: int
) -> tuple[tuple[Column, ...], tuple[int, ...]]:
    """Which column is read as which field, and the country columns, the one that resolves best first.

    Names decide, and content where names are ambiguous: an 'index' column holding numbers
    is the score, not the instrument. Several country columns (a name and an ISO code) are
    all read, so that a line missing one still has the other.
    """

    def values(position: int) -> list[str]:
        return [cells[position].strip() for _, cells in body if position < len(cells) and cells[position].strip()]

    candidates: dict[str, list[int]] = {f: [] for f in FIELDS}
    for position, name in enumerate(header):
        field = _field_of(name)
        if field == "instrument" and _mostly_numbers(values(position)):
            field = "score" if _key(name) != "instrument" else field
        if field is not None:
            candidates[field].append(position)

    def rank(position: int) -> tuple[int, int]:
        named_score = _field_of(header[position]) == "score"
        return (0 if named_score else 1, _RANK.get(_key(header[position]), 99))

    chosen: dict[int, str] = {}
    for field, positions in candidates.items():
        if not positions:
            continue
        if field == "country":
            positions.sort(key=lambda p: (-_resolved(values(p)), _RANK.get(_key(header[p]), 99)))
            chosen.update(dict.fromkeys(positions, field))
        else:
            chosen[min(positions, key=rank)] = field
    missing = [f for f in REQUIRED if f not in chosen.values()]
    if missing:
        expected = "; ".join(f"{f}: {', '.join(SYNONYMS[f][:6])}, …" for f in missing)
        found = ", ".join(f"'{h}'" for h in header if h) or "none"
        message = f"missing column(s) {', '.join(missing)} (columns found: {found}; expected {expected})"
        raise InputError([Problem(file, message, line)])
    columns = tuple(Column(p, name, chosen.get(p)) for p, name in enumerate(header) if name or p in chosen)
    return columns, tuple(candidates["country"])


def _mostly_numbers(values: Sequence[str]) -> bool:
    return bool(values) and sum(1 for v in values if _NUMBER.match(v)) * 2 > len(values)


def _resolved(values: Sequence[str]) -> int:
    distinct = set(values)
    return sum(1 for v in distinct if len(country_matches(v)) == 1)


# -- one line ----------------------------------------------------------------------------


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


@dataclass(frozen=True)
class _Lines:
    """How to read one data line: where each field is, the header's width, the file's instrument."""

    file: str
    delimiter: str
    use: dict[str, int]
    countries: tuple[int, ...]
    width: int
    instrument: str

    def value(self, cells: list[str], field: str) -> str:
        position = self.use.get(field)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    def read(self, cells: list[str], line: int) -> tuple[ExternalScore | None, list[Problem]]:
        """The line's score, or None and every reason it is skipped."""
        if len(cells) > self.width and any(c.strip() for c in cells[self.width :]):
            message = f"more values than columns ({len(cells)} for {self.width})"
            if self.delimiter == ",":
                message += " (a decimal comma needs quotes in a comma-separated file, or use semicolons)"
            return None, [Problem(self.file, message, line)]
        problems: list[Problem] = []

        def refuse(field: str, message: str) -> None:
            problems.append(Problem(self.file, message, line, field))

        instrument = self.value(cells, "instrument") if "instrument" in self.use else self.instrument
        if "instrument" in self.use and not 1 <= len(instrument) <= MAX_INSTRUMENT:
            refuse("instrument", f"instrument must be a name of 1 to {MAX_INSTRUMENT} characters")
        code = self.country(cells, refuse)
        year_text = self.value(cells, "year")
        year = int(match.group(1)) if (match := _YEAR.match(year_text)) else 0
        if not 1990 <= year <= 2100:
            refuse("year", f"year '{_shown(year_text)}' is not a year between 1990 and 2100")
        score_text = self.value(cells, "score")
        score = float(score_text.replace(",", ".")) if _NUMBER.match(score_text) else -1.0
        if not 0 <= score <= 100:
            refuse("score", f"score '{_shown(score_text)}' is not a number from 0 to 100")
        source = self.value(cells, "source")
        if len(source) > MAX_SOURCE:
            refuse("source", f"source is longer than {MAX_SOURCE} characters")
        if problems:
            return None, problems
        return ExternalScore(instrument, code, year, score, source), []

    def country(self, cells: list[str], refuse: Callable[[str, str], None]) -> str:
        """The one country the line's country columns name; '' (and the reason refused) if none."""
        given = {p: v for p in self.countries if p < len(cells) and (v := cells[p].strip())}
        clear = {p: found[0] for p, v in given.items() if len(found := country_matches(v)) == 1}
        if len(set(clear.values())) > 1:
            refuse("country", " and ".join(f"'{_shown(given[p])}'" for p in sorted(clear)) + " are different countries")
        elif clear:
            return next(iter(clear.values()))
        elif not given:
            refuse("country", "no country")
        elif found := country_matches(first := next(iter(given.values()))):
            refuse("country", f"'{_shown(first)}' may be {' or '.join(found)}: write its ISO code")
        else:
            refuse("country", f"'{_shown(first)}' is not an ISO 3166 code nor a country name we know ({KNOWN_NAMES})")
        return ""
