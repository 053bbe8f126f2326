"""The country report carries what a peer reviewer reads, in PDF and in Word, and its radar stays legible."""

from __future__ import annotations

import io
import math
import re
from datetime import UTC, date, datetime
from functools import cache

import pytest
from docx import Document
from pypdf import PdfReader
from reportlab.graphics.charts.textlabels import Label
from reportlab.graphics.shapes import Polygon, PolyLine

from assessment.access import Principal
from assessment.answers import Answer, Consensus, Respondent, Status, Targets
from assessment.charts.data import Series
from assessment.charts.drawings import RINGS, radar_drawing
from assessment.demo import load_demo
from assessment.formatting import format_score, format_share
from assessment.lenses import lens
from assessment.loader import load_questionnaire
from assessment.model import Questionnaire
from assessment.report.country import CountryReport, country_report_docx, country_report_pdf
from assessment.report.layout import register_fonts
from assessment.scoring import score
from assessment.store import Store
from assessment.workspace import Workspace

from .conftest import NATIONAL_2

pytestmark = pytest.mark.slow  # renders whole reports (PDF and Word) and reads them back

HOSTILE = '<b>bold</b> & <a href="x">'
LINK = "https://gob.example/cert/annual-report-2025.pdf"


@cache
def q2() -> Questionnaire:
    return load_questionnaire(NATIONAL_2).questionnaire


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def respondents(q: Questionnaire, answered: int | None = None) -> list[Respondent]:
    """Two respondents; the first gives evidence, a link, a comment and a review flag on the first indicator."""
    staged = [i for i in q.indicators.values() if i.kind == "stages"][:answered]
    first = staged[0].id
    gov = {i.id: Answer(stage=3) for i in staged}
    gov[first] = Answer(stage=4, evidence="Strategy adopted by decree 12/2024.", links=(LINK,),
                        comment=f"Ask the ministry for the action plan {HOSTILE}", review=True)  # fmt: skip
    society = {i.id: Answer(stage=2) for i in staged}
    society[staged[1].id] = Answer(status=Status.DONT_KNOW, comment="We were not consulted.")
    return [Respondent("r1", "government", gov, "Ana Pérez", "Ministry of ICT"),
            Respondent("r2", "civil-society", society, "Luis Gómez", "Digital Rights NGO")]  # fmt: skip


SETTLED = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


def report(q: Questionnaire, *, answered: int | None = None, private: bool = False, language: str = "en"):
    people = respondents(q, answered)
    indicator = [i for i in q.indicators.values() if i.kind == "stages"][2].id
    consensus = {indicator: Consensus(3, rationale="Agreed in the May workshop after reviewing the CSIRT charter.",
                                      settled_by="facilitator@oas.example", settled_at=SETTLED)}  # fmt: skip
    scores = score(q, people, consensus)
    return CountryReport(q, "CR", "2026", language, people, scores, Targets(4), generated=date(2026, 11, 23),
                         consensus=consensus, private=private)  # fmt: skip


def test_the_report_holds_the_evidence_links_comments_flags_and_consensus():
    text = pdf_text(country_report_pdf(report(q2())))
    assert LINK in text.replace(" ", "")  # a long link wraps inside its column
    for expected in ("Strategy adopted by decree 12/2024.", "Ask the ministry for the action plan",
                     HOSTILE, "We were not consulted.", "Ana Pérez", "Ministry of ICT", "⚑ marked for review",
                     "Appendix: evidence and comments", "Consensus decisions",
                     "Agreed in the May workshop after reviewing the CSIRT charter.", "facilitator@oas.example",
                     "November 20, 2026", "by consensus"):  # fmt: skip
        assert expected in text, expected


def test_a_private_copy_leaves_out_the_respondents_words_and_who_settled():
    text = pdf_text(country_report_pdf(report(q2(), private=True)))
    for absent in ("Strategy adopted by decree", "Ask the ministry", "Ana Pérez", "facilitator@oas.example"):
        assert absent not in text, absent
    assert "Agreed in the May workshop" in text
    assert "whose reader sees figures only" in text


def test_an_index_from_few_answers_is_marked_provisional_with_its_completeness():
    few = report(q2(), answered=12)
    text = pdf_text(country_report_pdf(few))
    assert "Index (provisional)" in text
    share = f"{math.floor(100 * few.scores.completeness)}%"  # rounded down: never reads as more than it is
    assert f"The index is provisional: {share} of the applicable indicators are answered" in text
    full = pdf_text(country_report_pdf(report(q2())))
    assert "Index (provisional)" not in full
    spanish = pdf_text(country_report_pdf(report(q2(), answered=12, language="es")))
    assert "Índice (provisional)" in spanish


def test_the_lens_appendix_scores_covered_elements_and_lists_the_rest_as_not_covered():
    r = report(q2())
    text = pdf_text(country_report_pdf(r))
    assert "Appendix: results through other frameworks" in text
    cmm = lens(q2(), r.scores, "cmm")
    assert q2().framework_catalogs["cmm"].title in text
    assert f"Score through this lens: {format_score(cmm.score, 'en')}" in text
    ncsi = lens(q2(), r.scores, "ncsi")
    uncovered = next(e for e in ncsi.elements if not e.covered)
    name = q2().framework_catalogs["ncsi"].codes[uncovered.code].name["en"]
    assert re.search(rf"{re.escape(uncovered.code)} (· )*{re.escape(name)} 0 – not covered –", text), name


def test_the_word_copy_has_the_same_figures_headings_as_styles_a_described_radar_and_an_approval_block():
    r = report(q2())
    doc = Document(io.BytesIO(country_report_docx(r)))
    headings = {p.text for p in doc.paragraphs if p.style.name == "Heading 1"}
    for heading in ("Executive summary", "Results by pillar", "Consensus decisions", "Prioritised roadmap",
                    "Appendix: evidence and comments", "Approval"):  # fmt: skip
        assert heading in headings, heading
    pillar_names = {p.text for p in doc.paragraphs if p.style.name == "Heading 2"}
    assert {q2().text(p.name, "en") for p in q2().pillars} <= pillar_names
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert format_score(r.scores.index, "en") in cells
    everything = " ".join(cells)
    assert "Strategy adopted by decree 12/2024." in everything
    assert LINK in everything
    assert HOSTILE in everything
    assert "facilitator@oas.example" in everything
    assert len(doc.inline_shapes) == 1
    described = doc.inline_shapes[0]._inline.docPr.get("descr")
    assert described.startswith("Radar chart of pillar scores")
    assert format_score(r.scores.pillars[0].score, "en") in described
    approval = doc.tables[-1]
    assert [c.text for c in approval.rows[0].cells] == ["Name", "Role", "Signature", "Date"]
    assert doc.core_properties.title == "Cybersecurity maturity assessment: Costa Rica 2026"
    assert doc.core_properties.language == "en"


def test_the_demo_assessment_report_carries_its_evidence_and_consensus(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'demo.db'}")
    load_demo(store, q2())
    flagged = lambda a: any(x.review for r in store.answers(a.id) for x in r.answers.values())  # noqa: E731
    info = next(a for a in store.assessments() if a.questionnaire_version == q2().version and flagged(a))
    settled = store.consensus(info.id)
    assert settled
    as_admin = Workspace(store, Principal(0, "t", "administrator"))
    text = pdf_text(as_admin.country_report(info.id, q2(), info.language))
    assert "Settled in the (fictional) national workshop." in text
    assert "demo" in text
    assert "Demo evidence: a document that would support this answer." in text
    assert "https://example.org/demo/evidence.pdf" in text.replace(" ", "")
    assert "Demo comment: the answer needs a second look in the workshop." in text
    assert "⚑ marked for review" in text
    word = Document(io.BytesIO(as_admin.country_report(info.id, q2(), info.language, format="docx")))
    assert "Settled in the (fictional) national workshop." in {c.text for t in word.tables for r in t.rows
                                                               for c in r.cells}  # fmt: skip


def _walk(node):
    for item in getattr(node, "contents", []):
        yield item
        yield from _walk(item)


def crossings(axes: list[str], series) -> int:
    """Points of a series line that fall inside a spoke label's box, sampled along every segment."""
    register_fonts()
    drawn = radar_drawing(axes, series).contents[0].draw()
    boxes = []
    for label in (x for x in _walk(drawn) if isinstance(x, Label)):
        label.computeSize()
        boxes.append(label.getBounds())
    assert len(boxes) == len(axes)
    lines = [x for x in _walk(drawn) if isinstance(x, PolyLine | Polygon)][len(RINGS) :]
    hits = 0
    for line in lines:
        points = list(zip(line.points[::2], line.points[1::2], strict=True))
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            for k in range(51):
                x, y = x1 + (x2 - x1) * k / 50, y1 + (y2 - y1) * k / 50
                hits += sum(1 for a, b, c, d in boxes if a <= x <= c and b <= y <= d)
    return hits


@pytest.mark.parametrize("count", [3, 5, 6, 7, 9])
def test_no_series_crosses_a_radar_label(count):
    names = [q2().text(p.name, "es") for p in q2().pillars]
    axes = [names[n % len(names)] for n in range(count)]
    full, target = [100.0] * count, [75.0] * count
    assert crossings(axes, [Series("actual", full), Series("meta", target, dashed=True)]) == 0


@pytest.mark.parametrize(
    ("language", "day"),
    [("en", "November 23, 2026"), ("es", "23 de noviembre de 2026"), ("pt", "23 de novembro de 2026"),
     ("fr", "23 novembre 2026")],
)  # fmt: skip
def test_reports_in_the_four_languages_write_figures_and_dates_their_way(language, day):
    r = report(q2(), language=language)
    text = pdf_text(country_report_pdf(r))
    assert day in text
    index = format_score(r.scores.index, language)
    assert ("," in index) == (language in ("pt", "fr"))
    assert index in text
    share = format_share(r.scores.completeness, language)
    assert share.replace("\u00a0", " ") in text.replace("\u00a0", " ")
    word = Document(io.BytesIO(country_report_docx(r)))
    assert word.core_properties.language == language
    assert index in {c.text for t in word.tables for row in t.rows for c in row.cells}


def test_the_word_copy_is_proofed_in_its_language_and_survives_characters_xml_refuses():
    from docx.oxml.ns import qn

    r = report(q2(), language="pt")
    person = r.respondents[0]
    first = next(iter(person.answers))
    odd = Respondent(person.id, person.group, {**person.answers, first: Answer(stage=3, comment="a\ufffeb\uffffc")},
                     person.name, person.organisation)  # fmt: skip
    r = CountryReport(q2(), "CR", "2026", "pt", [odd, *r.respondents[1:]], r.scores, r.targets,
                      generated=date(2026, 11, 23))  # fmt: skip
    doc = Document(io.BytesIO(country_report_docx(r)))
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "pt-BR"
    assert "abc" in {c.text for t in doc.tables for row in t.rows for c in row.cells}


def test_a_peer_group_without_a_score_for_a_pillar_leaves_that_point_empty(tmp_path):
    from assessment.store import Store

    store = Store(f"sqlite:///{tmp_path / 'peer.db'}")
    q = q2()
    first = store.create_assessment("CR", "2026", q, "en", actor="t")
    peer = store.create_assessment("PA", "2026", q, "en", actor="t")
    person = store.add_respondent(peer.id, "P", "O", "government", questionnaire=q, actor="t")
    store.save_answer(peer.id, person.id, "strategy.national-strategy", Answer(stage=3), questionnaire=q, actor="t")
    own = store.add_respondent(first.id, "C", "O", "government", questionnaire=q, actor="t")
    store.save_answer(first.id, own.id, "csirt.national-csirt-mandate", Answer(stage=2), questionnaire=q, actor="t")
    store.save_peer_group("Isthmus", ["CR", "PA"], actor="t")
    as_admin = Workspace(store, Principal(0, "t", "administrator"))
    pdf = as_admin.country_report(first.id, q, "en", peer_group="Isthmus")
    assert "NaN" not in pdf_text(pdf)
    word = Document(io.BytesIO(as_admin.country_report(first.id, q, "en", "docx", peer_group="Isthmus")))
    described = word.inline_shapes[0]._inline.docPr.get("descr")
    assert "Peer average: Isthmus" in described
    assert "NaN" not in described
