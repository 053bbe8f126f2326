"""The comparison report's layout, read back from the PDF as poppler lays it out.

Ten assessments of the national questionnaire 2.0.0 (seven pillars with long names):
the pages render, the wide tables are on landscape pages and inside the frame, header
words and figures are never broken, every ranking row holds its own figures, the
heatmap is headed by country names, and every page of a table holds its first column.
"""

from __future__ import annotations

import random
import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from assessment.compare import Compared, ranking
from assessment.countries import FICTIONAL, country_name
from assessment.demo import demo_assessment
from assessment.formatting import MISSING, format_score, format_share
from assessment.i18n import translate
from assessment.loader import load_questionnaire
from assessment.model import Questionnaire
from assessment.report.comparison import ComparisonReport, comparison_report_pdf, ranking_tables
from assessment.report.layout import CONTENT_WIDTH, MARGIN
from assessment.scoring import score
from tests.conftest import NATIONAL_2
from tests.test_report import HOSTILE, pdf_text, tool

pytestmark = pytest.mark.slow  # renders comparison PDFs and reads them back

XHTML = "{http://www.w3.org/1999/xhtml}"
TEN = sorted(FICTIONAL)[:10]


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]

    @property
    def texts(self) -> set[str]:
        return {w.text for w in self.words}

    def rows(self) -> list[list[Word]]:
        """The words grouped into visual rows (tops within 3 points), each row left to right."""
        rows: list[list[Word]] = []
        for word in sorted(self.words, key=lambda w: w.y_min):
            if rows and word.y_min - rows[-1][0].y_min < 3:
                rows[-1].append(word)
            else:
                rows.append([word])
        return [sorted(row, key=lambda w: w.x_min) for row in rows]

    def row_texts(self) -> list[str]:
        return [" ".join(w.text for w in row) for row in self.rows()]


def pages_of(path: Path) -> list[Page]:
    """Every page with its size and its words' boxes, from `pdftotext -bbox-layout`."""
    run = subprocess.run([tool("pdftotext"), "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True)  # fmt: skip
    root = ElementTree.fromstring(run.stdout)  # noqa: S314 - poppler's reading of a PDF this test just made

    def words_of(page: ElementTree.Element) -> list[Word]:
        return [Word(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")))
                for w in page.iter(f"{XHTML}word")]  # fmt: skip

    return [Page(float(p.get("width")), float(p.get("height")), words_of(p)) for p in root.iter(f"{XHTML}page")]


@dataclass(frozen=True)
class Rendered:
    questionnaire: Questionnaire
    language: str
    items: list[Compared]
    path: Path
    pages: list[Page]

    def starting_at(self, heading: str) -> int:
        return next(n for n, page in enumerate(self.pages) if heading in page.row_texts())

    @property
    def ranking_pages(self) -> list[Page]:
        first = self.starting_at(translate("report.ranking", self.language))
        return self.pages[first : self.starting_at(translate("report.heatmap", self.language))]

    @property
    def heatmap_pages(self) -> list[Page]:
        return self.pages[self.starting_at(translate("report.heatmap", self.language)) :]


@pytest.fixture(scope="module")
def national_2() -> Questionnaire:
    return load_questionnaire(NATIONAL_2).questionnaire


@pytest.fixture(scope="module")
def ten(national_2) -> list[Compared]:
    rng = random.Random(7)
    items = []
    for n, code in enumerate(TEN, start=1):
        data = demo_assessment(national_2, code, 1, rng)
        items.append(Compared(n, code, data.round, score(national_2, data.respondents, data.consensus)))
    return items


@pytest.fixture(scope="module", params=["en", "es"])
def rendered(request, national_2, ten, tmp_path_factory) -> Rendered:
    lang = request.param
    pdf = comparison_report_pdf(ComparisonReport(national_2, lang, ten, generated=date(2026, 11, 23)))
    path = tmp_path_factory.mktemp(f"comparison-{lang}") / "comparison.pdf"
    path.write_bytes(pdf)
    return Rendered(national_2, lang, ten, path, pages_of(path))


def test_the_pages_render_and_are_numbered(rendered):
    count = len(PdfReader(rendered.path).pages)
    run = subprocess.run([tool("pdftoppm"), "-r", "12", "-png", str(rendered.path), str(rendered.path.parent / "p")],
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert len(list(rendered.path.parent.glob("p-*.png"))) == count == len(rendered.pages)
    # One landscape page of ranking (ten rows, seven pillars), then the heatmap's 61 indicators on two or three.
    assert len(rendered.ranking_pages) == 1
    assert 2 <= len(rendered.heatmap_pages) <= 3
    assert count == 2 + len(rendered.heatmap_pages)
    for n, page in enumerate(rendered.pages, start=1):
        footer = translate("report.page", rendered.language, n=n, total=count)
        row = next(row for row in page.rows() if " ".join(w.text for w in row).endswith(footer))
        assert page.width - MARGIN - 1 < row[-1].x_max <= page.width - MARGIN + 1, footer  # from its own size


def test_wide_tables_are_on_landscape_pages_inside_the_frame(rendered):
    assert rendered.pages[0].width < rendered.pages[0].height
    for page in [*rendered.ranking_pages, *rendered.heatmap_pages]:
        assert page.width > page.height
    for n, page in enumerate(rendered.pages, start=1):
        outside = [w.text for w in page.words if w.x_min < MARGIN - 1 or w.x_max > page.width - MARGIN + 1]
        assert not outside, (n, outside)


def ranking_header(rendered: Rendered) -> list[str]:
    lang = rendered.language
    return [translate(key, lang) for key in ("report.rank", "report.assessment", "results.index", "results.tier",
                                             "results.completeness")] + [
        translate("report.pillar_short", lang, n=n) for n in range(1, len(rendered.questionnaire.pillars) + 1)
    ]  # fmt: skip


def test_every_ranking_header_word_is_whole_on_every_ranking_page(rendered):
    words = [word for header in ranking_header(rendered) for word in header.split()]
    assert "P7" in words
    for page in rendered.ranking_pages:
        assert set(words) <= page.texts, set(words) - page.texts
        assert page.row_texts()[1] == " ".join(words)  # the header is one row, under the heading


def test_every_ranking_row_holds_its_figures_intact(rendered):
    q, lang = rendered.questionnaire, rendered.language
    frame = ranking(q, rendered.items, lang)
    rows = [row for page in rendered.ranking_pages for row in page.row_texts()]
    for record in frame.to_dict("records"):
        figures = [format_score(record["index"], lang), record["tier"], format_share(record["completeness"], lang),
                   *[format_score(record[p.id], lang) for p in q.pillars]]  # fmt: skip
        expected = " ".join([str(record["rank"]), record["assessment"], *figures])
        assert expected in rows, expected


def test_the_pillar_key_names_every_pillar(rendered):
    q, lang = rendered.questionnaire, rendered.language
    rows = [row for page in rendered.ranking_pages for row in page.row_texts()]
    for n, pillar in enumerate(q.pillars, start=1):
        assert f"P{n} {q.text(pillar.name, lang)}" in rows


def test_the_heatmap_is_headed_by_country_names(rendered):
    lang = rendered.language
    words = set().union(*(page.texts for page in rendered.heatmap_pages))
    for item in rendered.items:
        name = country_name(item.country, lang)
        assert set(name.split()) <= words, name
        assert item.country not in words
    assert not any(re.fullmatch(r"X[A-J]", w) for w in words)


def test_every_page_of_a_table_holds_its_first_column(rendered):
    lang = rendered.language
    rank, assessment = translate("report.rank", lang), translate("report.assessment", lang)
    for page in rendered.ranking_pages:
        assert {rank, assessment} <= page.texts
        assert any(re.fullmatch(r"\d+\.\d", w) for w in page.texts)
    indicator = translate("report.indicator", lang)
    stages = {MISSING, *map(str, range(1, 6))}
    for page in rendered.heatmap_pages:
        assert indicator in page.texts
        assert sum(w.text in stages for w in page.words) >= 10 * len(TEN)  # ten rows at least, not a sliver


def test_hostile_and_long_rounds_stay_text_and_inside_the_frame(national_2, ten, tmp_path):
    items = [Compared(1, "XA", HOSTILE, ten[0].scores), Compared(2, "XB", "y" * 150, ten[1].scores)]
    pdf = comparison_report_pdf(ComparisonReport(national_2, "en", items))
    text = pdf_text(pdf).replace(" ", "")
    assert HOSTILE.replace(" ", "") in text
    assert "y" * 60 in text
    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf)
    for page in pages_of(path):
        assert all(w.x_min >= MARGIN - 1 and w.x_max <= page.width - MARGIN + 1 for w in page.words)


def test_a_ranking_too_wide_for_the_page_is_split_into_tables_led_by_rank_and_assessment(national_2, ten):
    report = ComparisonReport(national_2, "es", ten)
    parts = ranking_tables(report, CONTENT_WIDTH)  # portrait: the seven pillar columns do not fit beside the rest
    assert len(parts) >= 2
    headers = [[cell.text for cell in part._cellvalues[0]] for part in parts]
    for part, header in zip(parts, headers, strict=True):
        assert sum(part._colWidths) <= CONTENT_WIDTH + 0.01
        assert header[:2] == [translate("report.rank", "es"), translate("report.assessment", "es")]
        assert len(header) > 2
    pillars = [h for header in headers for h in header if re.fullmatch(r"P\d+", h)]
    assert pillars == [f"P{n}" for n in range(1, 8)]  # each pillar once, in questionnaire order
