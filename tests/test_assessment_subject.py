"""An assessment of something other than a country (a CSIRT, an agency) names it; the country stays its scope."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from assessment.answers import Answer
from assessment.errors import AssessmentError
from assessment.exchange.portable import export_assessment, import_assessment, to_json
from assessment.i18n import explain
from assessment.loader import Catalog, load_catalog
from assessment.model import Questionnaire
from assessment.store import Store
from assessment.store.database import MIGRATIONS, make_engine
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "questionnaires")


@pytest.fixture(scope="module")
def csirt(catalog) -> Questionnaire:
    """A questionnaire whose subject is not a country: each assessment names its team."""
    return catalog.find("csirt").questionnaire


@pytest.fixture
def store(database_url) -> Iterator[Store]:
    created = Store(database_url)
    yield created
    created.engine.dispose()


def test_an_assessment_keeps_its_subject_and_a_country_assessment_has_none(store, csirt, national):
    team = store.create_assessment("MX", "2026", csirt, "es", actor="t", subject="  CERT-Ejemplo ")
    country = store.create_assessment("MX", "2026", national, "es", actor="t")
    assert team.subject == "CERT-Ejemplo"
    assert country.subject is None
    assert store.assessment(team.id).subject == "CERT-Ejemplo"
    assert {a.id: a.subject for a in store.assessments()} == {team.id: "CERT-Ejemplo", country.id: None}
    assert store.assessment(team.id).country == "MX"  # still the access scope
    created = [e.new for e in store.audit(team.id) if e.entity == "assessment"]
    assert created[0]["subject"] == "CERT-Ejemplo"


def test_titles_name_the_subject_else_the_country(store, csirt, national):
    team = store.create_assessment("MX", "2026", csirt, "es", actor="t", subject="CERT-Ejemplo")
    country = store.create_assessment("MX", "2026", national, "es", actor="t")
    assert team.display_subject("es") == "CERT-Ejemplo"
    assert country.display_subject("es") == "México"
    assert country.display_subject("en") == "Mexico"


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_a_blank_subject_is_no_subject(store, csirt, national, blank):
    assert store.create_assessment("MX", "2026", csirt, "es", actor="t", subject=blank).subject is None
    assert store.create_assessment("MX", "2026", national, "es", actor="t", subject=blank).subject is None


def test_a_subject_too_long_with_control_characters_or_for_a_country_is_refused_and_nothing_is_written(
    store, csirt, national
):
    with pytest.raises(AssessmentError, match="limited to 200 characters") as caught:
        store.create_assessment("MX", "2026", csirt, "es", actor="t", subject="C" * 201)
    assert explain(caught.value, "es") == "El nombre de lo que se evalúa admite hasta 200 caracteres."
    with pytest.raises(AssessmentError, match="not allowed"):
        store.create_assessment("MX", "2026", csirt, "es", actor="t", subject="CERT\u202eEjemplo")
    with pytest.raises(AssessmentError, match="assesses a country") as caught:
        store.create_assessment("MX", "2026", national, "es", actor="t", subject="CERT-Ejemplo")
    assert explain(caught.value, "pt").startswith("Este questionário avalia um país")
    assert store.assessments() == []
    assert store.create_assessment("MX", "2026", csirt, "es", actor="t", subject="C" * 200).subject == "C" * 200


def test_the_portable_file_carries_the_subject_and_only_when_there_is_one(store, catalog, csirt, national, tmp_path):
    team = store.create_assessment("MX", "2026", csirt, "es", actor="t", subject="CERT-Ejemplo")
    person = store.add_respondent(team.id, "Ana", "CERT", "management", questionnaire=csirt, actor="t")
    store.save_answer(team.id, person.id, "organisation.mandate", Answer(stage=3), questionnaire=csirt, actor="t")
    document = export_assessment(store, team.id)
    assert document["subject"] == "CERT-Ejemplo"
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    copy = import_assessment(other, to_json(document).encode(), catalog, actor="t", file="csirt.json")
    assert (copy.country, copy.subject, copy.questionnaire_id) == ("MX", "CERT-Ejemplo", "csirt")
    assert other.answers(copy.id)[0].answers["organisation.mandate"].stage == 3
    country = store.create_assessment("MX", "2026", national, "es", actor="t")
    assert "subject" not in export_assessment(store, country.id)
    too_long = json.dumps(document | {"subject": "C" * 201}).encode()
    with pytest.raises(AssessmentError):
        import_assessment(other, too_long, catalog, actor="t", file="long.json")
    assert len(other.assessments()) == 1


def test_a_database_made_before_subjects_keeps_its_assessments(database_url):
    engine = make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO assessments (country, round, questionnaire_id, questionnaire_version, language, status,"
                " created_at, created_by, shareable) VALUES ('CR', '2025', 'national', '1.0.0', 'es', 'open',"
                " '2025-05-01 10:00:00', 'someone', false)"
            )
        )
    store = Store(engine=engine)
    (kept,) = store.assessments()
    assert (kept.country, kept.round, kept.subject) == ("CR", "2025", None)
    engine.dispose()
