"""A newcomer's journey in Spanish, and a second respondent who disagrees, in a real browser."""

from __future__ import annotations

import re
import subprocess

from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from assessment.answers import Answer
from assessment.loader import load_questionnaire
from assessment.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD, NATIONAL, NATIONAL_2
from tests.e2e.harness import (
    choose,
    create_assessment_in_spanish,
    fill,
    indicator_block,
    pick_stage,
    sign_in,
    stage_checked,
    wait_idle,
    wait_until,
)

STRATEGY_STAGES = {
    "strategy.national-strategy": "3 · ",
    "strategy.lead-body": "2 · ",
    "strategy.rights-and-openness": "No aplica",
    "strategy.emerging-technologies": "1 · ",
    "strategy.interagency-coordination": "2 · ",
    "strategy.defence-national-security": "No sé",
}


def answer_strategy_pillar(page) -> None:
    for indicator, option in STRATEGY_STAGES.items():
        pick_stage(page, indicator, option)
        indicator_block(page, indicator).get_by_text("Guardado a las").wait_for()
    plan = indicator_block(page, "strategy.implementation-plan")
    first_item = load_questionnaire(NATIONAL_2).questionnaire.indicators["strategy.implementation-plan"].items[0]
    for _ in range(3):  # a click that lands while the page is redrawing is lost: try again
        pick_stage(page, "strategy.implementation-plan", "Responder con la lista")
        wait_idle(page)
        if stage_checked(page, "strategy.implementation-plan", "Responder con la lista"):
            break
    plan.get_by_text(first_item.text["es"][:40]).wait_for()
    for n in range(2):
        plan.locator('[data-testid="stCheckbox"] label').nth(n).click()
        wait_idle(page)


def check_strategy_answers(page) -> None:
    asked = len(load_questionnaire(NATIONAL_2).questionnaire.indicators_for("government"))
    page.get_by_text(f"6 de {asked} indicadores respondidos").wait_for()  # "don't know" is not an answer
    wait_idle(page)
    for indicator, option in STRATEGY_STAGES.items():
        assert stage_checked(page, indicator, option), indicator
    boxes = indicator_block(page, "strategy.implementation-plan").locator('[data-testid="stCheckbox"] input')
    expect(boxes.nth(1)).to_be_checked()
    assert [boxes.nth(n).is_checked() for n in range(3)] == [True, True, False]


def test_newcomer_answers_a_pillar_in_spanish_and_loses_nothing(server, page, artifacts):
    sign_in(page, f"{server.url}/?lang=es", ADMIN, ADMIN_PASSWORD, "Iniciar sesión")
    create_assessment_in_spanish(page, f"{server.url}/?lang=es")
    fill(page, "Su nombre", "Ana Ruiz", in_form=True)
    fill(page, "Su organización", "Ministerio de Ciencia", in_form=True)
    page.get_by_role("button", name="Comenzar a responder").click()
    page.get_by_text("Responde").first.wait_for()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"a=1.*r=1|r=1.*a=1"))

    # Rating guidance beside the stages, and the glossary, in Spanish.
    strategy = indicator_block(page, "strategy.national-strategy")
    strategy.get_by_text("Guía de calificación: la evidencia que respalda cada etapa").click()
    guidance = load_questionnaire(NATIONAL_2).questionnaire.indicators["strategy.national-strategy"].guidance
    expect(strategy.get_by_text(guidance[3]["es"][:40])).to_be_visible()
    page.get_by_text("Glosario (").first.click()
    expect(page.get_by_text("Punto de contacto 24/7").first).to_be_visible()
    wait_idle(page)

    answer_strategy_pillar(page)
    # Also a note on an unanswered indicator of another pillar: kept although no stage is chosen.
    page.get_by_text("Respuesta a incidentes y gestión de crisis").first.click()
    wait_idle(page)
    exercises = indicator_block(page, "csirt.exercises")
    exercises.get_by_text("Evidencia y comentarios").click()
    field = exercises.get_by_label("Comentario")
    field.fill("Ejercicio nacional previsto para marzo")
    field.blur()
    exercises.get_by_text("Guardado a las").wait_for()
    answered_url = page.url

    # A reload and a new tab stay signed in (the session cookie), back on the same page.
    page.reload()
    expect(indicator_block(page, "csirt.exercises").get_by_label("Comentario")).to_have_value(
        "Ejercicio nacional previsto para marzo"
    )
    other_tab = page.context.new_page()
    other_tab.goto(answered_url.replace("p=csirt", "p=strategy"))
    check_strategy_answers(other_tab)
    other_tab.close()

    server.stop(hard=True)  # the server dies; a new one starts on the same database
    server.start()
    # The open tab reconnects by itself, still signed in (the cookie), and its next change is saved although
    # the new server session never saw the widgets before (the page saves what the widgets show).
    exercises = indicator_block(page, "csirt.exercises")
    if not exercises.get_by_label("Comentario").is_visible():
        exercises.get_by_text("Evidencia y comentarios").click()
    exercises.get_by_label("Comentario").fill("Ejercicio nacional confirmado para marzo")
    exercises.get_by_label("Comentario").blur()
    store = Store(f"sqlite:///{server.data_dir / 'assessment.db'}")
    comment = "Ejercicio nacional confirmado para marzo"  # the old "Saved" caption is still there: ask the database
    wait_until(
        page, lambda: store.answers(1)[0].answers["csirt.exercises"].comment == comment, what="the comment stored"
    )
    # And a fresh page load: still signed in, and everything is there.
    page.goto(answered_url.replace("p=csirt", "p=strategy"))
    check_strategy_answers(page)

    page.get_by_role("link", name="Resultados").click()
    page.locator(".js-plotly-plot").first.wait_for()
    wait_idle(page)
    page.get_by_text("Índice").first.wait_for()
    page.set_viewport_size({"width": 1400, "height": 2600})
    wait_idle(page)
    page.screenshot(path=str(artifacts / "results-es.png"))
    assert page.locator(".js-plotly-plot").count() == 2


def test_a_second_respondent_disagrees_and_the_divergence_shows(server, page, artifacts):
    store = Store(f"sqlite:///{server.data_dir / 'assessment.db'}")
    q = load_questionnaire(NATIONAL).questionnaire
    info = store.create_assessment("JM", "2026", q, "es", actor="setup")
    first = store.add_respondent(info.id, "Ana", "Gobierno digital", "government", questionnaire=q, actor="setup")
    store.save_answer(info.id, first.id, "strategy.national-strategy", Answer(stage=4), questionnaire=q, actor="a")

    sign_in(page, f"{server.url}/answer?lang=es&a={info.id}", ADMIN, ADMIN_PASSWORD, "Iniciar sesión")
    page.get_by_text("Soy un nuevo participante").wait_for()
    wait_idle(page)
    fill(page, "Su nombre", "Luis Pérez", in_form=True)
    fill(page, "Su organización", "Fundación Datos", in_form=True)
    choose(page, "Grupo de actores que representa", "Sociedad civil")
    page.get_by_role("button", name="Comenzar a responder").click()
    page.get_by_text("Responde").first.wait_for()
    wait_idle(page)
    pick_stage(page, "strategy.national-strategy", "1 · ")
    indicator_block(page, "strategy.national-strategy").get_by_text("Guardado a las").wait_for()

    page.goto(f"{server.url}/results?lang=es&a={info.id}")  # still signed in: the session cookie
    page.get_by_text("Dónde difieren los participantes").wait_for()
    wait_idle(page)
    divergence = page.locator('[data-testid="stDataFrame"]').nth(1)
    divergence.wait_for()
    page.set_viewport_size({"width": 1400, "height": 2600})
    wait_idle(page)
    page.screenshot(path=str(artifacts / "results-divergence-es.png"))
    assert page.get_by_text("Los participantes no difieren").count() == 0

    with page.expect_download() as download:
        page.get_by_role("button", name="Informe (PDF)").click()
    pdf = artifacts / "report-es.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename == "evaluacion-JM-2026.pdf"
    assert "Resumen ejecutivo" in " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "2", "-r", "70", "-png", str(pdf), str(artifacts / "report-es-page")], check=True
    )
    assert (artifacts / "report-es-page-1.png").exists()
    with page.expect_download() as download:
        page.get_by_role("button", name="Word (editable)").click()
    assert download.value.suggested_filename == "evaluacion-JM-2026.docx"
    word = Document(download.value.path())
    assert "Resumen ejecutivo" in [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert len(word.inline_shapes) == 1  # the radar
    people = store.answers(info.id)
    assert [p.group for p in people] == ["government", "civil-society"]
    assert people[1].answers["strategy.national-strategy"].stage == 1
