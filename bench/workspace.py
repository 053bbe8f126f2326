"""The facilitator's workspace: figures for 200 assessments.

- Compare page rerun with 200 assessments selected (AppTest, server side), aim < 1 s;
- the comparison workbook (XLSX) of 200 assessments, and its xlsx_bytes alone, aim < 3 s;
- import of a portable file of 10 respondents, aim < 0.5 s.

`python -m bench.workspace workbook` prints the workbook's figures alone (after the same set-up).
"""

from __future__ import annotations

import dataclasses
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.demo import COUNTRIES, demo_assessment
from assessment.exchange.portable import export_assessment, import_assessment, to_json
from assessment.exchange.tabular import sheets, xlsx_bytes
from assessment.loader import load_catalog, load_questionnaire
from assessment.model import Questionnaire
from assessment.scored import load_many
from assessment.store import Store
from bench.accounts import ensure_admin, signed_in
from bench.engine import NATIONAL, report, timed

ASSESSMENTS = 200


def compare_script():
    from assessment.web.compare import render_compare_page

    render_compare_page()


def populate(store: Store) -> list[int]:
    q = load_questionnaire(NATIONAL).questionnaire
    rng = random.Random(200)
    ids = []
    for n in range(ASSESSMENTS):
        data = demo_assessment(q, COUNTRIES[n % len(COUNTRIES)], 0, rng)
        data = dataclasses.replace(data, round=str(1900 + n))
        ids.append(store.import_assessment(data, language="en", questionnaire=q, actor="bench").id)
    return ids


def workbook_figures(store: Store, q: Questionnaire, ids: list[int]) -> None:
    """The comparison workbook as Compare makes it: read in bulk and score (load_many), sheets, XLSX."""
    report(f"comparison workbook of {ASSESSMENTS} assessments (read, score, sheets, XLSX)",
           timed(lambda: xlsx_bytes(sheets(load_many(store, q, ids), "en")), 3), 3.0)  # fmt: skip
    report("  the same without the per-respondent answers sheet (sheets(..., respondents=False))",
           timed(lambda: xlsx_bytes(sheets(load_many(store, q, ids), "en", respondents=False)), 3), 3.0)  # fmt: skip
    scored = load_many(store, q, ids)
    report("  of which reading and scoring (load_many)", timed(lambda: load_many(store, q, ids), 3), 3.0)
    frames = sheets(scored, "en")
    cells = sum(frame.size for frame in frames.values())
    report(f"  of which xlsx_bytes alone ({cells:,} cells)", timed(lambda: xlsx_bytes(frames), 3), 3.0)


def main(only: str | None = None) -> None:
    q = load_questionnaire(NATIONAL).questionnaire
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ASSESSMENT_DATA_DIR"] = folder
        os.environ.pop("DATABASE_URL", None)
        store = Store(f"sqlite:///{Path(folder) / 'assessment.db'}")
        start = time.perf_counter()
        ids = populate(store)
        respondents = sum(len(people) for people in store.answers_of(ids).values())
        took = time.perf_counter() - start
        print(f"(set-up: {ASSESSMENTS} assessments, {respondents} respondents, in {took:.1f} s)")

        if only == "workbook":
            workbook_figures(store, q, ids)
            return
        at = signed_in(AppTest.from_function(compare_script, default_timeout=120), ensure_admin())
        at.query_params["lang"] = "en"
        at.run()
        at.multiselect(key="compare_selection").set_value(ids).run()
        if at.exception:
            raise RuntimeError(f"the Compare page failed: {at.exception}")
        times = []
        for _ in range(5):
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
        report(f"Compare page rerun, {ASSESSMENTS} assessments selected", times, 1.0)

        workbook_figures(store, q, ids)

        catalog = load_catalog(NATIONAL.parent)
        ten = store.import_assessment(
            dataclasses.replace(demo_assessment(q, "XA", 1, random.Random(10)), round="portable"),
            language="en", questionnaire=q, actor="bench",
        )  # fmt: skip
        people = store.answers(ten.id)
        while len(people) < 10:  # top up to ten respondents
            extra = demo_assessment(q, "XA", 1, random.Random(len(people)))
            data = dataclasses.replace(extra, round="portable-10", respondents=(*people, *extra.respondents)[:10])
            ten = store.import_assessment(data, language="en", questionnaire=q, actor="bench")
            people = store.answers(ten.id)
        raw = to_json(export_assessment(store, ten.id)).encode()
        target = Store(f"sqlite:///{Path(folder) / 'target.db'}")
        report(f"import a portable file of {len(people)} respondents ({len(raw) // 1024} KiB)",
               timed(lambda: import_assessment(target, raw, catalog, actor="bench"), 10), 0.5)  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
