"""Tables for analysts: long-format CSV and multi-sheet XLSX, safe to open in a spreadsheet.

A text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return) is prefixed with an apostrophe, in every cell of every export.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import xlsxwriter

from ..answers import Respondent, Status, Targets
from ..countries import country_name
from ..lenses import lens_frame, lenses
from ..model import Questionnaire
from ..recommend import recommend, recommendations_frame
from ..scoring import Scores, answer_stage, score
from ..store import Store
from .headers import localised, localised_sheets

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


@dataclass(frozen=True)
class AssessmentTables:
    """What one assessment exports: identified by country and round, with its scores and answers."""

    country: str
    round: str
    questionnaire: Questionnaire
    respondents: Sequence[Respondent]
    scores: Scores
    targets: Targets


def stored_tables(store: Store, assessment_id: int, questionnaire: Questionnaire) -> AssessmentTables:
    """The exportable tables of one stored assessment, scored as the Results page scores it."""
    info = store.assessment(assessment_id)
    respondents = store.answers(assessment_id)
    scores = score(questionnaire, respondents, store.consensus(assessment_id))
    return AssessmentTables(info.country, info.round, questionnaire, respondents, scores, store.targets(assessment_id))


def _keys(t: AssessmentTables, lang: str, *, full: bool = False) -> dict[str, str]:
    """The columns that say which assessment a row belongs to; `full` adds names and the questionnaire."""
    keys = {"country": t.country, "round": t.round}
    if full:
        keys |= {"country_name": country_name(t.country, lang), "questionnaire": t.questionnaire.id,
                 "version": t.questionnaire.version}  # fmt: skip
    return keys


def _whole_stages(frame: pd.DataFrame) -> pd.DataFrame:
    """Stages are whole numbers, also in a column with gaps."""
    if "stage" in frame:
        frame["stage"] = frame["stage"].astype("Int64")
    return frame


def answers_frame(tables: Sequence[AssessmentTables], lang: str) -> pd.DataFrame:
    rows = []
    for t in tables:
        q = t.questionnaire
        for person in t.respondents:
            for indicator_id, answer in person.answers.items():
                indicator = q.indicators[indicator_id]
                rows.append(_keys(t, lang) | {
                    "respondent": person.name, "organisation": person.organisation, "group": person.group,
                    "pillar": q.pillar_of[indicator_id].id, "indicator": indicator_id, "status": answer.status.value,
                    "stage": answer_stage(indicator, answer, q.scale.lowest) if answer.status is Status.ANSWERED
                    else None,
                    "items_met": ";".join(sorted(answer.items)) if answer.items is not None else "",
                    "evidence": answer.evidence, "links": " ".join(answer.links), "comment": answer.comment,
                    "review": answer.review,
                })  # fmt: skip
    return _whole_stages(pd.DataFrame(rows))


def indicator_results_frame(tables: Sequence[AssessmentTables], lang: str) -> pd.DataFrame:
    rows = []
    for t in tables:
        q = t.questionnaire
        for r in t.scores.indicators:
            rows.append(_keys(t, lang) | {
                "pillar": r.pillar_id, "indicator": r.indicator_id,
                "title": q.text(q.indicators[r.indicator_id].title, lang), "status": r.status, "stage": r.stage,
                "score": r.score, "coverage": r.coverage, "respondents": r.respondents, "spread": r.spread,
                "divergent": r.divergent, "consensus": r.from_consensus, "evidence": r.has_evidence,
            })  # fmt: skip
    return _whole_stages(pd.DataFrame(rows))


def pillar_results_frame(tables: Sequence[AssessmentTables], lang: str) -> pd.DataFrame:
    rows = []
    for t in tables:
        q = t.questionnaire
        tier = q.tier_for(t.scores.index).id if t.scores.index is not None else None
        overall = {"pillar": "", "name": "index", "stage": None, "score": t.scores.index, "tier": tier,
                   "completeness": t.scores.completeness, "confidence": t.scores.confidence}  # fmt: skip
        rows.append(_keys(t, lang, full=True) | overall)
        for p in t.scores.pillars:
            rows.append(_keys(t, lang, full=True) | {
                "pillar": p.pillar_id, "name": q.text(q.pillar(p.pillar_id).name, lang), "stage": p.stage,
                "score": p.score, "tier": None, "completeness": p.completeness, "confidence": p.confidence,
            })  # fmt: skip
    return _whole_stages(pd.DataFrame(rows))


def recommendations_table(tables: Sequence[AssessmentTables], lang: str) -> pd.DataFrame:
    frames = []
    for t in tables:
        frame = recommendations_frame(t.questionnaire, recommend(t.questionnaire, t.scores, t.targets), lang)
        for key, value in reversed(_keys(t, lang).items()):
            frame.insert(0, key, value)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def sheets(tables: Sequence[AssessmentTables], lang: str) -> dict[str, pd.DataFrame]:
    """The sheets of an export in `lang`: answers, indicator results, pillar results, recommendations, columns."""
    return localised_sheets(
        {
            "answers": answers_frame(tables, lang),
            "indicator results": indicator_results_frame(tables, lang),
            "pillar results": pillar_results_frame(tables, lang),
            "recommendations": recommendations_table(tables, lang),
        },
        lang,
    )


def lens_results_frame(tables: Sequence[AssessmentTables], lang: str) -> pd.DataFrame:
    """Per assessment, the results through every framework its questionnaire maps to (docs/scoring.md)."""
    frames = []
    for t in tables:
        for seen in lenses(t.questionnaire, t.scores):
            frame = lens_frame(seen, lang).drop(columns=["depth"]).rename(columns={"version": "framework_version"})
            for key, value in reversed(_keys(t, lang, full=True).items()):
                frame.insert(0, key, value)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def long_csv(tables: Sequence[AssessmentTables], lang: str, *, machine_headers: bool = False) -> str:
    """Results in long format: one row per assessment and index, pillar, indicator or framework element.

    Framework elements (`level` = `lens`) carry `framework`, `framework_version` and
    `element`; an element no indicator maps to has `covered` false and no score. Headers
    and coded values are in `lang`, or the machine names with `machine_headers`.
    """
    pillars = pillar_results_frame(tables, lang).assign(
        level=lambda f: f["pillar"].map(lambda p: "pillar" if p else "index")
    )
    indicators = indicator_results_frame(tables, lang).assign(level="indicator")
    full = pd.DataFrame([_keys(t, lang, full=True) for t in tables])
    indicators = indicators.merge(full, on=["country", "round"], how="left")
    frame = pd.concat([pillars, indicators], ignore_index=True)
    seen = lens_results_frame(tables, lang)
    if not seen.empty:
        frame = pd.concat([frame, seen.assign(level="lens")], ignore_index=True)
        frame["stage"] = frame["stage"].astype("Int64")
    first = ["level", "country", "country_name", "round", "questionnaire", "version", "pillar", "indicator"]
    frame = frame[[*first, *[c for c in frame.columns if c not in first]]]
    return neutralise(frame if machine_headers else localised(frame, lang)).to_csv(index=False)


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


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per frame; every text neutralised, header bold and frozen.

    XlsxWriter in constant-memory mode, told never to turn a text into a formula or a link.
    """
    buffer = io.BytesIO()
    options = {"constant_memory": True, "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}  # fmt: skip
    with xlsxwriter.Workbook(buffer, options) as book:
        bold = book.add_format({"bold": True})
        for name, frame in frames.items():
            sheet = book.add_worksheet(name[:31])
            safe = neutralise(frame)
            sheet.write_row(0, 0, [str(c) for c in safe.columns], bold)
            sheet.freeze_panes(1, 0)
            for n, column in enumerate(safe.columns):
                sheet.set_column(n, n, min(60, max(10, len(str(column)) + 2)))
            write_string, write_number, write_boolean = sheet.write_string, sheet.write_number, sheet.write_boolean
            for r, row in enumerate(safe.itertuples(index=False, name=None), start=1):
                for c, value in enumerate(row):
                    cell = _excel_value(value)
                    if cell is None:
                        continue
                    if isinstance(cell, str):
                        write_string(r, c, cell)
                    elif isinstance(cell, bool):
                        write_boolean(r, c, cell)
                    else:
                        write_number(r, c, cell)
    return buffer.getvalue()
