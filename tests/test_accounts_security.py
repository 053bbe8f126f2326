"""The breaches found in testing, as tests: nobody can keep an account out, files are private, text is clean.

Each of these failed before the fix (the lock counted its own refusals; files were 0644;
a NUL reached PostgreSQL and raised an unhandled error).
"""

from __future__ import annotations

import os
import stat
from datetime import timedelta

import pytest

from assessment.answers import Answer
from assessment.errors import AssessmentError
from assessment.store import Store, sessions
from assessment.store.accounts import (
    SignInRefused,
    create_reset,
    create_user,
    grant,
    prune_sign_ins,
    reset_user,
    set_active,
    sign_in,
    unlock,
    use_reset,
    user_by_name,
)
from assessment.store.passwords import password_problem
from assessment.store.tables import now

PASSWORD = "correct horse battery"  # noqa: S105 - a test account
ATTACKER, VICTIM = "198.51.100.7", "203.0.113.9"


@pytest.fixture
def store(database_url) -> Store:
    store = Store(database_url)
    create_user(store, "chief@example.org", PASSWORD, "administrator", actor="t")
    return store


@pytest.mark.slow  # dozens of sign-ins
def test_an_attacker_cannot_keep_the_administrator_out(store):
    """A simulated three hours: a guess every 30 seconds from one address, the administrator every 13 minutes."""
    start = now()
    at, next_try, tries, got_in = start, start + timedelta(minutes=7), 0, 0
    while at < start + timedelta(hours=3):
        with pytest.raises(SignInRefused):
            sign_in(store, "chief@example.org", "guess", address=ATTACKER, at=at)
        if at >= next_try:
            tries += 1
            sign_in(store, "chief@example.org", PASSWORD, address=VICTIM, at=at)  # never refused
            got_in += 1
            next_try += timedelta(minutes=13)
        at += timedelta(seconds=30)
    assert got_in == tries == 14


@pytest.mark.slow  # dozens of sign-ins
def test_a_guesser_on_the_same_network_cannot_keep_the_owner_of_a_known_browser_out(store):
    """Behind one proxy everyone has the same address: the browser the administrator used before still gets in."""
    admin = user_by_name(store, "chief@example.org")
    device = sessions.remember_device(store, admin.id, None)
    assert sessions.remember_device(store, admin.id, device) is None  # already known: no new cookie
    start = now()
    at, next_try, tries, got_in = start, start + timedelta(minutes=7), 0, 0
    while at < start + timedelta(hours=3):
        with pytest.raises(SignInRefused):
            sign_in(store, "chief@example.org", "guess", at=at)  # no address, no device: like everyone else
        if at >= next_try:
            tries += 1
            sign_in(store, "chief@example.org", PASSWORD, device=device, at=at)
            got_in += 1
            next_try += timedelta(minutes=13)
        at += timedelta(seconds=30)
    assert got_in == tries == 14
    other = create_user(store, "other@example.org", PASSWORD, "viewer", actor="t")
    assert sessions.known_device(store, other.id, device) is None  # a device is known to one account only


@pytest.mark.slow  # dozens of sign-ins
def test_refused_attempts_never_extend_the_wait(store):
    at = now()
    for n in range(5):
        with pytest.raises(SignInRefused, match="wrong"):
            sign_in(store, "chief@example.org", "guess", at=at + timedelta(seconds=n))
    for n in range(200):  # hammering while throttled
        with pytest.raises(SignInRefused, match="too many") as refused:
            sign_in(store, "chief@example.org", "guess", at=at + timedelta(seconds=5 + n / 10))
    assert refused.value.minutes == 1
    # the first wait is 30 s after the last counted failure, whatever happened in between
    assert sign_in(store, "chief@example.org", PASSWORD, at=at + timedelta(seconds=35)).role == "administrator"


def test_the_longest_wait_is_fifteen_minutes(store):
    at = now()
    waits = []
    for _ in range(40):  # an attacker who waits out every delay, so that each guess counts
        try:
            sign_in(store, "chief@example.org", "guess", at=at)
        except SignInRefused as refused:
            waits.append(refused.minutes)
        at += timedelta(minutes=16)
    assert waits.count(None) == 40  # waiting 16 minutes is always enough: every guess was checked
    with pytest.raises(SignInRefused, match="wrong"):
        sign_in(store, "chief@example.org", "guess", at=at)


def test_unlock_and_pruning(store):
    at = now()
    for n in range(6):
        with pytest.raises(SignInRefused):
            sign_in(store, "chief@example.org", "guess", at=at + timedelta(seconds=n))
    with pytest.raises(SignInRefused, match="too many"):
        sign_in(store, "chief@example.org", PASSWORD, at=at + timedelta(seconds=7))
    assert unlock(store, "chief@example.org", actor="admin") == 5  # the sixth was refused while waiting: not counted
    assert sign_in(store, "chief@example.org", PASSWORD, at=at + timedelta(seconds=8)).role == "administrator"
    assert store.audit(0)[-1].new == {"unlocked": True}
    assert prune_sign_ins(store, at=at + timedelta(days=31)) >= 8
    assert prune_sign_ins(store, at=at + timedelta(days=31)) == 0


def test_spraying_many_names_from_one_address_is_slowed_too(store):
    at = now()
    for n in range(20):
        with pytest.raises(SignInRefused, match="wrong"):
            sign_in(store, f"user{n}@example.org", "guess", address=ATTACKER, at=at + timedelta(seconds=n))
    with pytest.raises(SignInRefused, match="too many"):
        sign_in(store, "someone-else@example.org", "guess", address=ATTACKER, at=at + timedelta(seconds=21))
    assert sign_in(store, "chief@example.org", PASSWORD, address=VICTIM, at=at + timedelta(seconds=22))


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        (" " * 12, "different characters"),
        ("aaaaaaaaaaaa", "different characters"),
        ("abababababab", "different characters"),
        ("password1234", "too common"),
        ("Contraseña1234", "too common"),
        ("chief@example.org!", "user name"),
        ("my chief password", "user name"),
        ("short", "at least 12"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    problem = password_problem(password, "chief@example.org")
    assert problem is not None
    assert reason in problem
    assert password_problem("correct horse battery", "chief@example.org") is None


def test_a_nul_or_a_bidi_override_is_refused_everywhere(store, national):
    info = store.create_assessment("CR", "2026", national, "en", actor="t")
    person = store.add_respondent(info.id, "Ana", "Org", "government", questionnaire=national, actor="t")
    bad_texts = ["evidence\x00", "\u202etxt.exe", "bell\x07", "\x1b[31m"]
    for bad in bad_texts:
        with pytest.raises(AssessmentError, match="not allowed"):
            store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2, comment=bad),
                              questionnaire=national, actor="t")  # fmt: skip
        with pytest.raises(AssessmentError, match="not allowed"):
            store.add_respondent(info.id, bad, "Org", "government", questionnaire=national, actor="t")
        with pytest.raises(AssessmentError, match="not allowed"):
            store.create_assessment("PA", bad, national, "en", actor="t")
    with pytest.raises(SignInRefused, match="wrong user name or password"):
        sign_in(store, "chief\x00@example.org", PASSWORD)
    with pytest.raises(AssessmentError, match="control or direction"):
        create_user(store, "evil\u202e@example.org", PASSWORD, "viewer", actor="t")
    assert store.answers(info.id)[0].answers == {}
    assert len(store.assessments()) == 1
    assert [r.name for r in store.respondents(info.id)] == ["Ana"]
    store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=2, comment="two\nlines\tand a tab"),
                      questionnaire=national, actor="t")  # fmt: skip


def test_database_files_are_private(tmp_path, monkeypatch, national):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))
    from assessment.store.database import default_url

    store = Store(default_url())
    store.create_assessment("CR", "2026", national, "en", actor="t")
    folder = tmp_path / "data"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = [p for p in folder.iterdir() if p.name.startswith("assessment.db")]
    assert files
    for path in files:  # the database and, while it is open, its -wal and -shm files
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path.name


def test_sessions_end_everywhere_idle_and_old(store):
    user = user_by_name(store, "chief@example.org")
    first, code = sessions.start(store, user.id)
    token = sessions.activate(store, code)
    assert token
    assert sessions.activate(store, code) is None  # the handoff code works once
    assert sessions.resume(store, token).user_id == user.id
    assert sessions.resume(store, "made-up") is None
    _, code2 = sessions.start(store, user.id)
    token2 = sessions.activate(store, code2)
    at = now()
    assert sessions.resume(store, token, at=at + timedelta(hours=7)) is not None
    assert sessions.resume(store, token, at=at + timedelta(hours=7 + 8.5)) is None  # idle for more than 8 hours
    assert sessions.resume(store, token2, at=at + timedelta(hours=73)) is None  # older than its lifetime
    assert sessions.end_all(store, user.id) == 2
    assert sessions.resume(store, token2) is None
    assert not sessions.touch(store, first.id)
    with store.engine.connect() as connection:
        from sqlalchemy import text

        stored = list(connection.execute(text("SELECT token_hash, handoff_hash FROM sessions")))
    assert all(token not in str(row) and token2 not in str(row) for row in stored)  # only hashes


def test_a_late_handoff_code_is_refused(store):
    user = user_by_name(store, "chief@example.org")
    _, code = sessions.start(store, user.id, at=now() - timedelta(minutes=3))
    assert sessions.activate(store, code) is None


def test_disabling_an_account_ends_its_sessions(store):
    user = user_by_name(store, "chief@example.org")
    _, code = sessions.start(store, user.id)
    token = sessions.activate(store, code)
    set_active(store, user.id, False, actor="admin")
    assert sessions.resume(store, token) is None
    with pytest.raises(SignInRefused):
        sign_in(store, "chief@example.org", PASSWORD)
    set_active(store, user.id, True, actor="admin")
    assert sign_in(store, "chief@example.org", PASSWORD)
    assert [e.new for e in store.audit(0)][-2:] == [{"active": False}, {"active": True}]


def test_a_reset_code_sets_a_password_once_and_ends_sessions(store):
    user = user_by_name(store, "chief@example.org")
    _, code = sessions.start(store, user.id)
    token = sessions.activate(store, code)
    reset = create_reset(store, user.id, actor="admin")
    assert reset_user(store, reset).username == "chief@example.org"
    with pytest.raises(AssessmentError, match="too common"):
        use_reset(store, reset, "password1234")
    use_reset(store, reset, "a brand new sentence")
    assert sessions.resume(store, token) is None
    assert sign_in(store, "chief@example.org", "a brand new sentence")
    with pytest.raises(AssessmentError, match="not valid any more"):
        use_reset(store, reset, "another new sentence")
    late = create_reset(store, user.id, actor="admin", at=now() - timedelta(days=4))
    assert reset_user(store, late) is None


def test_scopes_must_make_sense(store, national):
    info = store.create_assessment("CR", "2026", national, "en", actor="t")
    viewer = create_user(store, "viewer@example.org", PASSWORD, "viewer", actor="t")
    respondent = create_user(store, "resp@example.org", PASSWORD, "respondent", actor="t")
    with pytest.raises(AssessmentError, match="a viewer cannot have an assessment scope"):
        grant(store, viewer.id, assessment_id=info.id, group="government", actor="t")
    with pytest.raises(AssessmentError, match="a respondent cannot have a country scope"):
        grant(store, respondent.id, country="CR", actor="t")
    with pytest.raises(AssessmentError, match="needs the stakeholder group"):
        grant(store, respondent.id, assessment_id=info.id, actor="t")
    with pytest.raises(AssessmentError, match="administrators reach everything"):
        grant(store, user_by_name(store, "chief@example.org").id, country="CR", actor="t")
    grant(store, viewer.id, country="CR", actor="t")
    grant(store, viewer.id, country="CR", actor="t")  # twice: stored once
    from assessment.store.accounts import scopes

    assert len(scopes(store, viewer.id)) == 1


@pytest.mark.slow  # scores every group
def test_viewers_never_see_a_group_of_one(store, national, tmp_path):
    """Breach 2: with one civil-society respondent, the group's figures were that person's answers."""
    from pypdf import PdfReader

    from assessment.store.accounts import principal
    from assessment.workspace import Workspace

    info = store.create_assessment("CR", "2026", national, "en", actor="t")
    answers = {"government": [4, 4, 3], "civil-society": [1]}
    for group, stages in answers.items():
        for n, stage in enumerate(stages):
            person = store.add_respondent(info.id, f"{group} {n}", "Org", group, questionnaire=national, actor="t")
            store.save_answer(info.id, person.id, "strategy.national-strategy", Answer(stage=stage),
                              questionnaire=national, actor="t")  # fmt: skip
    viewer = create_user(store, "viewer@example.org", PASSWORD, "viewer", actor="t")
    grant(store, viewer.id, country="CR", actor="t")
    facilitator = create_user(store, "fac@example.org", PASSWORD, "facilitator", actor="t")
    grant(store, facilitator.id, country="CR", actor="t")
    as_viewer = Workspace(store, principal(store, viewer.id))
    as_facilitator = Workspace(store, principal(store, facilitator.id))

    seen = as_viewer.results(info.id, national)
    assert set(seen.by_group) == {"government"}  # three respondents: shown
    assert seen.hidden_groups == 1
    assert seen.scores.indicator("strategy.national-strategy").by_group == {"government": 4}
    full = as_facilitator.results(info.id, national)  # facilitators may read the answers anyway
    assert set(full.by_group) == {"government", "civil-society"}
    assert full.scores.indicator("strategy.national-strategy").by_group == {"government": 4, "civil-society": 1}

    pdf = tmp_path / "viewer.pdf"
    pdf.write_bytes(as_viewer.country_report(info.id, national, "en"))
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Civil society" not in text
    pdf.write_bytes(as_facilitator.country_report(info.id, national, "en"))
    assert "Civil society" in " ".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_online_backup_on_both_databases(store, database_url, tmp_path):
    from assessment.store.backup import backup

    path = backup(database_url, tmp_path / "backup")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    head = path.read_bytes()[:16]
    if database_url.startswith("sqlite"):
        assert head.startswith(b"SQLite format 3")
        assert [u.username for u in Store(f"sqlite:///{path}").engine.connect().exec_driver_sql(
            "SELECT username FROM users").mappings()] == ["chief@example.org"]  # fmt: skip
    else:
        assert head.startswith(b"PGDMP")  # pg_dump's custom format, for pg_restore


def test_health_says_503_when_the_database_does_not_answer(monkeypatch, tmp_path):
    import asyncio
    import concurrent.futures

    from sqlalchemy import create_engine

    from assessment.web import server

    class Broken:
        engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'nowhere.db'}")

    monkeypatch.setattr(server, "_store", Broken)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # its own event loop, whatever runs in this thread
        response = pool.submit(lambda: asyncio.run(server.health(None))).result()
    assert (response.status_code, response.body) == (503, b"database unavailable")


@pytest.mark.slow  # runs the app in AppTest
@pytest.mark.parametrize("value", ["99999999999999999999", "²", "٣", "-1", "0", "1e3", " 1"])
def test_ids_in_the_address_are_range_checked(value, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ensure_admin, signed_in

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))
    at = signed_in(AppTest.from_function(results_script, default_timeout=30), ensure_admin())
    at.query_params["a"] = value
    at.run()
    assert not at.exception
    assert at.info[0].value.startswith("Choose an assessment")  # as if no id had been given


def results_script():
    from assessment.web.results import render_results_page

    render_results_page()


@pytest.mark.parametrize("char", ["\x00", "\x1c", "\x85", "\u202e", "\u2066"])
def test_files_with_forbidden_characters_are_refused_with_their_line(char, national):
    from assessment.answers_file import parse_answers
    from assessment.errors import InputError
    from assessment.exchange.external import parse_external_csv

    with pytest.raises(InputError) as refused:
        parse_external_csv(f"instrument,country,year,score\nGCI{char},CR,2024,50\n".encode(), "scores.csv")
    (problem,) = refused.value.problems
    assert (problem.file, problem.line) == ("scores.csv", 2)
    assert "not allowed" in problem.message
    with pytest.raises(InputError) as refused:
        parse_answers(f"questionnaire: national\nround: '2026{char}'\n", national, "answers.yaml")
    assert refused.value.problems[0].line == 2


def test_a_reset_code_stops_working_when_the_account_gains_rights(store):
    from assessment.store.accounts import set_role

    viewer = create_user(store, "viewer@example.org", PASSWORD, "viewer", actor="t")
    early = create_reset(store, viewer.id, actor="a facilitator")
    grant(store, viewer.id, country="PA", actor="admin")
    assert reset_user(store, early) is None
    later = create_reset(store, viewer.id, actor="a facilitator")
    set_role(store, viewer.id, "facilitator", actor="admin")
    assert reset_user(store, later) is None


def test_viewers_never_see_one_answer_of_a_large_group(store, national):
    """Five people registered for a group but only one answered an indicator: that answer is one person's."""
    from assessment.store.accounts import principal
    from assessment.workspace import Workspace

    info = store.create_assessment("CR", "2026", national, "en", actor="t")
    for n in range(5):
        person = store.add_respondent(info.id, f"gov {n}", "Org", "government", questionnaire=national, actor="t")
        store.save_answer(info.id, person.id, "strategy.lead-body", Answer(stage=3), questionnaire=national, actor="t")
        if n == 0:
            store.save_answer(info.id, person.id, "strategy.national-strategy", Answer(stage=5),
                              questionnaire=national, actor="t")  # fmt: skip
    viewer = create_user(store, "viewer@example.org", PASSWORD, "viewer", actor="t")
    grant(store, viewer.id, country="CR", actor="t")
    seen = Workspace(store, principal(store, viewer.id)).results(info.id, national)
    assert seen.scores.indicator("strategy.lead-body").by_group == {"government": 3}  # five answers: shown
    assert seen.scores.indicator("strategy.national-strategy").by_group == {}  # one answer: hidden


def test_a_backup_never_follows_a_planted_link(store, database_url, tmp_path):
    from assessment.store.backup import backup

    elsewhere = tmp_path / "elsewhere.db"
    link = tmp_path / "backup.db"
    link.symlink_to(elsewhere)
    with pytest.raises(AssessmentError, match="exists already"):
        backup(database_url, link)
    assert not elsewhere.exists()


def test_a_role_changed_outside_the_tool_gives_no_rights_instead_of_a_crash(store):
    from sqlalchemy import update

    from assessment.access import AccessDenied
    from assessment.store.accounts import principal
    from assessment.store.tables import UserRow

    user = user_by_name(store, "chief@example.org")
    assert principal(store, user.id).role == "administrator"
    with store.engine.begin() as connection:
        connection.execute(update(UserRow).where(UserRow.id == user.id).values(role="superuser"))
    with pytest.raises(AccessDenied, match="unknown role"):
        principal(store, user.id)
