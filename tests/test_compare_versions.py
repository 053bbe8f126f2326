"""Trends across questionnaire versions: the demo's 2024 round (1.0.0) and 2026 round (2.0.0) on one line."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from assessment.access import Principal
from assessment.compare import Versioned, crosswalk_changes, earlier_versions, trends
from assessment.demo import load_demo
from assessment.loader import load_questionnaire
from assessment.scored import load_many
from assessment.scoring import score
from assessment.store import Store
from assessment.store.database import default_url
from assessment.workspace import Workspace
from tests.conftest import NATIONAL, NATIONAL_2, ensure_admin, signed_in


@pytest.fixture(scope="module")
def versions():
    return load_questionnaire(NATIONAL).questionnaire, load_questionnaire(NATIONAL_2).questionnaire


@pytest.fixture
def demo(tmp_path, monkeypatch, versions):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))
    store = Store(default_url())
    q1, q2 = versions
    summary = load_demo(store, q2, q1)
    assert summary.assessments == 16
    return store


def made_with(store: Store, q) -> list:
    return [a for a in store.assessments() if (a.questionnaire_id, a.questionnaire_version) == (q.id, q.version)]


def test_demo_rounds_use_both_versions(demo, versions):
    q1, q2 = versions
    assert {a.round for a in made_with(demo, q1)} == {"2024"}
    assert {a.round for a in made_with(demo, q2)} == {"2026"}
    # respondents of 2.0.0 answered only the indicators asked of their group
    for person in demo.answers(made_with(demo, q2)[0].id):
        assert all(q2.indicators[i].is_asked_of(person.group) for i in person.answers)


def test_one_trend_line_spans_both_versions(demo, versions):
    q1, q2 = versions
    assert earlier_versions(q2, [q1, q2]) == [q1]
    old = load_many(demo, q1, [a.id for a in made_with(demo, q1)])
    new = load_many(demo, q2, [a.id for a in made_with(demo, q2)])
    frame = trends(q2, new, "XA", "en", [Versioned(q1, old)])
    index = frame[frame["measure"] == "index"]
    assert list(index["round"]) == ["2024", "2026"]
    assert list(index["version"]) == ["1.0.0", "2.0.0"]
    xa_2024 = next(c for c in old if c.country == "XA")
    expected = score(q1, demo.answers(xa_2024.assessment_id), demo.consensus(xa_2024.assessment_id)).index
    assert index["score"].iloc[0] == pytest.approx(expected)
    technology = frame[frame["measure"] == "Standards, technology and infrastructure"]
    assert list(technology["round"]) == ["2026"]  # a pillar 1.0.0 did not have starts in 2026
    strategy = frame[frame["measure"] == "National strategy and governance"]
    assert list(strategy["version"]) == ["1.0.0", "2.0.0"]


def test_changed_indicators_are_listed(versions):
    q1, q2 = versions
    changes = crosswalk_changes(q2, q1, "en")
    kinds = changes.groupby("change").size().to_dict()
    assert set(kinds) == {"changed", "split", "merged", "new"}
    assert kinds["new"] == len(q2.indicators) - len(q2.crosswalk.new_ids)
    split = changes[changes["from_id"] == "legal.data-protection"].iloc[0]
    assert split["to_id"] == "legal.data-protection-law, legal.data-protection-authority"


def test_the_comparison_report_carries_the_trend(demo, versions):
    q1, q2 = versions
    ids = [a.id for a in made_with(demo, q2)][:3]
    pdf = Workspace(demo, Principal(0, "t", "administrator")).comparison_report(ids, q2, "es", [q1])
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Tendencias entre rondas" in text
    assert "Indicadores que cambiaron entre la versión 1.0.0 y la 2.0.0" in text
    assert text.count("1.0.0") >= 4  # each country's 2024 round, and the heading


def compare_script():
    from assessment.web.compare import render_compare_page

    render_compare_page()


@pytest.mark.slow  # runs the page in AppTest
def test_compare_page_draws_one_trend_across_versions(demo, versions):
    at = signed_in(AppTest.from_function(compare_script, default_timeout=60), ensure_admin())
    at.query_params["lang"] = "es"
    at.run()
    selection = at.multiselect(key="compare_selection")
    assert len(selection.options) == 8  # the 2026 round of each country, made with 2.0.0
    selection.set_value([a.id for a in made_with(demo, versions[1])][:3]).run()
    assert not at.exception
    figure = next(c for c in at.get("plotly_chart") if '"circle-open"' in c.proto.spec)
    assert '"2024"' in figure.proto.spec
    assert '"2026"' in figure.proto.spec
    assert any("versión 1.0.0" in c.value for c in at.caption)
    assert any(e.label.startswith("Qué cambió entre la versión 1.0.0 y la 2.0.0") for e in at.expander)
