"""The reports' figures.

- a full country report for the national questionnaire with 10 respondents, aim < 0.5 s;
- the same report as an editable Word document, aim < 2 s;
- a comparison report of 20 countries, aim < 2 s.
"""

from __future__ import annotations

import random
from datetime import date

from assessment.answers import Targets
from assessment.compare import Compared
from assessment.loader import load_questionnaire
from assessment.report.comparison import ComparisonReport, comparison_report_pdf
from assessment.report.country import CountryReport, country_report_docx, country_report_pdf
from assessment.report.layout import register_fonts
from assessment.scoring import score
from bench.engine import NATIONAL, report, synthetic_assessment, timed


def main() -> None:
    q = load_questionnaire(NATIONAL).questionnaire
    rng = random.Random(5)
    register_fonts()  # once per process, like a running server
    people = synthetic_assessment(q, 10, rng)
    scores = score(q, people)
    country = CountryReport(q, "CR", "2026", "es", people, scores, Targets(4), generated=date(2026, 11, 23))
    size = len(country_report_pdf(country))
    report(
        f"country report, 10 respondents, Spanish ({size // 1024} KiB)",
        timed(lambda: country_report_pdf(country), 10),
        0.5,
    )
    size = len(country_report_docx(country))
    report(f"the same as Word ({size // 1024} KiB)", timed(lambda: country_report_docx(country), 3), 2.0)
    items = [
        Compared(n, f"X{chr(65 + n % 26)}", str(2000 + n), score(q, synthetic_assessment(q, 5, rng))) for n in range(20)
    ]
    comparison = ComparisonReport(q, "en", items)
    report("comparison report, 20 assessments", timed(lambda: comparison_report_pdf(comparison), 5), 2.0)
