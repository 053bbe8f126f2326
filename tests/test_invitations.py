"""Invitations and administration: the engine, the CSV of invitees, and the pages through AppTest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from assessment.answers import Answer
from assessment.errors import AssessmentError, InputError
from assessment.exchange.invitees import parse_invitees
from assessment.loader import load_questionnaire
from assessment.store import Store, invitations, sessions
from assessment.store.accounts import create_user, grant, principal, scopes, sign_in, user_by_name
from assessment.store.database import default_url
from assessment.store.invitations import Invitee
from assessment.store.tables import now
from assessment.workspace import Workspace
from tests.conftest import NATIONAL_2, ROOT, ensure_admin, open_page

PASSWORD = "correct horse battery"  # noqa: S105 - a test account
CSV = """nombre;correo;organización;grupo
Ana Ruiz;ana@example.org;Ministerio TIC;Gobierno: política y coordinación
Luis Pérez;LUIS@example.org;Fundación Datos;civil-society
Marta Gómez;marta@example.org;Universidad Nacional;Academia
"""


@pytest.fixture(scope="module")
def q2():
    return load_questionnaire(NATIONAL_2).questionnaire


@pytest.fixture
def world(database_url, q2):
    store = Store(database_url)
    cr = store.create_assessment("CR", "2026", q2, "es", actor="setup")
    pa = store.create_assessment("PA", "2026", q2, "es", actor="setup")
    facilitator = create_user(store, "fac@example.org", PASSWORD, "facilitator", actor="setup")
    grant(store, facilitator.id, country="CR", actor="setup")
    return store, Workspace(store, principal(store, facilitator.id)), cr.id, pa.id


def test_invitees_from_a_spreadsheet_paste_in_spanish(q2):
    people = parse_invitees(CSV, q2)
    assert [(p.name, p.email, p.group) for p in people] == [
        ("Ana Ruiz", "ana@example.org", "government"),
        ("Luis Pérez", "luis@example.org", "civil-society"),
        ("Marta Gómez", "marta@example.org", "academia"),
    ]
    tabbed = "name\temail\tgroup\nAna\tana@example.org\tjustice\n"
    assert parse_invitees(tabbed, q2)[0].group == "justice"


def test_bad_invitee_lines_are_named(q2):
    with pytest.raises(InputError) as refused:
        parse_invitees("name,email,group\nAna,not-an-address,government\n,b@example.org,nobody\n", q2, "people.csv")
    found = [(p.line, p.path, p.message.split(" (")[0]) for p in refused.value.problems]
    assert found == [
        (2, "email", "'not-an-address' is not an e-mail address"),
        (3, "name", "a name of up to 200 characters is needed"),
        (3, "group", "'nobody' is not a stakeholder group"),
    ]
    with pytest.raises(InputError, match="missing column"):
        parse_invitees("name,group\nAna,government\n", q2)


def test_invite_accept_and_track(world, q2):
    store, facilitator, cr, _ = world
    made = facilitator.invite(cr, parse_invitees(CSV, q2), q2)
    assert len(made) == 3
    (_ana, ana_code), (luis, luis_code), _ = made
    assert invitations.find(store, ana_code).email == "ana@example.org"
    with store.engine.connect() as connection:  # only hashes of the codes are stored
        stored = str(connection.exec_driver_sql("SELECT * FROM invitations").fetchall())
    assert ana_code not in stored
    with pytest.raises(AssessmentError, match="too common"):
        invitations.accept(store, ana_code, "password1234", questionnaire=q2)
    _user_id, respondent_id = invitations.accept(store, ana_code, PASSWORD, questionnaire=q2)
    assert invitations.find(store, ana_code) is None  # single use
    with pytest.raises(AssessmentError, match="not valid any more"):
        invitations.accept(store, ana_code, PASSWORD, questionnaire=q2)
    ana_as_herself = Workspace(store, sign_in(store, "ana@example.org", PASSWORD))
    assert ana_as_herself.principal.invitations == {(cr, "government")}
    assert [p.id for p in ana_as_herself.respondents(cr)] == [respondent_id]
    ana_as_herself.save_answer(cr, respondent_id, "strategy.lead-body", Answer(stage=3), q2)
    with pytest.raises(AssessmentError):  # not asked of government? then refused; csirt.operations is csirt-only
        ana_as_herself.save_answer(cr, respondent_id, "csirt.operations", Answer(items=frozenset()), q2)

    progress = {p.invitation.email: p for p in facilitator.invitation_progress(cr, q2)}
    assert progress["ana@example.org"].status == "accepted"
    assert progress["ana@example.org"].answered == 1
    assert progress["ana@example.org"].asked == len(q2.indicators_for("government"))
    assert progress["ana@example.org"].last_activity is not None
    assert progress["luis@example.org"].status == "pending"

    new_code = facilitator.resend_invitation(cr, luis.id)
    assert invitations.find(store, luis_code) is None  # the old link stops working
    facilitator.revoke_invitation(cr, luis.id)
    assert invitations.find(store, new_code) is None
    with pytest.raises(AssessmentError, match="not valid any more"):
        invitations.accept(store, new_code, PASSWORD, questionnaire=q2)
    assert {e.entity for e in store.audit(cr)} >= {"invitation"}


def test_an_invitation_cannot_take_over_an_existing_account(world, q2):
    store, facilitator, cr, _ = world
    ((_, code),) = facilitator.invite(cr, [Invitee("Boss", "fac@example.org", "", "government")], q2)
    with pytest.raises(AssessmentError, match="not a respondent's"):  # privileged accounts never accept one
        invitations.accept(store, code, PASSWORD, questionnaire=q2)
    assert sign_in(store, "fac@example.org", PASSWORD)  # unchanged
    create_user(store, "resp@example.org", PASSWORD, "respondent", actor="t")
    ((_, code),) = facilitator.invite(cr, [Invitee("Resp", "resp@example.org", "", "academia")], q2)
    for _ in range(5):  # guessing the existing password through the link is throttled like any sign-in
        with pytest.raises(AssessmentError, match="wrong user name or password"):
            invitations.accept(store, code, "a guess at the password", questionnaire=q2)
    with pytest.raises(AssessmentError, match="too many failed sign-ins"):
        invitations.accept(store, code, PASSWORD, questionnaire=q2)
    assert invitations.find(store, code) is not None  # still unused


def test_an_expired_invitation_is_refused(world, q2):
    store, _, cr, _ = world
    (_, code), = invitations.invite(store, cr, [Invitee("Old", "old@example.org", "", "academia")],
                                    questionnaire=q2, actor="t", at=now() - timedelta(days=15))  # fmt: skip
    assert invitations.find(store, code) is None


def test_facilitators_invite_and_manage_only_in_their_countries(world, q2):
    store, facilitator, cr, pa = world
    with pytest.raises(AssessmentError):
        facilitator.invite(pa, [Invitee("X", "x@example.org", "", "academia")], q2)
    facilitator.invite(cr, [Invitee("Vera", "vera@example.org", "", "academia")], q2)
    outsider = create_user(store, "pa-viewer@example.org", PASSWORD, "viewer", actor="t")
    grant(store, outsider.id, country="PA", actor="t")
    code = facilitator.add_user("cr-viewer@example.org", "viewer", country="CR")
    cr_viewer = user_by_name(store, "cr-viewer@example.org")
    assert {u.username for u in facilitator.manageable_users()} == {"cr-viewer@example.org"}
    with pytest.raises(AssessmentError):
        facilitator.set_user_active(outsider.id, False)
    with pytest.raises(AssessmentError):
        facilitator.add_user("boss@example.org", "administrator")
    root = create_user(store, "root@example.org", PASSWORD, "administrator", actor="t")
    admin = Workspace(store, principal(store, root.id))
    with pytest.raises(AssessmentError, match="no country scope"):
        admin.add_user("resp-with-country@example.org", "respondent", country="CR")
    assert "resp-with-country@example.org" not in {u.username for u in admin.manageable_users()}  # nothing made
    with pytest.raises(AssessmentError):
        facilitator.grant_country(cr_viewer.id, "PA")
    with pytest.raises(AssessmentError):
        facilitator.set_user_role(cr_viewer.id, "administrator")
    facilitator.set_user_active(cr_viewer.id, False)
    facilitator.set_user_active(cr_viewer.id, True)
    from assessment.store.accounts import use_reset

    use_reset(store, code, "the viewer's own sentence")
    assert sign_in(store, "cr-viewer@example.org", "the viewer's own sentence").countries == {"CR"}
    (scope,) = scopes(store, cr_viewer.id)
    facilitator.revoke_scope(cr_viewer.id, scope.id)
    assert scopes(store, cr_viewer.id) == []


# -- pages ------------------------------------------------------------------------------

APP = str(ROOT / "app.py")


@pytest.fixture
def app_database(tmp_path, monkeypatch, q2):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))
    store = Store(default_url())
    info = store.create_assessment("CR", "2026", q2, "es", actor="t")
    return store, info.id


def invitations_script():
    from assessment.web.invitations import render_invitations_page

    render_invitations_page()


def admin_script():
    from assessment.web.admin import render_admin_page

    render_admin_page()


@pytest.mark.slow  # runs the page in AppTest
def test_the_invitations_page_makes_links_and_tracks(app_database, q2):
    store, assessment = app_database
    at = open_page(invitations_script, lang="es", a=str(assessment))
    at.text_area(key="invite_paste").input(CSV)
    next(b for b in at.button if b.proto.form_id == "invite").click().run()
    assert not at.exception
    assert "Se crearon 3 invitación(es)" in at.success[0].value
    links = at.dataframe[0].value
    assert list(links["email"]) == ["ana@example.org", "luis@example.org", "marta@example.org"]
    code = links["link"][0].split("invite=")[1].split("&")[0]
    assert links["link"][0].endswith("&lang=es")  # the assessment's language
    assert invitations.find(store, code).name == "Ana Ruiz"
    tracker = at.dataframe[1].value
    assert set(tracker["Estado"]) == {"Enlace aún sin usar"}
    at.button(key="revoke_invitation").click().run()
    assert "Revocada" in set(at.dataframe[-1].value["Estado"])
    at.text_area(key="invite_paste").input("nombre,correo,grupo\nX,bad,nadie\n")
    next(b for b in at.button if b.proto.form_id == "invite").click().run()
    assert "No se creó ninguna invitación" in at.error[0].value
    assert "line 2" in at.code[0].value or ":2:" in at.code[0].value
    assert len(invitations.invitations(store, assessment)) == 3  # nothing half-made


def test_the_administration_page_resets_and_disables(app_database):
    store, _ = app_database
    viewer = create_user(store, "viewer@example.org", PASSWORD, "viewer", actor="t")
    at = open_page(admin_script, lang="en")
    assert not at.exception
    assert "viewer@example.org" in list(at.dataframe[0].value["User name or e-mail address"])
    at.selectbox(key="admin_user").select(viewer.id).run()
    at.button(key="reset_user").click().run()
    link = at.code[0].value
    assert "?reset=" in link
    from assessment.store.accounts import reset_user

    assert reset_user(store, link.split("reset=")[1]).username == "viewer@example.org"
    at.button(key="disable_user").click().run()
    assert not user_by_name(store, "viewer@example.org").active
    at.text_input(key="add_username").input("new@example.org")
    at.selectbox(key="add_role").select("facilitator")
    next(b for b in at.button if b.proto.form_id == "add_user").click().run()
    assert user_by_name(store, "new@example.org").role == "facilitator"
    assert r"new@example\.org" in at.success[0].value  # escaped Markdown


def test_an_invitation_link_sets_a_password_and_opens_the_answer_page(app_database, q2):
    store, assessment = app_database
    ensure_admin()
    (_, code), = invitations.invite(store, assessment, [Invitee("Ana", "ana@example.org", "MICITT", "justice")],
                                    questionnaire=q2, actor="t")  # fmt: skip
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "es"
    at.query_params["invite"] = code
    at.run()
    assert at.title[0].value == "Bienvenida"
    assert "Justicia y fuerzas del orden" in at.markdown[0].value
    at.text_input(key="invite_password").input("Ana's own long sentence")
    at.text_input(key="invite_again").input("Ana's own long sentence")
    at.button[0].click().run()
    assert not at.exception
    assert "Sesión iniciada" in at.success[0].value
    person = store.respondents(assessment)[0]
    assert (person.name, person.group) == ("Ana", "justice")
    bad = AppTest.from_file(APP, default_timeout=60)
    bad.query_params["invite"] = code
    bad.run()
    assert "not valid any more" in bad.error[0].value


def test_a_reset_link_sets_a_new_password(app_database):
    store, _ = app_database
    ensure_admin()
    user = create_user(store, "reset@example.org", PASSWORD, "viewer", actor="t")
    from assessment.store.accounts import create_reset

    code = create_reset(store, user.id, actor="t")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["reset"] = code
    at.run()
    assert at.title[0].value == "Set your password"
    at.text_input(key="reset_password").input("a fresh long sentence")
    at.text_input(key="reset_again").input("a fresh long sentence")
    at.button[0].click().run()
    assert "Signed in" in at.success[0].value
    assert sign_in(store, "reset@example.org", "a fresh long sentence")
    assert sessions.end_all(store, user.id) == 1  # the session the link started


def test_the_invitation_page_speaks_spanish_when_it_refuses(app_database, q2):
    store, assessment = app_database
    ensure_admin()
    ((_, code),) = invitations.invite(store, assessment, [Invitee("Ana", "ana@example.org", "", "justice")],
                                      questionnaire=q2, actor="t")  # fmt: skip
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "es"
    at.query_params["invite"] = code
    at.run()
    at.text_input(key="invite_password").input("password1234")
    at.text_input(key="invite_again").input("password1234")
    at.button[0].click().run()
    assert at.error[0].value == "Esta contraseña es demasiado común: elija otra."
    assert invitations.find(store, code) is not None  # nothing used up
