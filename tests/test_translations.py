"""The translators' workflow: PO out, PO back in, every other byte of the YAML as its author wrote it."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from assessment.errors import InputError
from assessment.i18n import CATALOG_DIR
from assessment.loader import load_questionnaire
from assessment.translations import (
    catalog_entries,
    export_po,
    import_catalog_po,
    import_questionnaire_po,
    questionnaire_entries,
)

from .conftest import NATIONAL_2, TINY


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def copy_national(tmp_path: Path) -> Path:
    """The 2.0.0 folder and the framework catalogs it pins, side by side as in questionnaires/."""
    shutil.copytree(NATIONAL_2, tmp_path / "national")
    shutil.copytree(NATIONAL_2.parent / "frameworks", tmp_path / "frameworks")
    return tmp_path / "national"


def filled(po: bytes, texts: dict[str, str]) -> bytes:
    catalog = read_po(io.BytesIO(po))
    for message in catalog:
        if message.context in texts:
            message.string = texts[message.context]
    out = io.BytesIO()
    write_po(out, catalog, width=88, sort_output=False)
    return out.getvalue()


@pytest.mark.parametrize("language", ["es", "pt"])
def test_an_exported_file_imported_unchanged_leaves_every_yaml_byte_identical(tmp_path, language):
    folder = copy_national(tmp_path)
    before = snapshot(tmp_path)
    po = export_po(questionnaire_entries(folder, language), language, "national")
    result = import_questionnaire_po(folder, po, "national.po", language)
    assert result.changed == 0
    assert result.files == ()
    assert snapshot(tmp_path) == before


def test_the_export_carries_every_text_with_its_english_source_and_the_translation_so_far(tmp_path):
    folder = copy_national(tmp_path)
    catalog = read_po(io.BytesIO(export_po(questionnaire_entries(folder, "es"), "es", "national")))
    q = load_questionnaire(folder).questionnaire
    by_context = {m.context: m for m in catalog if m.id}
    title = by_context["strategy.yaml:indicators/strategy.national-strategy/title"]
    assert title.id == q.indicators["strategy.national-strategy"].title["en"]
    assert title.string == q.indicators["strategy.national-strategy"].title["es"]
    assert ("strategy.yaml", title.locations[0][1]) == title.locations[0]
    assert "frameworks/cmm-2021.yaml:elements/D1/name" in by_context
    assert "questionnaire.yaml:scale/stages/3/name" in by_context


@pytest.mark.slow  # round-trips every questionnaire file
def test_translations_go_into_block_and_flow_maps_and_the_language_is_declared(tmp_path):
    folder = copy_national(tmp_path)
    po = export_po(questionnaire_entries(folder, "it"), "it", "national")
    # A language the questionnaire does not have yet (Italian), so that every text is new.
    texts = {
        "strategy.yaml:indicators/strategy.national-strategy/title": "Estratégia nacional de cibersegurança",
        "strategy.yaml:indicators/strategy.national-strategy/descriptors/1": (
            "Não existe uma estratégia nacional de cibersegurança e nenhuma redação foi iniciada. A cibersegurança "
            "aparece, quando muito, em documentos setoriais ou de agenda digital dispersos."
        ),
        "questionnaire.yaml:scale/stages/1/name": "Inicial",
        "questionnaire.yaml:stakeholder_groups/government/name": "Governo: política e coordenação",
        "frameworks/cmm-2021.yaml:elements/D1/name": "Política e estratégia de cibersegurança",
        "strategy.yaml:description": '- "Aspas", dois-pontos: e # cerquilha {chaves} & mais',
    }
    before = snapshot(tmp_path)
    result = import_questionnaire_po(folder, filled(po, texts), "it.po", "it")
    assert result.changed == len(texts)
    assert set(result.files) == {"strategy.yaml", "questionnaire.yaml", "frameworks/cmm-2021.yaml"}
    after = snapshot(tmp_path)
    untouched = [f for f in before if f not in {"national/strategy.yaml", "national/questionnaire.yaml",
                                                 "frameworks/cmm-2021.yaml"}]  # fmt: skip
    assert all(before[f] == after[f] for f in untouched)
    q = load_questionnaire(folder).questionnaire
    assert "it" in q.languages
    strategy = q.indicators["strategy.national-strategy"]
    assert strategy.title["it"] == texts["strategy.yaml:indicators/strategy.national-strategy/title"]
    assert strategy.descriptors[1]["it"] == texts["strategy.yaml:indicators/strategy.national-strategy/descriptors/1"]
    assert strategy.title["es"] == "Estrategia nacional de ciberseguridad"  # the other languages stay
    assert q.scale.stages[0].name["it"] == "Inicial"
    assert q.groups["government"].name["it"] == "Governo: política e coordenação"
    assert q.pillar("strategy").description["it"] == texts["strategy.yaml:description"]
    assert q.framework_catalogs["cmm"].codes["D1"].name["it"] == "Política e estratégia de cibersegurança"
    # Only the translated lines changed: every English and Spanish line is where it was.
    old, new = before["national/strategy.yaml"].decode(), after["national/strategy.yaml"].decode()
    assert [line for line in new.splitlines() if line in old.splitlines()] == old.splitlines()
    # A second import of the same file changes nothing more.
    again = import_questionnaire_po(folder, filled(po, texts), "it.po", "it")
    assert again.changed == 0
    assert snapshot(tmp_path) == after
    # Re-exported, the translations come back for review.
    catalog = read_po(io.BytesIO(export_po(questionnaire_entries(folder, "it"), "it", "national")))
    assert {m.context: m.string for m in catalog if m.context in texts} == texts


def test_unknown_ids_a_changed_source_and_a_broken_file_are_refused_with_the_line_and_nothing_is_written(tmp_path):
    folder = copy_national(tmp_path)
    po = export_po(questionnaire_entries(folder, "pt"), "pt", "national").decode()
    before = snapshot(tmp_path)
    unknown = po.replace('msgctxt "strategy.yaml:indicators/strategy.national-strategy/title"',
                         'msgctxt "strategy.yaml:indicators/strategy.no-such-indicator/title"', 1)  # fmt: skip
    unknown = unknown.replace('msgid "National cybersecurity strategy"\nmsgstr ""',
                              'msgid "National cybersecurity strategy"\nmsgstr "Estratégia"', 1)  # fmt: skip
    with pytest.raises(InputError) as caught:
        import_questionnaire_po(folder, unknown.encode(), "pt.po", "pt")
    problem = caught.value.problems[0]
    assert "unknown text id 'strategy.yaml:indicators/strategy.no-such-indicator/title'" in problem.message
    assert problem.file == "pt.po"
    assert unknown.splitlines()[problem.line - 2].startswith('msgctxt "strategy.yaml:indicators/strategy.no-such')
    changed = po.replace('msgid "National cybersecurity strategy"', 'msgid "National strategy"', 1)
    with pytest.raises(InputError, match="has changed since this file was exported"):
        import_questionnaire_po(folder, changed.encode(), "pt.po", "pt")
    with pytest.raises(InputError, match="not a readable PO file"):
        import_questionnaire_po(folder, b"garbage\n", "pt.po", "pt")
    with pytest.raises(InputError, match="without msgctxt"):
        import_questionnaire_po(folder, b'msgid "a"\nmsgstr "b"\n', "pt.po", "pt")
    assert snapshot(tmp_path) == before


def test_the_interface_catalog_round_trips_and_a_new_language_file_is_created(tmp_path):
    folder = tmp_path / "i18n"
    folder.mkdir()
    for name in ("en.yaml", "es.yaml"):
        shutil.copy(CATALOG_DIR / name, folder / name)
    before = snapshot(folder)
    po = export_po(catalog_entries(folder, "es"), "es", "interface")
    assert import_catalog_po(folder, po, "es.po", "es").changed == 0
    assert snapshot(folder) == before
    fresh = export_po(catalog_entries(folder, "pt"), "pt", "interface")
    respondents = "{count} respondentes de {groups} grupos"
    texts = {"pt.yaml:nav.results": "Resultados", "pt.yaml:report.respondents": respondents}
    result = import_catalog_po(folder, filled(fresh, texts), "pt.po", "pt")
    assert result.files == ("pt.yaml",)
    from assessment.yamlsafe import read_file

    assert read_file(folder / "pt.yaml").data == {"nav.results": "Resultados", "report.respondents": respondents}
    edited = filled(export_po(catalog_entries(folder, "es"), "es", "interface"), {"es.yaml:nav.results": "Resultado"})
    import_catalog_po(folder, edited, "es.po", "es")
    after = (folder / "es.yaml").read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line.startswith("nav.results:")] == ["nav.results: Resultado"]
    assert len(after) == len(before["es.yaml"].decode().splitlines())


def test_a_tiny_questionnaire_without_frameworks_exports_too():
    entries = questionnaire_entries(TINY, "es")
    assert entries
    assert all(e.source for e in entries)


def test_one_rule_for_the_language_of_a_report():
    from assessment.i18n import report_language

    available = ["en", "es", "pt", "fr"]
    assert report_language(["es"], available) == "es"  # the assessment's own language by default
    assert report_language(["es"], available, "pt") == "pt"  # what the person chose at download
    assert report_language(["es", "es"], available) == "es"
    assert report_language(["es", "pt"], available) == "en"  # no shared language: the questionnaire's first
    assert report_language(["de"], available) == "en"


@pytest.mark.slow  # loads the demo
def test_the_demo_speaks_the_language_it_is_loaded_in(tmp_path):
    from assessment.countries import country_name
    from assessment.demo import load_demo
    from assessment.store import Store

    store = Store(f"sqlite:///{tmp_path / 'demo.db'}")
    q = load_questionnaire(NATIONAL_2).questionnaire
    load_demo(store, q, language="pt")
    infos = store.assessments()
    assert {i.language for i in infos} == {"pt"}
    texts = {a.evidence for r in store.answers(infos[0].id) for a in r.answers.values()} - {""}
    assert texts == {"Evidência de demonstração: um documento que respaldaria esta resposta."}
    assert {g.name for g in store.peer_groups()} == {"Demo: estados insulares", "Demo: estados continentais"}
    assert country_name("XA", "fr") == "Arcadia (fictif)"


def test_refusals_are_told_in_the_persons_language_and_stay_english_for_the_cli():
    from assessment.access import Action, Principal, require
    from assessment.errors import AssessmentError
    from assessment.i18n import explain

    viewer = Principal(1, "v@example.org", "viewer", frozenset({"CR"}))
    with pytest.raises(AssessmentError) as caught:
        require(viewer, Action.SET_TARGETS, "CR", 7)
    assert str(caught.value) == "v@example.org (viewer) may not set targets for assessment 7"
    assert explain(caught.value, "pt") == "Sua conta não pode definir as metas desta avaliação."
    assert explain(caught.value, "fr") == "Votre compte ne peut pas fixer les cibles de cette évaluation."
    assert explain(AssessmentError("plain"), "es") == "plain"  # no catalog text: the message itself


def test_invitees_can_be_listed_with_portuguese_or_french_headers_and_group_names():
    from assessment.exchange.invitees import parse_invitees

    q = load_questionnaire(NATIONAL_2).questionnaire
    civil = q.groups["civil-society"].name
    pt = f"nome;e-mail;organização;grupo\nAna Souza;ana@gov.example;Ministério;{civil['pt']}\n"
    fr = f"nom,courriel,organisme,groupe\nJean Pierre,jp@gouv.example,Ministère,{civil['fr']}\n"
    assert [(p.name, p.group) for p in parse_invitees(pt, q)] == [("Ana Souza", "civil-society")]
    assert [(p.email, p.organisation) for p in parse_invitees(fr, q)] == [("jp@gouv.example", "Ministère")]


@pytest.mark.parametrize(("language", "message"), [("../evil", "not a language code"), ("en", "source language"),
                                                   ("pt_BR", "not a language code")])  # fmt: skip
def test_a_language_that_is_not_a_plain_code_or_is_english_is_refused(tmp_path, language, message):
    folder = copy_national(tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(InputError, match=message):
        import_questionnaire_po(folder, b"", "x.po", language)
    with pytest.raises(InputError, match=message):
        import_catalog_po(folder, b"", "x.po", language)
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "evil.yaml").exists()


def test_placeholders_fuzzy_entries_and_the_files_language_are_checked(tmp_path):
    folder = tmp_path / "i18n"
    folder.mkdir()
    shutil.copy(CATALOG_DIR / "en.yaml", folder / "en.yaml")
    po = export_po(catalog_entries(folder, "pt"), "pt", "interface")
    broken = filled(po, {"pt.yaml:report.respondents": "{contagem} respondentes"})
    with pytest.raises(InputError, match=r"must keep the placeholders of the English text \(\{count\}, \{groups\}\)"):
        import_catalog_po(folder, broken, "pt.po", "pt")
    catalog = read_po(io.BytesIO(filled(po, {"pt.yaml:nav.results": "Resultados?"})))
    for message in catalog:
        if message.context == "pt.yaml:nav.results":
            message.flags.add("fuzzy")
    out = io.BytesIO()
    write_po(out, catalog, width=88, sort_output=False)
    assert import_catalog_po(folder, out.getvalue(), "pt.po", "pt").changed == 0  # a fuzzy entry waits for review
    with pytest.raises(InputError, match="this file is in 'pt', not 'fr'"):
        import_catalog_po(folder, filled(po, {"pt.yaml:nav.results": "Resultados"}), "pt.po", "fr")
    assert not (folder / "pt.yaml").exists()


@pytest.mark.slow  # round-trips every questionnaire file
def test_an_import_keeps_the_files_permissions_and_leaves_no_temporary_file(tmp_path):
    folder = copy_national(tmp_path)
    strategy = folder / "strategy.yaml"
    strategy.chmod(0o640)
    po = export_po(questionnaire_entries(folder, "it"), "it", "national")
    import_questionnaire_po(folder, filled(po, {"strategy.yaml:name": "Strategia nazionale"}), "it.po", "it")
    assert strategy.stat().st_mode & 0o777 == 0o640
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_two_texts_that_would_share_an_id_are_refused(tmp_path):
    folder = copy_national(tmp_path)
    glossary = folder / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    first, second = re.findall(r"- id: (\S+)", text)[:2]
    glossary.write_text(text.replace(f"- id: {first}", "- id: twin", 1).replace(f"- id: {second}", "- id: twin", 1),
                        encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError, match=re.escape("two texts share the id 'glossary.yaml:terms/twin/term'")):
        questionnaire_entries(folder, "pt")
