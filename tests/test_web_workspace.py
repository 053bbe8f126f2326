"""The facilitator's pages through AppTest: Compare, the live view, import and downloads."""

from __future__ import annotations

import json

import pytest

from assessment.demo import load_demo
from assessment.exchange.portable import export_assessment, to_json
from assessment.formatting import format_score
from assessment.loader import load_questionnaire
from assessment.store import Store
from assessment.store.database import default_url
from tests.conftest import NATIONAL, NATIONAL_2, open_page

pytestmark = pytest.mark.slow  # runs the workspace pages in Streamlit's AppTest


@pytest.fixture(autouse=True)
def demo_database(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))
    load_demo(Store(default_url()), load_questionnaire(NATIONAL).questionnaire)


def compare_script():
    from assessment.web.compare import render_compare_page

    render_compare_page()


def live_script():
    from assessment.web.live import render_live_page

    render_live_page()


def assessments_script():
    from assessment.web.app import RENDERERS
    from assessment.web.nav import build_pages

    build_pages(RENDERERS, "en")
    RENDERERS["assessments"]()


def test_compare_four_countries_with_a_peer_group():
    at = open_page(compare_script, lang="en")
    assert "Choose two or more" in at.info[0].value
    selection = at.multiselect(key="compare_selection")
    labels = dict(zip(selection.options, range(1, 17), strict=False))
    chosen = [i for label, i in labels.items() if label.endswith("2026")][:4]
    selection.set_value(chosen).run()
    assert not at.exception
    ranking = at.dataframe[0].value
    assert len(ranking) == 4
    assert ranking["Rank"].tolist() == sorted(ranking["Rank"].tolist())
    assert ranking["Index"].is_monotonic_decreasing  # numbers, so the column also sorts as numbers
    assert len(at.get("plotly_chart")) == 3  # radar, heatmap, trends

    at.selectbox(key="compare_group").select("Demo: island states").run()
    peer = at.dataframe[1].value.set_index("Measure")
    assert peer.loc["Index", "Assessments"] == 4  # four island states, latest round each
    assert 0 <= float(peer.loc["Index", "Mean"]) <= 100
    published = next(d.value for d in at.dataframe if "Instrument" in d.value.columns)
    assert set(published["Instrument"]) == {"GCI (fictional demo figures)"}


def test_compare_shows_the_gci_lens_beside_the_published_gci(monkeypatch, tmp_path):
    from assessment.lenses import lens
    from assessment.scored import load_many

    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "second"))
    store = Store(default_url())
    q2 = load_questionnaire(NATIONAL_2).questionnaire
    load_demo(store, q2)
    at = open_page(compare_script, lang="es")
    chosen = [a for a in store.assessments() if a.round == "2026"][:3]
    at.multiselect(key="compare_selection").set_value([a.id for a in chosen]).run()
    assert not at.exception
    beside = next(d.value for d in at.dataframe if "GCI publicado" in d.value.columns)
    assert len(beside) == 3
    latest = {e.country: e for e in sorted(store.external_scores([a.country for a in chosen]), key=lambda e: e.year)}
    for item, (_, row) in zip(load_many(store, q2, [a.id for a in chosen]), beside.iterrows(), strict=True):
        expected = lens(q2, item.scores, "gci").score
        assert row["Puntuación según el GCI"] == f"{expected:.1f}"
        assert row["GCI publicado"] == f"{latest[item.country].score:.1f}"
        difference = round(round(expected, 1) - round(latest[item.country].score, 1), 1)
        assert (
            row["Diferencia"] == ("+" if difference > 0 else "−" if difference < 0 else "±") + f"{abs(difference):.1f}"
        )


def test_compare_figures_are_the_results_pages_figures():
    from assessment.scoring import score

    store = Store(default_url())
    q = load_questionnaire(NATIONAL).questionnaire
    at = open_page(compare_script, lang="en")
    at.multiselect(key="compare_selection").set_value([1, 2]).run()
    at.toggle(key="compare_every_round").set_value(True).run()  # two rounds of one country: rank both
    ranking = at.dataframe[0].value.set_index("Assessment")
    for assessment_id in (1, 2):
        info = store.assessment(assessment_id)
        expected = score(q, store.answers(assessment_id), store.consensus(assessment_id)).index
        label = next(a for a in ranking.index if a.endswith(info.round) and a.startswith("Arcadia"))
        assert ranking.loc[label, "Index"] == pytest.approx(round(expected, 1))


def test_live_view_refreshes_only_its_panel():
    at = open_page(live_script, lang="es", a="3")
    assert not at.exception
    assert at.metric[0].label == "Índice"
    assert at.segmented_control(key="live_interval").value == 5
    assert any("Actualizado a las" in c.value for c in at.caption)


def test_import_a_portable_file_through_the_page():
    store = Store(default_url())
    document = export_assessment(store, 1) | {"round": "2027"}
    before = len(store.assessments())
    at = open_page(assessments_script, lang="en")
    at.file_uploader(key="import_file").set_value(("bad.json", json.dumps(document | {"format_version": 3}).encode(),
                                                   "application/json")).run()  # fmt: skip
    at.button(key="import_button").click().run()
    assert "refused" in at.error[0].value
    assert "format_version 3 is not supported" in at.code[0].value
    assert len(store.assessments()) == before

    at.file_uploader(key="import_file").set_value(("good.json", to_json(document).encode(), "application/json")).run()
    at.button(key="import_button").click().run()
    assert not at.exception
    assert "Imported: Arcadia (fictional) · 2027" in at.success[0].value
    assert len(store.assessments()) == before + 1


def test_published_scores_upload_skips_a_bad_line_and_imports_on_confirmation():
    at = open_page(compare_script, lang="en")
    at.file_uploader(key="indices_csv").set_value(("s.csv", b"instrument,country,year,score\nGCI,ZZZ,2024,50\n",
                                                  "text/csv")).run()  # fmt: skip
    assert at.dataframe[1].value.values.tolist()[0][:2] == [2, "country"]  # the skipped line, its column
    assert not [b for b in at.button if b.key == "import_indices"]
    at.file_uploader(key="indices_csv").set_value(("s.csv", b"instrument,country,year,score\nGCI,XA,2024,50\n",
                                                  "text/csv")).run()  # fmt: skip
    assert ("GCI", 50.0) not in [(e.instrument, e.score) for e in Store(default_url()).external_scores(["XA"])]
    at.button(key="import_indices").click().run()
    assert at.success[0].value == "Scores imported: 1."
    assert ("GCI", 50.0) in [(e.instrument, e.score) for e in Store(default_url()).external_scores(["XA"])]


def test_results_show_the_cmm_lens_of_a_demo_assessment(monkeypatch, tmp_path):
    from assessment.lenses import lens
    from assessment.scoring import score

    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "lens"))
    store = Store(default_url())
    q2 = load_questionnaire(NATIONAL_2).questionnaire
    load_demo(store, q2)
    info = next(a for a in store.assessments() if a.round == "2026")

    def results_script():
        from assessment.web.results import render_results_page

        render_results_page()

    at = open_page(results_script, lang="en", a=str(info.id))
    assert not at.exception
    assert at.selectbox(key="lens").value == "cmm"
    table = next(d.value for d in at.dataframe if "Coverage" in d.value.columns)
    expected = lens(q2, score(q2, store.answers(info.id), store.consensus(info.id)), "cmm")
    assert list(table["Code"]) == [e.code for e in expected.elements]
    d1 = table[table["Code"] == "D1"].iloc[0]
    assert d1["Element"] == "Cybersecurity policy and strategy"
    assert d1["Score"] == format_score(expected.element("D1").score, "en")
