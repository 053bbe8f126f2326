"""PDF reports: the engine's figures to the digit, valid PDF, embedded fonts, hostile text, languages."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from assessment.answers import Answer, Respondent, Targets
from assessment.compare import Compared
from assessment.formatting import format_score, stage_label
from assessment.recommend import recommend
from assessment.report.comparison import ComparisonReport, comparison_report_pdf
from assessment.report.country import CountryReport, country_report_pdf
from assessment.scoring import score

HOSTILE = '<img src="/etc/passwd"/>'
TARGET_FOUR = Targets(4)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: run `make test` as root (it installs qpdf and poppler-utils)")
    return path


def pdf_text(pdf: bytes) -> str:
    """The text of every page, with white space folded so that wrapped lines compare equal."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def assessed(national):
    respondents = []
    for n, (group, shift) in enumerate((("government", 1), ("civil-society", -1), ("academia", 0))):
        answers = {}
        for k, indicator in enumerate(national.indicators.values()):
            stage = max(1, min(5, 1 + (k % 4) + shift))
            if indicator.kind == "checklist":
                answers[indicator.id] = Answer(items=frozenset(i.id for i in indicator.items if i.stage <= stage))
            else:
                answers[indicator.id] = Answer(stage=stage, evidence="report" if k % 3 else "")
        respondents.append(Respondent(f"r{n}", group, answers, f"Person {n}"))
    return respondents, score(national, respondents)


def report_of(national, assessed, language="en", round_label="2026", targets=TARGET_FOUR) -> tuple[bytes, object]:
    respondents, scores = assessed
    report = CountryReport(national, "CR", round_label, language, respondents, scores, targets,
                           generated=date(2026, 11, 23))  # fmt: skip
    return country_report_pdf(report), scores


@pytest.mark.slow  # writes a whole report
def test_country_report_carries_the_engines_figures(national, assessed):
    pdf, scores = report_of(national, assessed)
    text = pdf_text(pdf)
    assert format_score(scores.index, "en") in text
    for pillar in scores.pillars:
        name = national.text(national.pillar(pillar.pillar_id).name, "en")
        line = f"Stage {stage_label(national, pillar.stage, 'en')} · score {format_score(pillar.score, 'en')}"
        assert line in text, name
    top = recommend(national, scores, Targets(4))[:5]
    assert len(top) == 5
    for step in top:
        assert folded(step.text["en"])[:60] in text
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Cybersecurity maturity assessment: Costa Rica 2026"
    assert reader.metadata.author == "National cybersecurity maturity self-assessment"
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_the_pdf_is_valid_and_every_font_is_embedded(national, assessed, tmp_path):
    pdf, _ = report_of(national, assessed, "es")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    check = subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    fonts = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows
    assert all("DejaVuSans" in row[0] for row in rows), fonts
    assert all(row[-5] == "yes" for row in rows), fonts  # the "emb" column


def test_a_spanish_report_has_spanish_headings(national, assessed):
    text = pdf_text(report_of(national, assessed, "es")[0])
    for heading in ("Resumen ejecutivo", "Madurez por pilar", "Resultados por pilar", "Hoja de ruta priorizada",
                    "Anexo: escala de madurez y método", "Página 1 de"):  # fmt: skip
        assert heading in text, heading
    assert "Executive summary" not in text


@pytest.mark.slow  # writes a whole report per text
@pytest.mark.parametrize("round_label", [HOSTILE, "<b 3", "x" * 300, "A & B <i>", "]]></para>"])
def test_hostile_text_is_printed_as_text(national, assessed, round_label):
    pdf, _ = report_of(national, assessed, round_label=round_label)
    text = pdf_text(pdf).replace(" ", "")
    assert round_label.replace(" ", "")[:80] in text


def test_an_assessment_without_answers_says_so(national):
    report = CountryReport(national, "CR", "2026", "en", [], score(national, []), Targets())
    text = pdf_text(country_report_pdf(report))
    assert "has no answers yet" in text
    assert "No target has been set" in text


def test_comparison_report(national, assessed):
    _, scores = assessed
    other = score(national, [Respondent("r", "government", {"strategy.lead-body": Answer(stage=5)})])
    items = [Compared(1, "CR", "2026", scores), Compared(2, "PA", "2026", other)]
    text = pdf_text(comparison_report_pdf(ComparisonReport(national, "es", items)))
    assert "Comparación de evaluaciones de madurez en ciberseguridad" in text
    assert "Clasificación" in text
    assert "Etapas por indicador" in text
    assert format_score(scores.index, "es") in text
    assert format_score(other.index, "es") in text
    assert "Panamá · 2026" in text  # the heatmap is headed by country names, not codes
    assert "PA 2026" not in text


def test_the_radar_is_drawn_on_a_fixed_0_to_100_scale():
    from assessment.charts.data import Series
    from assessment.charts.drawings import RINGS, radar_drawing

    drawing = radar_drawing(["a", "b", "c"], [Series("low scores", [10.0, 20.0, None])])
    chart = drawing.contents[0]
    assert chart.data[: len(RINGS)] == [[float(r)] * 3 for r in RINGS]  # the 100 ring pins the scale
    assert chart.data[-1] == [10.0, 20.0, 0.0]
