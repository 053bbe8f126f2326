"""Accounts and access: every role against every engine operation, on both databases where it matters."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessment.access import POLICY, SCOPE, AccessDenied, Action, Principal, Role, can, require
from assessment.answers import Answer, Consensus, Targets
from assessment.errors import AssessmentError
from assessment.exchange.portable import to_json
from assessment.loader import load_catalog
from assessment.store import ExternalScore, Store
from assessment.store.accounts import create_user, grant, principal, set_role, sign_in, users
from assessment.store.tables import now
from assessment.workspace import Workspace
from tests.conftest import ROOT

PASSWORD = "correct horse battery"  # noqa: S105 - a test account


@pytest.fixture
def world(database_url, national):
    """Two countries' assessments and one account of each kind, on SQLite and on PostgreSQL."""
    store = Store(database_url)
    cr = store.create_assessment("CR", "2026", national, "es", actor="setup")
    pa = store.create_assessment("PA", "2026", national, "es", actor="setup")
    accounts = {}
    for name, role in (
        ("admin", "administrator"),
        ("facilitator", "facilitator"),
        ("viewer", "viewer"),
        ("respondent", "respondent"),
        ("outsider", "facilitator"),
    ):
        accounts[name] = create_user(store, f"{name}@example.org", PASSWORD, role, actor="setup").id
    grant(store, accounts["facilitator"], country="CR", actor="setup")
    grant(store, accounts["viewer"], country="CR", actor="setup")
    grant(store, accounts["outsider"], country="PA", actor="setup")
    grant(store, accounts["respondent"], assessment_id=cr.id, group="civil-society", actor="setup")
    admin = Workspace(store, principal(store, accounts["admin"]))
    person = admin.add_respondent(cr.id, "Ana", "Gov", "government", national)
    admin.save_answer(cr.id, person.id, "strategy.lead-body", Answer(stage=3), national)
    spaces = {name: Workspace(store, principal(store, uid)) for name, uid in accounts.items()}
    return store, spaces, cr.id, pa.id, person.id


def operations(national, cr: int, pa: int, government_respondent: int) -> dict:
    catalog = load_catalog(ROOT / "questionnaires")

    def own_answer(w: Workspace):
        me = w.add_respondent(cr, "Me", "Org", "civil-society", national)
        w.save_answer(cr, me.id, "strategy.lead-body", Answer(stage=2), national)

    def import_file(w: Workspace, country: str):
        document = {
            "questionnaire": "national",
            "version": national.version,
            "country": country,
            "round": "r",
            "language": "es",
            "respondents": [],
        }
        w.import_assessment(to_json(document).encode(), catalog, "f.json")

    return {
        "list CR": lambda w: listed(w, cr),
        "read CR results": lambda w: w.results(cr, national),
        "read PA results": lambda w: w.results(pa, national),
        "read CR answers": lambda w: w.answers(cr),
        "import CR published scores": lambda w: import_scores(w, "CR"),
        "import PA published scores": lambda w: import_scores(w, "PA"),
        "answer CR as civil society": own_answer,
        "answer as another respondent": lambda w: w.save_answer(
            cr, government_respondent, "strategy.lead-body", Answer(stage=1), national
        ),
        "settle CR consensus": lambda w: w.set_consensus(cr, "strategy.lead-body", Consensus(stage=2), national),
        "set CR targets": lambda w: w.set_targets(cr, Targets(3), national),
        "view CR audit": lambda w: w.audit(cr),
        "export CR": lambda w: w.portable_file(cr),
        "CR report": lambda w: w.country_report(cr, national, "es"),
        "create CR assessment": lambda w: w.create_assessment("CR", "2027", national, "es"),
        "create PA assessment": lambda w: w.create_assessment("PA", "2027", national, "es"),
        "import for CR": lambda w: import_file(w, "CR"),
        "share CR": lambda w: w.set_shareable(cr, True),
        "compare CR and PA": lambda w: w.compared([w.store.assessment(cr), w.store.assessment(pa)], national),
        "define peer group": lambda w: w.save_peer_group("Central America", ["CR", "PA"]),
    }


def listed(workspace: Workspace, assessment_id: int) -> None:
    """A list leaves out what the person may not see: left out counts as refused."""
    if assessment_id not in [a.id for a in workspace.assessments()]:
        raise AccessDenied(f"assessment {assessment_id} not listed")


def import_scores(workspace: Workspace, country: str) -> None:
    """Published scores of one country: stored, or (outside the person's scope) skipped, which counts as refused."""
    saved, skipped = workspace.save_external_scores([ExternalScore("GCI", country, 2024, 50.0)])
    if not saved:
        assert [s.country for s in skipped] == [country]
        raise AccessDenied(f"{country} skipped")


@pytest.mark.slow  # a whole import
def test_a_facilitator_imports_a_regional_file_keeping_their_countries(world):
    store, spaces, *_ = world
    rows = [ExternalScore("GCI", c, 2024, 40.0 + n) for n, c in enumerate(("CR", "PA", "NI"))]
    saved, skipped = spaces["facilitator"].save_external_scores(rows)
    assert saved == 1
    assert [s.country for s in skipped] == ["PA", "NI"]
    assert [(e.country, e.score) for e in store.external_scores(["CR", "PA", "NI"])] == [("CR", 40.0)]
    assert spaces["admin"].save_external_scores(rows) == (3, [])


ALLOWED = {
    "admin": "all",
    "facilitator": {
        "list CR",
        "read CR results",
        "read CR answers",
        "import CR published scores",
        "answer CR as civil society",
        "answer as another respondent",
        "settle CR consensus",
        "set CR targets",
        "view CR audit",
        "export CR",
        "CR report",
        "create CR assessment",
        "import for CR",
        "share CR",
        "define peer group",
    },
    "viewer": {"list CR", "read CR results", "CR report"},
    "respondent": {"list CR", "answer CR as civil society"},
    "outsider": {"read PA results", "create PA assessment", "define peer group", "import PA published scores"},
}


@pytest.mark.slow  # every operation, per role
@pytest.mark.parametrize("who", list(ALLOWED))
def test_every_role_against_every_operation(world, national, who):
    _, spaces, cr, pa, government = world
    for name, operation in operations(national, cr, pa, government).items():
        allowed = ALLOWED[who] == "all" or name in ALLOWED[who]
        if allowed:
            operation(spaces[who])
            continue
        try:
            operation(spaces[who])
        except AccessDenied:
            continue
        pytest.fail(f"{who} could {name}")


@pytest.mark.slow  # every operation refused
def test_refused_operations_write_nothing(world, national):
    store, spaces, cr, pa, government = world
    before = store.audit(cr), store.audit(pa), len(store.assessments())
    for who in ("viewer", "respondent", "outsider"):
        for name, operation in operations(national, cr, pa, government).items():
            if name not in ALLOWED[who]:
                with pytest.raises(AccessDenied):
                    operation(spaces[who])
    assert (store.audit(cr), store.audit(pa), len(store.assessments())) == before


def test_comparison_includes_shareable_assessments_only(world, national):
    store, spaces, cr, pa, _ = world
    assert {a.country for a in spaces["facilitator"].comparable()} == {"CR"}
    spaces["outsider"].set_shareable(pa, True)
    assert {a.country for a in spaces["facilitator"].comparable()} == {"CR", "PA"}
    assert len(spaces["facilitator"].compared([store.assessment(cr), store.assessment(pa)], national)) == 2
    with pytest.raises(AccessDenied):
        spaces["respondent"].comparable()


def test_a_respondent_only_sees_themselves(world, national):
    _, spaces, cr, _, government = world
    me = spaces["respondent"].add_respondent(cr, "Me", "Org", "civil-society", national)
    assert [p.id for p in spaces["respondent"].respondents(cr)] == [me.id]
    with pytest.raises(AccessDenied):
        spaces["respondent"].add_respondent(cr, "Me", "Org", "government", national)  # not invited for this group
    with pytest.raises(AccessDenied, match="already registered"):
        spaces["respondent"].add_respondent(cr, "Me again", "Org", "civil-society", national)  # one voice only
    with pytest.raises(AccessDenied):
        spaces["respondent"].answering(cr, government)


def test_sign_in_and_rate_limit(world):
    store = world[0]
    assert sign_in(store, "Viewer@Example.org ", PASSWORD).role == "viewer"
    for _ in range(5):
        with pytest.raises(AccessDenied, match="wrong user name or password"):
            sign_in(store, "viewer@example.org", "not the password")
    with pytest.raises(AccessDenied, match="too many failed sign-ins"):
        sign_in(store, "viewer@example.org", PASSWORD)  # even the right password waits
    later = now() + timedelta(minutes=16)
    assert sign_in(store, "viewer@example.org", PASSWORD, at=later).username == "viewer@example.org"
    with pytest.raises(AccessDenied, match="wrong user name or password"):
        sign_in(store, "nobody@example.org", PASSWORD)


def test_passwords_are_hashed_and_roles_audited(world):
    store = world[0]
    from sqlalchemy import text

    with store.engine.connect() as connection:
        hashes = [h for (h,) in connection.execute(text("SELECT password_hash FROM users"))]
    assert all(h.startswith("$argon2") and PASSWORD not in h for h in hashes)
    viewer = next(u for u in users(store) if u.username == "viewer@example.org")
    set_role(store, viewer.id, "facilitator", actor="admin@example.org")
    assert principal(store, viewer.id).role == "facilitator"
    assert store.audit(0)[-1].entity == "role"
    with pytest.raises(Exception, match="at least 12 characters"):
        create_user(store, "short@example.org", "short", "viewer", actor="t")


def test_role_rules_without_a_database():
    facilitator = Principal(1, "f", "facilitator", frozenset({"CR"}))
    assert can(facilitator, Action.SETTLE_CONSENSUS, "CR", 1)
    assert not can(facilitator, Action.SETTLE_CONSENSUS, "PA", 2)
    assert can(facilitator, Action.MANAGE_USERS)  # the Workspace limits it to their countries
    assert not can(Principal(3, "v", "viewer", frozenset({"CR"})), Action.MANAGE_USERS)
    respondent = Principal(2, "r", "respondent", invitations=frozenset({(1, "academia")}))
    assert can(respondent, Action.ANSWER, "CR", 1, "academia")
    assert not can(respondent, Action.ANSWER, "CR", 1, "government")
    assert not can(respondent, Action.READ_RESULTS, "CR", 1)


def test_only_the_facilitator_who_defined_a_peer_group_changes_it(world):
    _, spaces, *_ = world
    spaces["facilitator"].save_peer_group("Central America", ["CR", "PA"])
    with pytest.raises(AssessmentError, match=r"was defined by facilitator@example\.org"):
        spaces["outsider"].save_peer_group("Central America", ["PA"])
    spaces["facilitator"].save_peer_group("Central America", ["CR", "PA", "NI"])
    spaces["admin"].save_peer_group("Central America", ["CR", "PA", "NI", "HN"])
    assert spaces["viewer"].peer_groups()[0].countries == ("CR", "HN", "NI", "PA")


def test_every_action_declares_its_scope_and_every_role_has_a_policy():
    assert set(SCOPE) == set(Action)
    assert set(POLICY) == set(Role)


def test_global_actions_are_asked_without_an_assessment_and_the_others_within_reach():
    viewer = Principal(3, "v", Role.VIEWER, frozenset({"CR"}))
    assert can(viewer, Action.COMPARE)
    assert not can(viewer, Action.READ_RESULTS)  # an assessment's action, asked of no assessment
    assert can(viewer, Action.READ_RESULTS, "CR", 1)
    assert not can(viewer, Action.READ_RESULTS, "PA", 2)
    assert not can(viewer, Action.READ_ANSWERS, "CR", 1)
    facilitator = Principal(1, "f", Role.FACILITATOR, frozenset({"CR"}))
    assert can(facilitator, Action.CREATE_ASSESSMENT, "CR")
    assert not can(facilitator, Action.CREATE_ASSESSMENT, "PA")
    assert not can(facilitator, Action.CREATE_ASSESSMENT)
    respondent = Principal(2, "r", Role.RESPONDENT, invitations=frozenset({(1, "academia")}))
    assert can(respondent, Action.ANSWER, "CR", 1)  # for the group they are invited for
    assert not can(respondent, Action.ANSWER, "CR")  # a country is not an invitation
    assert not can(respondent, Action.ANSWER, "CR", 2)
    administrator = Principal(4, "a", Role.ADMINISTRATOR)
    assert all(can(administrator, action, "PA", 9) and can(administrator, action) for action in Action)
    stranger = Principal(5, "s", "auditor")  # type: ignore[arg-type]  # a role the policy does not know
    assert not any(can(stranger, action, "CR", 1) or can(stranger, action) for action in Action)


def test_a_refusal_is_access_denied_naming_the_action():
    viewer = Principal(3, "v", Role.VIEWER, frozenset({"CR"}))
    with pytest.raises(AccessDenied, match="may not settle consensus for assessment 1") as refused:
        require(viewer, Action.SETTLE_CONSENSUS, "CR", 1)
    assert refused.value.key == "denied.settle_consensus"
