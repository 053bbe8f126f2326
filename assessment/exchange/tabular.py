"""Tables for analysts: long-format CSV and multi-sheet XLSX, safe to open in a spreadsheet.

A text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return) is prefixed with an apostrophe, in every cell of every export.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from typing import overload

import pandas as pd

from ..answers import Status
from ..countries import country_name
from ..lenses import lens_frame, lenses
from ..recommend import RECOMMENDATION_COLUMNS, recommendation_rows
from ..scored import ScoredAssessment
from ..scoring import answer_stage
from .headers import localised, localised_sheets

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@overload
def safe_cell(value: str) -> str: ...
@overload
def safe_cell(value: object) -> object: ...
def safe_cell(value: object) -> object:
    """A cell value a spreadsheet shows as text, never runs."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell (and column name) made safe for spreadsheets."""
    safe = frame.map(safe_cell)
    safe.columns = [safe_cell(str(c)) for c in frame.columns]
    return safe


def _keys(t: ScoredAssessment, language: str, *, full: bool = False) -> dict[str, object]:
    """The columns that say which assessment a row belongs to; `full` adds names and the questionnaire."""
    keys: dict[str, object] = {"country": t.country, "round": t.round}
    if full:
        keys |= {"country_name": country_name(t.country, language), "questionnaire": t.questionnaire.id,
                 "version": t.questionnaire.version}  # fmt: skip
    return keys


def _whole_stages(frame: pd.DataFrame) -> pd.DataFrame:
    """Stages are whole numbers, also in a column with gaps."""
    if "stage" in frame:
        frame["stage"] = frame["stage"].astype("Int64")
    return frame


ANSWER_COLUMNS = ("country", "round", "respondent", "organisation", "group", "pillar", "indicator", "status", "stage",
                  "items_met", "evidence", "links", "comment", "review")  # fmt: skip
INDICATOR_COLUMNS = ("country", "round", "pillar", "indicator", "title", "status", "stage", "score", "coverage",
                     "respondents", "spread", "divergent", "consensus", "evidence")  # fmt: skip


def _rows_frame(rows: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    """Rows as a frame (stages whole numbers); no rows, no columns (an empty sheet)."""
    return _whole_stages(pd.DataFrame(rows, columns=list(columns))) if rows else pd.DataFrame()


def answers_frame(tables: Sequence[ScoredAssessment], language: str) -> pd.DataFrame:
    """One row per respondent and answer (rows as tuples: a comparison has tens of thousands)."""
    rows = []
    answered = Status.ANSWERED
    for t in tables:
        q, country, round_label = t.questionnaire, t.country, t.round
        lowest, pillar_of = q.scale.lowest, q.pillar_of
        for person in t.respondents:
            for indicator_id, answer in person.answers.items():
                status = answer.status
                rows.append((
                    country, round_label, person.name, person.organisation, person.group,
                    pillar_of[indicator_id].id, indicator_id, status.value,
                    answer_stage(q.indicators[indicator_id], answer, lowest) if status is answered else None,
                    ";".join(sorted(answer.items)) if answer.items is not None else "",
                    answer.evidence, " ".join(answer.links), answer.comment, answer.review,
                ))  # fmt: skip
    return _rows_frame(rows, ANSWER_COLUMNS)


def indicator_results_frame(tables: Sequence[ScoredAssessment], language: str) -> pd.DataFrame:
    rows = []
    for t in tables:
        q, country, round_label = t.questionnaire, t.country, t.round
        rows += [
            (country, round_label, r.pillar_id, r.indicator_id, q.text(q.indicators[r.indicator_id].title, language),
             r.status, r.stage, r.score, r.coverage, r.respondents, r.spread, r.divergent, r.from_consensus,
             r.has_evidence)
            for r in t.scores.indicators
        ]  # fmt: skip
    return _rows_frame(rows, INDICATOR_COLUMNS)


def pillar_results_frame(tables: Sequence[ScoredAssessment], language: str) -> pd.DataFrame:
    rows = []
    for t in tables:
        q = t.questionnaire
        tier = t.scores.tier_id
        overall = {"pillar": "", "name": "index", "stage": None, "score": t.scores.index, "tier": tier,
                   "completeness": t.scores.completeness, "confidence": t.scores.confidence}  # fmt: skip
        rows.append(_keys(t, language, full=True) | overall)
        for p in t.scores.pillars:
            rows.append(_keys(t, language, full=True) | {
                "pillar": p.pillar_id, "name": q.text(q.pillar(p.pillar_id).name, language), "stage": p.stage,
                "score": p.score, "tier": None, "completeness": p.completeness, "confidence": p.confidence,
            })  # fmt: skip
    return _whole_stages(pd.DataFrame(rows))


def recommendations_table(tables: Sequence[ScoredAssessment], language: str) -> pd.DataFrame:
    """Every assessment's roadmap, the columns saying which assessment first: one frame for them all."""
    if not tables:
        return pd.DataFrame()
    rows = [(t.country, t.round, *row) for t in tables
            for row in recommendation_rows(t.questionnaire, t.recommendations, language)]  # fmt: skip
    return pd.DataFrame(rows, columns=["country", "round", *RECOMMENDATION_COLUMNS])


def sheets(tables: Sequence[ScoredAssessment], language: str, *, respondents: bool = True) -> dict[str, pd.DataFrame]:
    """The sheets of an export in `language`: answers, indicator results, pillar results, recommendations, columns.

    `respondents=False` leaves out the answers sheet (one row per respondent and indicator, with
    names, evidence and comments): half the cells of a comparison workbook, and the only sheet
    with people's own words in it.
    """
    frames = {"answers": answers_frame(tables, language)} if respondents else {}
    frames |= {
        "indicator results": indicator_results_frame(tables, language),
        "pillar results": pillar_results_frame(tables, language),
        "recommendations": recommendations_table(tables, language),
    }
    return localised_sheets(frames, language)


def lens_results_frame(tables: Sequence[ScoredAssessment], language: str) -> pd.DataFrame:
    """Per assessment, the results through every framework its questionnaire maps to (docs/scoring.md)."""
    frames = []
    for t in tables:
        for seen in lenses(t.questionnaire, t.scores):
            frame = lens_frame(seen, language).drop(columns=["depth"]).rename(columns={"version": "framework_version"})
            for key, value in reversed(_keys(t, language, full=True).items()):
                frame.insert(0, key, value)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def long_csv(tables: Sequence[ScoredAssessment], language: str, *, machine_headers: bool = False) -> str:
    """Results in long format: one row per assessment and index, pillar, indicator or framework element.

    Framework elements (`level` = `lens`) carry `framework`, `framework_version` and
    `element`; an element no indicator maps to has `covered` false and no score. Headers
    and coded values are in `language`, or the machine names with `machine_headers`.
    """
    pillars = pillar_results_frame(tables, language).assign(
        level=lambda f: f["pillar"].map(lambda p: "pillar" if p else "index")
    )
    indicators = indicator_results_frame(tables, language).assign(level="indicator")
    full = pd.DataFrame([_keys(t, language, full=True) for t in tables])
    indicators = indicators.merge(full, on=["country", "round"], how="left")
    frame = pd.concat([pillars, indicators], ignore_index=True)
    seen = lens_results_frame(tables, language)
    if not seen.empty:
        frame = pd.concat([frame, seen.assign(level="lens")], ignore_index=True)
        frame["stage"] = frame["stage"].astype("Int64")
    first = ["level", "country", "country_name", "round", "questionnaire", "version", "pillar", "indicator"]
    frame = frame[[*first, *[c for c in frame.columns if c not in first]]]
    return neutralise(frame if machine_headers else localised(frame, language)).to_csv(index=False)


def _excel_value(value: object) -> object:
    """A value for a cell: missing values (None, NaN, pandas NA) and empty texts become empty cells."""
    if isinstance(value, str):
        return value or None
    if value is None:
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else str(value)


# -- the XLSX file -----------------------------------------------------------------------------------------
#
# Written here, not cell by cell through XlsxWriter: at about 4 µs of XlsxWriter per cell, the comparison
# workbook of 200 assessments (some 860,000 cells) took most of its 5.6 s there (issue 13); here a cell is one
# f-string. The parts and their XML are those XlsxWriter wrote for these sheets (tests/test_xlsx.py reads the
# workbook back): shared strings (each distinct text once), a bold header frozen at the top, column widths,
# numbers and booleans as such, and no formula anywhere (a text a spreadsheet would run is neutralised by
# `safe_cell`, and no cell is ever written as a formula).

MAX_ROWS, MAX_COLUMNS, MAX_TEXT = 1_048_576, 16_384, 32_767
"""Excel's limits: rows and columns beyond are left out (as XlsxWriter does), longer texts cut."""
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument"
_NOT_XML = re.compile(r"[\x00-\x08\x0b-\x1f]")
"""Characters XML 1.0 cannot hold (and a carriage return, which XML readers drop): written as Excel's _xHHHH_."""
_LOOKS_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
    '</font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill>'
    '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" '
    'fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" '
    'applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
    'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
)
_BOLD = 1
"""The header's style: the second cell format of `_STYLES`."""


def _xml_text(text: str) -> str:
    """A text as XML element content, with Excel's escapes for the characters XML cannot hold."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub(r"_x005F\1", text)
    if _NOT_XML.search(text):
        text = _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _xml_text(text).replace('"', "&quot;")


def _column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_width(characters: float) -> float:
    """A column width in characters as Excel stores it (XlsxWriter's conversion: 7-pixel digits, 5 of padding)."""
    return int((int(characters * 7 + 0.5) + 5) / 7 * 256.0) / 256.0


class _SharedStrings:
    """Every distinct text of the workbook once; a cell holds the text's number."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def cell(self, ref: str, text: str, style: str = "") -> str:
        if len(text) > MAX_TEXT:
            text = text[:MAX_TEXT]
        number = self.index.get(text)
        if number is None:
            number = self.index[text] = len(self.index)
        self.count += 1
        return f'<c r="{ref}"{style} t="s"><v>{number}</v></c>'

    def xml(self) -> str:
        items = "".join(
            f'<si><t xml:space="preserve">{_xml_text(t)}</t></si>' if t[:1].isspace() or t[-1:].isspace()
            else f"<si><t>{_xml_text(t)}</t></si>"
            for t in self.index
        )  # fmt: skip
        return f'{_XML_HEAD}<sst xmlns="{_MAIN}" count="{self.count}" uniqueCount="{len(self.index)}">{items}</sst>'


def _cell(ref: str, value: object, strings: _SharedStrings) -> str:
    """One cell at `ref` ("" for an empty one): a text (neutralised), a number or a boolean, typed by its value."""
    if isinstance(value, str):
        if not value:
            return ""
        return strings.cell(ref, "'" + value if value.startswith(FORMULA_STARTS) else value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, float):
        # 16 significant digits, as XlsxWriter writes them (and 25.0 as 25).
        return f'<c r="{ref}"><v>{value:.16G}</v></c>' if math.isfinite(value) else ""
    plain = _excel_value(value)  # pandas NA, numpy scalars; anything else as its text
    if plain is None:
        return ""
    return _cell(ref, plain if isinstance(plain, str | bool | int | float) else str(plain), strings)


def _column_cells(values: list, letter: str, strings: _SharedStrings) -> list[str]:
    """One column's cells from row 2 down: `_cell`, with the common types written inline.

    A workbook of 200 assessments has some 860,000 cells: one function call less per cell is a
    tenth of its time. Texts, None, floats, ints and booleans are written here as `_cell` writes
    them; anything else (pandas NA, numpy scalars) goes through `_cell`.
    """
    cells: list[str] = []
    add = cells.append
    numbers = strings.index
    texts = 0
    for row, value in enumerate(values, start=2):
        kind = type(value)
        if kind is str:
            if not value:
                add("")
                continue
            text = "'" + value if value.startswith(FORMULA_STARTS) else value
            if len(text) > MAX_TEXT:
                text = text[:MAX_TEXT]
            number = numbers.get(text)
            if number is None:
                number = numbers[text] = len(numbers)
            texts += 1
            add(f'<c r="{letter}{row}" t="s"><v>{number}</v></c>')
        elif value is None:
            add("")
        elif kind is float:
            add(f'<c r="{letter}{row}"><v>{value:.16G}</v></c>' if math.isfinite(value) else "")
        elif kind is int:
            add(f'<c r="{letter}{row}"><v>{value}</v></c>')
        elif kind is bool:
            add(f'<c r="{letter}{row}" t="b"><v>{int(value)}</v></c>')
        else:
            add(_cell(f"{letter}{row}", value, strings))
    strings.count += texts
    return cells


def _text_cells(column: pd.Series, letter: str, strings: _SharedStrings) -> list[str]:
    """A text column's cells from row 2 down, as `_column_cells` writes them, each distinct text looked up once.

    Most texts of a comparison repeat (countries, rounds, groups, indicator ids): the column is
    factorised, each distinct text neutralised, cut and numbered once, in the order it first
    appears (so the shared strings are numbered as cell by cell), and each cell is one f-string.
    """
    codes, uniques = pd.factorize(column)  # a missing value's code is -1
    numbers = strings.index
    ends: list[str] = []
    for value in uniques.tolist():
        if not value:
            ends.append("")
            continue
        text = "'" + value if value.startswith(FORMULA_STARTS) else value
        if len(text) > MAX_TEXT:
            text = text[:MAX_TEXT]
        number = numbers.get(text)
        if number is None:
            number = numbers[text] = len(numbers)
        ends.append(f'" t="s"><v>{number}</v></c>')
    ends.append("")  # code -1: an empty cell
    cell_ends = list(map(ends.__getitem__, codes.tolist()))
    strings.count += len(cell_ends) - cell_ends.count("")
    return [f'<c r="{letter}{row}{end}' if end else "" for row, end in enumerate(cell_ends, start=2)]


def _sheet_xml(frame: pd.DataFrame, strings: _SharedStrings, *, first: bool) -> str:
    """One worksheet: a bold header frozen at the top, columns as wide as their headers (10 to 60 characters)."""
    frame = frame.iloc[: MAX_ROWS - 1, :MAX_COLUMNS]
    headers = [safe_cell(str(c)) for c in frame.columns]
    letters = [_column_letters(n) for n in range(len(headers))]
    bold = f' s="{_BOLD}"'
    head = "".join(strings.cell(f"{x}1", h, bold) if h else f'<c r="{x}1"{bold}/>'
                   for x, h in zip(letters, headers, strict=True))  # fmt: skip
    columns = [_text_cells(column, x, strings) if isinstance(column.dtype, pd.StringDtype)
               else _column_cells(column.tolist(), x, strings)
               for x, column in zip(letters, (frame.iloc[:, n] for n in range(len(letters))), strict=True)]  # fmt: skip
    rows = [f'<row r="1">{head}</row>'] if headers else []
    rows += [f'<row r="{r}">{"".join(cells)}</row>' for r, cells in enumerate(zip(*columns, strict=True), start=2)]
    end = f"{letters[-1]}{len(frame) + 1}" if headers else "A1"
    widths = "".join(f'<col min="{n}" max="{n}" width="{_column_width(min(60, max(10, len(str(c)) + 2)))}" '
                     'customWidth="1"/>' for n, c in enumerate(frame.columns, start=1))  # fmt: skip
    selected = ' tabSelected="1"' if first else ""
    return (
        f'{_XML_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONS}"><dimension ref="A1:{end}"/>'
        f'<sheetViews><sheetView{selected} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{widths}</cols>" if widths else ""}'
        f'<sheetData>{"".join(rows)}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
        'header="0.3" footer="0.3"/></worksheet>'
    )


def _sheet_names(frames: dict[str, pd.DataFrame]) -> list[str]:
    names = [name[:31] for name in frames]
    if any(not n or re.search(r"[\[\]:*?/\\]", n) for n in names) or len({n.lower() for n in names}) < len(names):
        raise ValueError(f"sheet names must be distinct, 1 to 31 characters, without []:*?/\\: {names}")
    return names


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per frame; every text neutralised, header bold and frozen, no formula anywhere."""
    names = _sheet_names(frames)
    strings = _SharedStrings()
    parts = {f"xl/worksheets/sheet{n}.xml": _sheet_xml(frame, strings, first=n == 1)
             for n, frame in enumerate(frames.values(), start=1)}  # fmt: skip
    count = len(names)
    sheet_types = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_TYPES}.spreadsheetml.'
                          'worksheet+xml"/>' for n in range(1, count + 1))  # fmt: skip
    sheet_links = "".join(f'<Relationship Id="rId{n}" Type="{_RELATIONS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                          for n in range(1, count + 1))  # fmt: skip
    sheet_list = "".join(f'<sheet name="{_attribute(name)}" sheetId="{n}" r:id="rId{n}"/>'
                         for n, name in enumerate(names, start=1))  # fmt: skip
    titles = "".join(f"<vt:lpstr>{_xml_text(name)}</vt:lpstr>" for name in names)
    files = {
        "[Content_Types].xml": (
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_TYPES}.extended-properties+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_TYPES}.spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.spreadsheetml.sheet.main+xml"/>'
            f'{sheet_types}<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{_TYPES}.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'{_XML_HEAD}<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1" '
            f'Type="{_RELATIONS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" '
            f'Type="{_PACKAGE}/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" '
            f'Type="{_RELATIONS}/extended-properties" Target="docProps/app.xml"/></Relationships>'
        ),
        "docProps/app.xml": (
            f'{_XML_HEAD}<Properties xmlns="{_RELATIONS.replace("relationships", "extended-properties")}" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>'
            "Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs>"
            '<vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>'
            f"<vt:variant><vt:i4>{count}</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts>"
            f'<vt:vector size="{count}" baseType="lpstr">{titles}</vt:vector></TitlesOfParts><LinksUpToDate>false'
            "</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
            "<AppVersion>12.0000</AppVersion></Properties>"
        ),
        "docProps/core.xml": (
            f'{_XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator></dc:creator></cp:coreProperties>'
        ),
        "xl/workbook.xml": (
            f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONS}"><workbookPr/><bookViews><workbookView '
            f'xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews><sheets>{sheet_list}'
            '</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML_HEAD}<Relationships xmlns="{_PACKAGE}">{sheet_links}<Relationship Id="rId{count + 1}" '
            f'Type="{_RELATIONS}/styles" Target="styles.xml"/><Relationship Id="rId{count + 2}" '
            f'Type="{_RELATIONS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/styles.xml": _XML_HEAD + _STYLES,
        **parts,
        "xl/sharedStrings.xml": strings.xml(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, text in files.items():
            book.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text.encode("utf-8"),
                          compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)  # fmt: skip
    return buffer.getvalue()
