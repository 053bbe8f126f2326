"""A workshop run from the browser only: invitations from a CSV, three respondents, two servers on PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from assessment.loader import load_questionnaire
from assessment.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD, NATIONAL_2, ensure_admin
from tests.e2e.harness import AppServer, create_assessment_in_spanish, indicator_block, pick_stage, sign_in, wait_idle

INVITEES = """name,email,organisation,group
Ana Ruiz,ana@example.org,Ministerio TIC,government
Luis Pérez,luis@example.org,Fundación Datos,civil-society
Marta Gómez,marta@example.org,Policía Nacional,justice
"""


def test_a_facilitator_invites_three_respondents_who_answer_and_are_tracked(server, page, browser, artifacts, tmp_path):
    q = load_questionnaire(NATIONAL_2).questionnaire
    sign_in(page, f"{server.url}/?lang=es", ADMIN, ADMIN_PASSWORD, "Iniciar sesión")
    create_assessment_in_spanish(page, f"{server.url}/?lang=es")
    assessment = page.url.split("a=")[1].split("&")[0]

    page.goto(f"{server.url}/invitations?lang=es&a={assessment}")
    page.get_by_text("Invitar participantes").first.wait_for()
    wait_idle(page)
    upload = tmp_path / "invitados.csv"
    upload.write_text(INVITEES, encoding="utf-8")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    wait_idle(page)
    page.get_by_role("button", name="Crear las invitaciones").click()
    page.get_by_text("Se crearon 3 invitación(es)").wait_for()
    wait_idle(page)
    with page.expect_download() as download, page.expect_response(lambda r: "/media/" in r.url) as served:
        page.get_by_role("button", name="Descargar los enlaces (CSV)").click()
    assert served.value.headers["cache-control"] == "no-store"  # links and answers never sit in a cache
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert [r["email"] for r in rows] == ["ana@example.org", "luis@example.org", "marta@example.org"]

    for row, group in zip(rows, ("government", "civil-society", "justice"), strict=True):
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-419")  # a fresh browser
        person = context.new_page()
        person.set_default_timeout(30_000)
        person.goto(row["link"].replace("http://127.0.0.1:8501", server.url))
        person.get_by_text("Bienvenida").wait_for()
        wait_idle(person)
        person.get_by_label("Elija una contraseña (al menos 12 caracteres)").fill(f"{group} answers honestly")
        person.get_by_label("Repita la contraseña").fill(f"{group} answers honestly")
        person.get_by_role("button", name="Comenzar a responder").click()
        person.get_by_text("Responde").first.wait_for()
        wait_idle(person)
        asked = q.indicators_for(group)
        person.get_by_text(f"0 de {len(asked)} indicadores respondidos").wait_for()
        first = next(i for i in asked if i.kind == "stages")  # in the first pillar shown to this group
        pick_stage(person, first.id, "2 · ")
        indicator_block(person, first.id).get_by_text("Guardado a las").wait_for()
        not_asked = next(i for i in q.indicators.values() if not i.is_asked_of(group))
        assert person.locator(".st-key-indicator-" + not_asked.id.replace(".", "-")).count() == 0
        person.reload()  # still signed in
        person.get_by_text(f"1 de {len(asked)} indicadores respondidos").wait_for()
        person.screenshot(path=str(artifacts / f"invited-{group}.png"))
        context.close()

    page.goto(f"{server.url}/invitations?lang=es&a={assessment}")
    page.get_by_text("Quién ha respondido").wait_for()
    wait_idle(page)
    store = Store(f"sqlite:///{server.data_dir / 'assessment.db'}")
    people = store.answers(int(assessment))
    assert sorted(p.group for p in people) == ["civil-society", "government", "justice"]
    assert all(len(p.answers) == 1 for p in people)
    # the tracker (a data grid): all three are answering, each with 1 indicator answered
    expect(page.locator('[role="gridcell"]', has_text="Respondiendo")).to_have_count(3)
    page.screenshot(path=str(artifacts / "invitation-tracker-es.png"))


def test_two_app_servers_on_one_postgresql_see_each_other(postgres_server, browser, tmp_path):
    server, url = postgres_server
    database = url if server is None else server.create_database("workshop_two_servers")
    ensure_admin(database)
    q = load_questionnaire(NATIONAL_2).questionnaire
    store = Store(database)
    info = store.create_assessment("PA", "2026", q, "es", actor="setup")
    first = AppServer(tmp_path / "one", database_url=database)
    second = AppServer(tmp_path / "two", database_url=database)
    first.start()
    second.start()
    try:
        pages = []
        for app, group, name in ((first, "government", "Ana"), (second, "academia", "Marta")):
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-419")
            tab = context.new_page()
            tab.set_default_timeout(30_000)
            person = store.add_respondent(info.id, name, "Org", group, questionnaire=q, actor="setup")
            sign_in(tab, f"{app.url}/answer?lang=es&a={info.id}&r={person.id}", ADMIN, ADMIN_PASSWORD,
                    "Iniciar sesión")  # fmt: skip
            pick_stage(tab, "strategy.national-strategy", "4 · " if group == "government" else "1 · ")
            indicator_block(tab, "strategy.national-strategy").get_by_text("Guardado a las").wait_for()
            pages.append(tab)
        for tab, app in zip(pages, (first, second), strict=True):
            tab.goto(f"{app.url}/live?lang=es&a={info.id}")
            metric = tab.locator('[data-testid="stMetric"]').filter(has_text="Participantes")
            # both servers' respondents, in either server's live view
            expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text("2", timeout=30_000)
            tab.get_by_text("Dónde difieren los participantes").first.wait_for()
            assert tab.get_by_text("Los participantes no difieren").count() == 0
        assert sorted(p.group for p in store.answers(info.id)) == ["academia", "government"]
    finally:
        first.stop()
        second.stop()


def test_the_servers_own_routes(server):
    """/health touches the database; /auth/session refuses bad codes and foreign redirects; security headers."""
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(f"{server.url}/health") as response:
        assert (response.status, response.read()) == (200, b"ok")
        assert response.headers["Cache-Control"] == "no-store"
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(f"{server.url}/auth/session?code=made-up&next=//evil.example/")
    assert redirect.value.code == 303
    assert redirect.value.headers["Location"] == "/"  # never to another site
    assert "set-cookie" not in {k.lower() for k in redirect.value.headers}
    with opener.open(f"{server.url}/") as response:
        assert response.headers["Referrer-Policy"] == "no-referrer"
    # A link from another site never signs a browser in (login CSRF) or out, even with a valid code.
    from assessment.store import Store, sessions
    from assessment.store.accounts import user_by_name

    store = Store(f"sqlite:///{server.data_dir / 'assessment.db'}")
    _, code = sessions.start(store, user_by_name(store, ADMIN).id)
    cross = urllib.request.Request(  # noqa: S310 - our own test server, http only
        f"{server.url}/auth/session?code={code}", headers={"Sec-Fetch-Site": "cross-site"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(cross)
    assert "set-cookie" not in {k.lower() for k in refused.value.headers}
    assert sessions.activate(store, code) is not None  # the code was not spent: only a same-site visit uses it
