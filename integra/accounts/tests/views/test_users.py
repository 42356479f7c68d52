"""The user pages: who gets what (role × action × own / foreign user), and
the wiring of each page — search, exports, invitation, edit, grant, end, history."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from integra.accounts import selectors
from integra.accounts.backends import UsernameOrEmailBackend
from integra.accounts.models import Role, RoleAssignment, User
from integra.audit.models import AuditEvent
from integra.core.tests.sheets import xlsx_rows

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-7"
TODAY = timezone.localdate()
LIST = reverse("accounts:user-list")
INVITE = reverse("accounts:user-create")


def assignment_of(user: User, teryt: str | None = None) -> RoleAssignment:
    assignments = user.assignments.all()
    return assignments.get(territory__teryt=teryt) if teryt else assignments.get()


def page_url(action: str, target: User | None, teryt: str | None = None) -> str:
    if action == "list":
        return LIST
    if action == "invite":
        return INVITE
    if action == "export":
        return reverse("accounts:user-export", args=["csv"])
    if action == "end":
        assignment = assignment_of(target, teryt)
        return reverse("accounts:assignment-end", args=[target.pk, assignment.pk])
    name = {"detail": "user-detail", "edit": "user-edit", "grant": "assignment-add"}[action]
    return reverse(f"accounts:{name}", args=[target.pk])


def snapshot():
    return (
        list(User.objects.order_by("pk").values()),
        list(RoleAssignment.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


# Who gets what -----------------------------------------------------------------------------------

# The łódzkie officer's own user (a coordinator of a gmina of łódzkie), a foreign one (lubelskie),
# and a shared one (a gmina of each voivodeship: within sight, not wholly within reach).
OWN, FOREIGN, SHARED = "neighbour", "coordinator_lublin", "commuter"
TARGETED = ["detail", "edit", "grant", "end"]
NOBODY = dict.fromkeys(["list", "invite", "export"], 403) | {
    (action, where): 403 for action in TARGETED for where in (OWN, FOREIGN)
}
EXPECTED_PAGES = {
    "admin": dict.fromkeys(["list", "invite", "export"], 200)
    | {(action, where): 200 for action in TARGETED for where in (OWN, FOREIGN)},
    "officer": dict.fromkeys(["list", "invite", "export"], 200)
    | {(action, OWN): 200 for action in TARGETED}
    | {(action, FOREIGN): 404 for action in TARGETED},
    "officer_lublin": dict.fromkeys(["list", "invite", "export"], 200)
    | {(action, OWN): 404 for action in TARGETED}
    | {(action, FOREIGN): 200 for action in TARGETED},
    **{
        name: NOBODY
        for name in (
            "analyst",
            "consultant",
            "finance",
            "coordinator",
            "viewer",
            "provider",
            "expert",
        )
    },
}
PAGE_CASES = [
    (actor, key, status) for actor, table in EXPECTED_PAGES.items() for key, status in table.items()
]


@pytest.mark.parametrize(("actor", "key", "status"), PAGE_CASES, ids=str)
def test_each_role_gets_each_page_as_the_policies_say(people, signed_in, actor, key, status):
    action, where = key if isinstance(key, tuple) else (key, None)
    target = getattr(people, where) if where else None
    response = signed_in(getattr(people, actor)).get(page_url(action, target))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("action", "teryt", "status"),
    [
        ("detail", None, 200),
        ("edit", None, 403),
        ("grant", None, 200),
        ("end", "1001022", 200),
        ("end", "0601022", 403),
    ],
)
def test_a_user_shared_with_another_voivodeship_is_seen_but_not_wholly_managed(
    people, signed_in, action, teryt, status
):
    response = signed_in(people.officer).get(page_url(action, people.commuter, teryt))
    assert response.status_code == status


def test_an_unknown_user_is_not_found_and_says_nothing_to_those_without_the_right(
    people, signed_in
):
    missing = reverse("accounts:user-detail", args=[99999])
    assert signed_in(people.admin).get(missing).status_code == 404
    assert signed_in(people.analyst).get(missing).status_code == 403


@pytest.mark.parametrize(
    ("actor", "target", "status", "changed"),
    [
        ("admin", FOREIGN, 302, True),
        ("officer", OWN, 302, True),
        ("officer", FOREIGN, 404, False),
        ("officer", SHARED, 403, False),
        ("analyst", OWN, 403, False),
    ],
)
def test_posting_an_edit(people, signed_in, actor, target, status, changed):
    user = getattr(people, target)
    client = signed_in(getattr(people, actor))
    before = snapshot()
    response = client.post(
        page_url("edit", user),
        {"first_name": "Zofia", "last_name": "Kowalska", "email": user.email, "is_active": "on"},
    )
    assert response.status_code == status
    assert (User.objects.get(pk=user.pk).first_name == "Zofia") is changed
    if not changed:
        assert snapshot() == before


@pytest.mark.parametrize(
    ("actor", "target", "status", "ended"),
    [
        ("admin", FOREIGN, 302, True),
        ("officer", OWN, 302, True),
        ("officer", FOREIGN, 404, False),
        ("consultant", OWN, 403, False),
    ],
)
def test_posting_the_end_of_an_assignment(people, signed_in, actor, target, status, ended):
    user = getattr(people, target)
    client = signed_in(getattr(people, actor))
    before = snapshot()
    response = client.post(page_url("end", user))
    assert response.status_code == status
    assert (assignment_of(user).valid_until == TODAY) is ended
    if not ended:
        assert snapshot() == before


# The list, its search and its exports ------------------------------------------------------------


def listed(response) -> list[str]:
    return [user.username for user in response.context["page"]]


def test_a_ministry_admin_lists_everyone(people, signed_in):
    response = signed_in(people.admin).get(LIST)
    assert listed(response) == sorted(User.objects.values_list("username", flat=True))


def test_a_regional_officer_lists_the_users_of_the_gminas_of_their_voivodeship(people, signed_in):
    response = signed_in(people.officer).get(LIST)
    assert listed(response) == ["commuter", "coordinator", "neighbour", "viewer"]
    html = response.content.decode()
    assert "coordinator_lublin" not in html and "officer_lublin" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "NEIGH"}, ["neighbour"]),
        ({"q": "viewer@example"}, ["viewer"]),
        ({"role": Role.GMINA_VIEWER}, ["commuter", "viewer"]),
        ({"territory": "1001033"}, ["neighbour"]),
        ({"role": Role.GMINA_COORDINATOR, "territory": "100102"}, ["coordinator"]),
        ({"territory": "06"}, ["commuter"]),
    ],
)
def test_the_search_and_filters_narrow_the_list(people, signed_in, params, expected):
    assert listed(signed_in(people.officer).get(LIST, params)) == expected


def test_an_invalid_filter_is_explained_and_lists_nobody(people, signed_in):
    response = signed_in(people.admin).get(LIST, {"territory": "10x"})
    assert listed(response) == []
    assert 'id="filter-errors"' in response.content.decode()


def test_the_live_search_receives_only_the_results(people, signed_in):
    response = signed_in(people.officer).get(LIST, {"q": "neigh"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.templates[0].name == "accounts/_user_rows.html"
    assert 'hx-swap-oob="innerHTML"' in html and "<html" not in html
    assert response["Vary"].count("HX-Request") == 1


def test_the_csv_export_holds_exactly_the_rows_of_the_search(people, signed_in):
    response = signed_in(people.officer).get(
        reverse("accounts:user-export", args=["csv"]), {"role": Role.GMINA_VIEWER, "page": "2"}
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "User name"
    assert [row[0] for row in rows[1:]] == ["commuter", "viewer"]
    assert rows[2][3:5] == ["viewer@example.org", "yes"]
    assert "1001022" in rows[2][5]


def test_the_xlsx_export_holds_the_same_rows(people, signed_in):
    response = signed_in(people.officer).get(reverse("accounts:user-export", args=["xlsx"]))
    assert response.content[:4] == b"PK\x03\x04"
    rows = xlsx_rows(response.content)
    assert len(rows) == 1 + 4
    cells = {cell for row in rows for cell in row}
    assert "neighbour" in cells and "coordinator_lublin" not in cells


def test_an_unknown_export_format_is_not_found(people, signed_in):
    response = signed_in(people.admin).get(reverse("accounts:user-export", args=["pdf"]))
    assert response.status_code == 404


def test_the_list_costs_the_same_queries_for_more_users(people, small_tree):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            for user in selectors.list_users(user=people.admin):
                [a.territory.teryt for a in user.open_assignments]
        return len(queries)

    people.admin.role_scopes()  # the actor's own rights are read once, then kept
    before = count()
    for n in range(5):
        User.objects.create(username=f"extra{n}").assignments.create(
            role=Role.GMINA_VIEWER, territory=small_tree["1001022"]
        )
    assert count() == before


# Invitation --------------------------------------------------------------------------------------


def invitation(**overrides) -> dict[str, str]:
    return {
        "username": "nowa",
        "first_name": "Anna",
        "last_name": "Nowak",
        "email": "nowa@example.org",
        "role": Role.GMINA_COORDINATOR,
        "territory": "1001022",
        **overrides,
    }


def test_an_address_in_use_gets_one_neutral_answer_at_its_field(people, signed_in):
    """Issue 10, finding 10: an address in the officer's region and one beyond it answer alike."""
    client = signed_in(people.officer)
    answers = []
    for holder in ["neighbour", "coordinator_lublin", "admin"]:
        response = client.post(INVITE, invitation(email=f"{holder.upper()}@example.org"))
        assert response.status_code == 200
        answers.append(response.context["form"].errors["email"])
    assert answers[0] == answers[1] == answers[2]
    assert "cannot be given to a new account" in answers[0][0]
    assert not User.objects.filter(username="nowa").exists() and mail.outbox == []


def test_a_look_alike_account_cannot_deny_the_ministry_admin_sign_in(people, signed_in):
    """Issue 10, finding 2: the officer tried `Admin`, then `admin@example.org` as a username;
    both are refused, so the ministry admin still signs in by username and by e-mail."""
    client = signed_in(people.officer)
    for name in ["Admin", "admin@example.org", "ADMIN@EXAMPLE.ORG"]:
        response = client.post(INVITE, invitation(username=name, email=f"x{len(name)}@example.org"))
        assert response.status_code == 200 and response.context["form"].errors["username"]

    assert User.objects.filter(username__iexact="admin").count() == 1
    backend = UsernameOrEmailBackend()
    for identifier in ["admin", "Admin", "admin@example.org"]:
        assert backend.authenticate(None, username=identifier, password=PASSWORD) == people.admin


def test_an_officer_invites_a_coordinator_who_receives_a_link(
    people, signed_in, django_capture_on_commit_callbacks
):
    client = signed_in(people.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, invitation(), REMOTE_ADDR="192.0.2.7")

    user = User.objects.get(username="nowa")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user-detail", args=[user.pk])
    assert not user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["nowa@example.org"]
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    assert link.startswith("/konto/haslo/ustaw/")
    event = AuditEvent.objects.get(action="accounts.user.invited")
    assert (event.actor, event.ip_address) == (people.officer, "192.0.2.7")
    assert event.request_id  # set by RequestIdMiddleware
    assert "has been invited" in client.get(response["Location"]).content.decode()


def test_the_invitation_offers_an_officer_only_the_gmina_roles(people, signed_in):
    response = signed_in(people.officer).get(INVITE)
    offered = [value for value, _label in response.context["form"].fields["role"].choices]
    assert offered == ["", Role.GMINA_COORDINATOR, Role.GMINA_VIEWER]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"territory": "0601022"}, "territory", "You may not grant the role"),
        ({"territory": "10"}, "territory", "You may not grant the role"),
        ({"territory": "9999999"}, "territory", "No current territorial unit"),
        ({"territory": "12ab"}, "territory", "Enter a TERYT code"),
        ({"role": Role.REGIONAL_CONSULTANT}, "role", "Select a valid choice"),
        ({"email": ""}, "email", "This field is required"),
        ({"username": "coordinator"}, "username", "is taken"),
        ({"username": "has space"}, "username", "Enter a valid username"),
        # Issue 10, finding 2: look-alikes of the ministry admin (username `admin`, e-mail
        # admin@example.org) in another case, or a username that is an e-mail address.
        ({"username": "Admin"}, "username", "is taken"),
        ({"username": "COORDINATOR"}, "username", "is taken"),
        ({"username": "admin@example.org"}, "username", "may not contain “@”"),
        ({"username": "nowa@example.org"}, "username", "may not contain “@”"),
    ],
)
def test_a_refused_invitation_says_why_and_changes_nothing(
    people, signed_in, overrides, field, message
):
    client = signed_in(people.officer)
    before = snapshot()
    response = client.post(INVITE, invitation(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'id="form-errors"' in html and f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert snapshot() == before and mail.outbox == []


def test_an_admin_invites_a_regional_officer(people, signed_in):
    response = signed_in(people.admin).post(
        INVITE, invitation(role=Role.REGIONAL_OFFICER, territory="06")
    )
    assert response.status_code == 302
    assert User.objects.get(username="nowa").has_role_over("0601022", {Role.REGIONAL_OFFICER})


def test_a_role_over_a_unit_of_the_wrong_level_is_refused_at_the_territory(people, signed_in):
    response = signed_in(people.admin).post(
        INVITE, invitation(role=Role.REGIONAL_OFFICER, territory="1001022")
    )
    assert "cannot be given over" in " ".join(response.context["form"].errors["territory"])


# A user's page, edit, grant and end --------------------------------------------------------------


def test_the_users_page_lists_every_assignment_and_offers_what_the_actor_may_do(people, signed_in):
    response = signed_in(people.officer).get(page_url("detail", people.commuter))
    html = response.content.decode()
    teryts = [row["assignment"].territory.teryt for row in response.context["rows"]]
    assert teryts == ["1001022", "0601022"]
    assert [row["may_end"] for row in response.context["rows"]].count(True) == 1
    assert reverse("accounts:user-edit", args=[people.commuter.pk]) not in html
    assert reverse("accounts:assignment-add", args=[people.commuter.pk]) in html


def test_the_history_tab_shows_the_events_about_the_user_and_their_assignments(people, signed_in):
    admin = signed_in(people.admin)
    admin.post(
        page_url("grant", people.neighbour),
        {"role": Role.GMINA_VIEWER, "territory": "1001022"},
    )
    admin.post(
        page_url("edit", people.neighbour),
        {"first_name": "Jan", "last_name": "", "email": "neighbour@example.org", "is_active": "on"},
    )
    response = signed_in(people.officer).get(
        page_url("detail", people.neighbour), {"tab": "history"}
    )
    html = response.content.decode()
    assert response.context["tab"] == "history"
    assert "accounts.role_assignment.granted" in html
    assert "accounts.user.updated" in html
    assert "accounts.user.created" in html  # the persona's creation, filed under 1001033
    assert 'aria-current="page">History' in html


def test_the_history_shows_only_what_the_reader_may_see(people, signed_in):
    signed_in(people.admin).post(
        page_url("edit", people.commuter),
        {"first_name": "Ewa", "last_name": "", "email": "commuter@example.org", "is_active": "on"},
    )
    for reader, sees in (("admin", True), ("officer", False)):
        html = (
            signed_in(getattr(people, reader))
            .get(page_url("detail", people.commuter), {"tab": "history"})
            .content.decode()
        )
        # Filed under no territory: the person works in two voivodeships.
        assert ("accounts.user.updated" in html) is sees


def test_an_edit_saves_and_records_the_change(people, signed_in):
    response = signed_in(people.officer).post(
        page_url("edit", people.neighbour),
        {"first_name": "Jan", "last_name": "Nowak", "email": "jan@example.org"},
    )
    assert response.status_code == 302
    user = User.objects.get(pk=people.neighbour.pk)
    assert (user.first_name, user.email, user.is_active) == ("Jan", "jan@example.org", False)
    assert (
        AuditEvent.objects.get(action="accounts.user.updated").changes["after"]["is_active"]
        is False
    )


def test_an_admin_cannot_deactivate_their_own_account(people, signed_in):
    client = signed_in(people.admin)
    before = snapshot()
    response = client.post(
        page_url("edit", people.admin),
        {"first_name": "", "last_name": "", "email": "admin@example.org"},
    )
    assert response.status_code == 200
    assert "deactivate their own account" in " ".join(response.context["form"].errors["is_active"])
    assert snapshot() == before


def test_a_taken_email_is_refused_at_its_field(people, signed_in):
    response = signed_in(people.officer).post(
        page_url("edit", people.neighbour),
        {"first_name": "", "last_name": "", "email": "Viewer@Example.org", "is_active": "on"},
    )
    assert "cannot be given to this account" in " ".join(response.context["form"].errors["email"])


def test_granting_a_role_adds_an_assignment(people, signed_in):
    response = signed_in(people.officer).post(
        page_url("grant", people.neighbour),
        {"role": Role.GMINA_VIEWER, "territory": "1001022"},
    )
    assert response.status_code == 302
    assert people.neighbour.assignments.filter(role=Role.GMINA_VIEWER).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": Role.GMINA_VIEWER, "territory": "0601022"}, "territory", "may not grant"),
        ({"role": Role.GMINA_COORDINATOR, "territory": "1001033"}, "territory", "already holds"),
        (
            {"role": Role.GMINA_VIEWER, "territory": "1001022", "valid_from": "2001-01-01"},
            "valid_from",
            "cannot begin in the past",
        ),
        ({"role": "", "territory": "1001022"}, "role", "required"),
    ],
)
def test_a_refused_grant_says_why_and_changes_nothing(people, signed_in, data, field, message):
    client = signed_in(people.officer)
    before = snapshot()
    response = client.post(page_url("grant", people.neighbour), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert snapshot() == before


def test_nobody_opens_the_grant_page_for_themselves(people, signed_in):
    assert signed_in(people.admin).get(page_url("grant", people.admin)).status_code == 403


def test_the_end_page_asks_before_ending(people, signed_in):
    client = signed_in(people.officer)
    url = page_url("end", people.neighbour)
    html = client.get(url).content.decode()
    assert 'method="post"' in html
    assert assignment_of(people.neighbour).valid_until is None
    assert client.post(url).status_code == 302
    assert assignment_of(people.neighbour).valid_until == TODAY
    again = client.post(url)
    assert again.status_code == 200
    assert "already ended" in again.content.decode()


def test_an_assignment_begun_today_is_not_offered_for_ending(personas, signed_in):
    response = signed_in(personas.admin).get(page_url("detail", personas.neighbour))
    assert [row["may_end"] for row in response.context["rows"]] == [False]


# Navigation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "users", "audit"),
    [
        ("admin", True, True),
        ("officer", True, True),
        ("analyst", False, True),
        ("consultant", False, True),
        ("coordinator", False, False),
        ("provider", False, False),
    ],
)
def test_the_navigation_offers_users_and_audit_to_those_allowed(
    people, signed_in, actor, users, audit
):
    response = signed_in(getattr(people, actor)).get(reverse("territories:territory-list"))
    keys = {item["key"] for item in response.context["nav_items"]}
    assert ("users" in keys, "audit" in keys) == (users, audit)
