"""create_user, invite_user, grant_assignment, end_assignment and update_user: success, each
refusal (with nothing written), the audit event, and a string refused as an actor."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import resolve
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from integra.accounts.models import Role, RoleAssignment, User
from integra.accounts.services.users import (
    AssignmentAlreadyEnded,
    AssignmentDuplicate,
    AssignmentInvalid,
    AssignmentNotStarted,
    EmailInvalid,
    EmailRequired,
    EmailTaken,
    EmailUnavailable,
    Invitation,
    OwnAccountRefused,
    PasswordRejected,
    UserChanges,
    UsernameInvalid,
    UsernameTaken,
    create_user,
    end_assignment,
    grant_assignment,
    invite_user,
    update_user,
)
from integra.audit.models import AuditEvent
from integra.audit.services import RequestContext
from integra.core.actors import NotAnActor, SystemActor
from integra.territories.services import ensure_country

pytestmark = pytest.mark.django_db

CONTEXT = RequestContext("req-invite-0001", "192.0.2.10")
TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


def state():
    """Everything a refused call must leave as it was."""
    return (
        list(User.objects.order_by("pk").values()),
        list(RoleAssignment.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
        len(mail.outbox),
    )


def invitation(small_tree, **overrides):
    values = {
        "username": "nowa.koordynatorka",
        "email": "nowa@example.org",
        "role": Role.GMINA_COORDINATOR,
        "territory": small_tree["1001022"],
        "first_name": "Anna",
        "last_name": "Nowak",
    }
    return Invitation(**{**values, **overrides})


def started_yesterday(assignment: RoleAssignment) -> RoleAssignment:
    """Move an assignment's start back a day: one that began today cannot be ended yet."""
    RoleAssignment.objects.filter(pk=assignment.pk).update(valid_from=YESTERDAY)
    assignment.refresh_from_db()
    return assignment


def only_assignment(user: User) -> RoleAssignment:
    return started_yesterday(user.assignments.get())


PASSWORD = "a-long-unusual-passphrase-7"


# create_user -------------------------------------------------------------------------------------


def make(small_tree, **overrides):
    values = {
        "actor": SystemActor("test"),
        "username": "konsultant.lodzkie",
        "email": "konsultant@example.org",
        "password": PASSWORD,
        "assignments": [(Role.REGIONAL_CONSULTANT, small_tree["10"])],
    }
    return create_user(**{**values, **overrides})


def test_creates_a_user_with_assignments_and_records_the_event(small_tree):
    user = make(small_tree)
    assert user.check_password(PASSWORD)
    assert not user.is_staff and not user.is_superuser
    assert list(user.active_assignments().values_list("role", "territory__teryt")) == [
        (Role.REGIONAL_CONSULTANT, "10")
    ]
    event = AuditEvent.objects.get(action="accounts.user.created")
    assert (event.target_id, event.territory_teryt) == (str(user.pk), "10")
    assert event.changes["assignments"] == [{"role": "regional_consultant", "territory": "10"}]
    assert PASSWORD not in str(event.changes)


def test_a_superuser_can_open_the_admin(small_tree):
    country = ensure_country()
    user = make(
        small_tree,
        username="admin",
        email="",
        assignments=[(Role.MINISTRY_ADMIN, country)],
        is_superuser=True,
    )
    assert user.is_staff and user.is_superuser


def test_a_provider_may_sit_on_any_level_or_none(small_tree):
    assert make(small_tree, assignments=[(Role.PROVIDER, small_tree["1001022"])])
    assert make(small_tree, username="ekspert", email="", assignments=[])


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"username": "konsultant.lodzkie", "email": "other@example.org"}, UsernameTaken),
        ({"username": "other", "email": "KONSULTANT@example.org"}, EmailTaken),
        ({"username": "has space", "email": ""}, UsernameInvalid),
        ({"username": "", "email": ""}, UsernameInvalid),
        # Sign-in matches either field in any case (issue 10, finding 2).
        ({"username": "Konsultant.Lodzkie", "email": "other@example.org"}, UsernameTaken),
        ({"username": "konsultant@example.org", "email": ""}, UsernameInvalid),
        ({"username": "other@example.org", "email": "other@example.org"}, UsernameInvalid),
    ],
)
def test_refuses_a_taken_or_invalid_identity(small_tree, overrides, error):
    make(small_tree)
    before = state()
    with pytest.raises(error):
        make(small_tree, **overrides)
    assert state() == before


@pytest.mark.parametrize("password", ["short", "password123", "12345678901234"])
def test_refuses_a_weak_password(small_tree, password):
    before = state()
    with pytest.raises(PasswordRejected):
        make(small_tree, password=password)
    assert state() == before


@pytest.mark.parametrize(
    ("role", "teryt"),
    [
        ("mayor", "10"),
        (Role.GMINA_COORDINATOR, "10"),
        (Role.REGIONAL_OFFICER, "1001022"),
        (Role.MINISTRY_ANALYST, "06"),
    ],
)
def test_refuses_a_role_over_the_wrong_kind_of_territory(small_tree, role, teryt):
    before = state()
    with pytest.raises(AssignmentInvalid):
        make(small_tree, assignments=[(role, small_tree[teryt])])
    assert state() == before


def test_a_user_creating_a_user_is_held_to_the_roles_they_may_grant(personas, small_tree):
    officer_made = make(
        small_tree,
        actor=personas.officer,
        assignments=[(Role.GMINA_COORDINATOR, small_tree["1001022"])],
    )
    assert officer_made.assignments.get().role == Role.GMINA_COORDINATOR
    before = state()
    with pytest.raises(PermissionDenied):
        make(
            small_tree,
            actor=personas.officer,
            username="other",
            email="",
            assignments=[(Role.REGIONAL_OFFICER, small_tree["10"])],
        )
    with pytest.raises(PermissionDenied):
        make(small_tree, actor=personas.officer, username="root", email="", is_superuser=True)
    assert state() == before


# invite_user -------------------------------------------------------------------------------------


def test_invites_a_user_without_a_password_and_mails_a_link_to_set_it(
    personas, small_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite_user(
            actor=personas.officer,
            invitation=invitation(small_tree),
            site_url="https://integra.example/",
            context=CONTEXT,
        )

    assert user.is_active and not user.has_usable_password()
    assert (user.first_name, user.last_name, user.email) == ("Anna", "Nowak", "nowa@example.org")
    assert list(user.active_assignments().values_list("role", "territory__teryt")) == [
        (Role.GMINA_COORDINATOR, "1001022")
    ]
    [message] = mail.outbox
    assert message.to == ["nowa@example.org"]
    assert "nowa.koordynatorka" in message.body
    link = re.search(r"https://integra\.example(/\S+)", message.body).group(1)
    match = resolve(link)
    assert match.view_name == "accounts:password-reset-confirm"
    assert match.kwargs["uidb64"] == urlsafe_base64_encode(force_bytes(user.pk))
    assert default_token_generator.check_token(user, match.kwargs["token"])


def test_the_invitation_is_recorded_with_the_request(personas, small_tree):
    user = invite_user(actor=personas.officer, invitation=invitation(small_tree), context=CONTEXT)

    event = AuditEvent.objects.get(action="accounts.user.invited")
    assert (event.actor, event.target_id, event.territory_teryt) == (
        personas.officer,
        str(user.pk),
        "1001022",
    )
    assert (event.request_id, event.ip_address) == ("req-invite-0001", "192.0.2.10")
    assert event.changes["before"] is None
    assert event.changes["after"]["username"] == "nowa.koordynatorka"
    assert event.changes["after"]["assignments"][0]["role"] == Role.GMINA_COORDINATOR


def test_no_mail_leaves_before_the_transaction_commits(personas, small_tree):
    invite_user(actor=personas.admin, invitation=invitation(small_tree))
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("actor", "overrides"),
    [
        # A regional officer grants gmina roles only, over the gminas of their voivodeship.
        ("officer", {"role": Role.REGIONAL_CONSULTANT, "territory": "10"}),
        ("officer", {"territory": "0601022"}),
        ("officer", {"territory": "10"}),
        ("officer_lublin", {}),
        ("analyst", {}),
        ("consultant", {}),
        ("coordinator", {"role": Role.GMINA_VIEWER}),
    ],
)
def test_refuses_an_invitation_the_actor_may_not_make(personas, small_tree, actor, overrides):
    if "territory" in overrides:
        overrides["territory"] = small_tree[overrides["territory"]]
    before = state()
    with pytest.raises(PermissionDenied):
        invite_user(actor=getattr(personas, actor), invitation=invitation(small_tree, **overrides))
    assert state() == before


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"email": ""}, EmailRequired),
        ({"email": "   "}, EmailRequired),
        ({"email": "not-an-address"}, EmailInvalid),
        ({"username": "coordinator"}, UsernameTaken),
        ({"username": "has space"}, UsernameInvalid),
        ({"role": Role.GMINA_COORDINATOR, "territory": "1001"}, AssignmentInvalid),
        ({"role": Role.REGIONAL_OFFICER, "territory": "1001022"}, AssignmentInvalid),
        ({"role": Role.MINISTRY_ADMIN, "territory": "10"}, AssignmentInvalid),
    ],
)
def test_refuses_an_invalid_invitation(personas, small_tree, overrides, error):
    if "territory" in overrides:
        overrides["territory"] = small_tree[overrides["territory"]]
    before = state()
    with pytest.raises(error):
        invite_user(actor=personas.admin, invitation=invitation(small_tree, **overrides))
    assert state() == before


@pytest.mark.parametrize("holder", ["coordinator", "coordinator_lublin", "admin"])
def test_an_address_in_use_is_refused_alike_wherever_its_holder_is(personas, small_tree, holder):
    """Issue 10, finding 10: the officer of łódzkie learns nothing more about an address held in
    lubelskie or at the ministry than about one held in their own region; each try is audited."""
    before = state()
    with pytest.raises(EmailUnavailable) as refused:
        invite_user(
            actor=personas.officer,
            invitation=invitation(small_tree, email=f"{holder.upper()}@example.org"),
        )
    assert refused.value.status == 409 and refused.value.code == "email_unavailable"
    assert refused.value.message == EmailUnavailable.neutral().message
    assert "@" not in refused.value.message
    users, assignments, events, mails = state()
    assert (users, assignments, mails) == (before[0], before[1], before[3])
    assert events == before[2] + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor_id) == (
        "accounts.user.invitation_refused",
        personas.officer.pk,
    )
    assert event.changes["email"] == f"{holder.upper()}@example.org"


def test_refuses_a_unit_absent_from_the_register(personas, small_tree):
    gmina = small_tree["1001022"]
    gmina.retired_on = YESTERDAY
    gmina.save()
    before = state()
    with pytest.raises(AssignmentInvalid):
        invite_user(actor=personas.admin, invitation=invitation(small_tree))
    assert state() == before


# grant_assignment --------------------------------------------------------------------------------


def test_grants_a_role_from_today_and_records_it(personas, small_tree):
    assignment = grant_assignment(
        actor=personas.officer,
        user=personas.coordinator,
        role=Role.GMINA_VIEWER,
        territory=small_tree["1001033"],
        context=CONTEXT,
    )

    assert (assignment.valid_from, assignment.valid_until) == (TODAY, None)
    assert personas.coordinator.has_role_over("1001033", {Role.GMINA_VIEWER})
    event = AuditEvent.objects.get(action="accounts.role_assignment.granted")
    assert (event.target_type, event.target_id) == ("accounts.roleassignment", str(assignment.pk))
    assert event.territory_teryt == "1001033"
    assert event.changes["after"]["role"] == Role.GMINA_VIEWER


def test_grants_a_role_starting_later(personas, small_tree):
    later = TODAY + dt.timedelta(days=30)
    assignment = grant_assignment(
        actor=personas.admin,
        user=personas.consultant,
        role=Role.REGIONAL_CONSULTANT,
        territory=small_tree["06"],
        valid_from=later,
    )
    assert assignment.valid_from == later
    assert not personas.consultant.has_role_over("06", {Role.REGIONAL_CONSULTANT})


@pytest.mark.parametrize(
    ("actor", "role", "teryt"),
    [
        ("officer", Role.REGIONAL_CONSULTANT, "10"),
        ("officer", Role.GMINA_VIEWER, "0601022"),
        ("officer_lublin", Role.GMINA_VIEWER, "1001033"),
        ("analyst", Role.GMINA_VIEWER, "1001033"),
        ("consultant", Role.GMINA_VIEWER, "1001033"),
        ("finance", Role.GMINA_VIEWER, "1001033"),
        ("coordinator", Role.GMINA_VIEWER, "1001033"),
        ("expert", Role.GMINA_VIEWER, "1001033"),
    ],
)
def test_refuses_a_grant_beyond_the_actors_rights(personas, small_tree, actor, role, teryt):
    before = state()
    with pytest.raises(PermissionDenied):
        grant_assignment(
            actor=getattr(personas, actor),
            user=personas.neighbour,
            role=role,
            territory=small_tree[teryt],
        )
    assert state() == before


def test_nobody_grants_a_role_to_themselves(personas, small_tree):
    before = state()
    with pytest.raises(OwnAccountRefused):
        grant_assignment(
            actor=personas.admin,
            user=personas.admin,
            role=Role.GMINA_VIEWER,
            territory=small_tree["1001022"],
        )
    assert state() == before


@pytest.mark.parametrize(
    ("role", "teryt", "valid_from", "error"),
    [
        (Role.GMINA_COORDINATOR, "1001022", None, AssignmentDuplicate),
        (Role.GMINA_COORDINATOR, "1001022", TODAY + dt.timedelta(days=9), AssignmentDuplicate),
        (Role.GMINA_COORDINATOR, "1001033", YESTERDAY, AssignmentInvalid),
        (Role.GMINA_COORDINATOR, "10", None, AssignmentInvalid),
    ],
)
def test_refuses_a_duplicate_or_invalid_grant(personas, small_tree, role, teryt, valid_from, error):
    before = state()
    with pytest.raises(error):
        grant_assignment(
            actor=personas.admin,
            user=personas.coordinator,
            role=role,
            territory=small_tree[teryt],
            valid_from=valid_from,
        )
    assert state() == before


def test_grants_again_a_role_that_has_ended(personas, small_tree):
    end_assignment(actor=personas.admin, assignment=only_assignment(personas.neighbour))
    again = grant_assignment(
        actor=personas.admin,
        user=personas.neighbour,
        role=Role.GMINA_COORDINATOR,
        territory=small_tree["1001033"],
    )
    assert personas.neighbour.assignments.count() == 2
    assert again.valid_until is None


# end_assignment ----------------------------------------------------------------------------------


def test_ends_an_assignment_today_and_keeps_it_on_record(personas):
    assignment = only_assignment(personas.neighbour)
    ended = end_assignment(actor=personas.officer, assignment=assignment, context=CONTEXT)

    assert ended.valid_until == TODAY
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not User.objects.get(pk=personas.neighbour.pk).has_role_over(
        "1001033", {Role.GMINA_COORDINATOR}
    )
    event = AuditEvent.objects.get(action="accounts.role_assignment.ended")
    assert event.changes["before"]["valid_until"] is None
    assert event.changes["after"]["valid_until"] == TODAY.isoformat()
    assert (event.territory_teryt, event.request_id) == ("1001033", "req-invite-0001")


def test_shortens_an_assignment_that_was_to_end_later(personas):
    assignment = only_assignment(personas.neighbour)
    RoleAssignment.objects.filter(pk=assignment.pk).update(valid_until=TODAY + dt.timedelta(9))
    assert end_assignment(actor=personas.admin, assignment=assignment).valid_until == TODAY


@pytest.mark.parametrize(
    ("actor", "owner"),
    [
        ("officer", "officer_lublin"),
        ("officer", "coordinator_lublin"),
        ("officer_lublin", "neighbour"),
        ("analyst", "neighbour"),
        ("consultant", "neighbour"),
        ("coordinator", "neighbour"),
    ],
)
def test_refuses_to_end_an_assignment_beyond_the_actors_rights(personas, actor, owner):
    assignment = only_assignment(getattr(personas, owner))
    before = state()
    with pytest.raises(PermissionDenied):
        end_assignment(actor=getattr(personas, actor), assignment=assignment)
    assert state() == before


def test_nobody_ends_their_own_assignment(personas):
    assignment = only_assignment(personas.admin)
    before = state()
    with pytest.raises(OwnAccountRefused):
        end_assignment(actor=personas.admin, assignment=assignment)
    assert state() == before


def test_refuses_to_end_an_assignment_twice(personas):
    assignment = only_assignment(personas.neighbour)
    end_assignment(actor=personas.admin, assignment=assignment)
    before = state()
    with pytest.raises(AssignmentAlreadyEnded):
        end_assignment(actor=personas.admin, assignment=assignment)
    assert state() == before


def test_an_assignment_that_begins_today_cannot_be_ended_yet(personas):
    # The period of an assignment may not be empty (accounts_roleassignment_period_positive).
    assignment = personas.neighbour.assignments.get()
    before = state()
    with pytest.raises(AssignmentNotStarted):
        end_assignment(actor=personas.admin, assignment=assignment)
    assert state() == before


# update_user -------------------------------------------------------------------------------------


def changes_of(user: User, **overrides) -> UserChanges:
    values = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
    }
    return UserChanges(**{**values, **overrides})


def test_updates_the_name_email_and_activity_and_records_only_what_changed(personas):
    user = personas.neighbour
    update_user(
        actor=personas.officer,
        user=user,
        changes=changes_of(user, first_name=" Jan ", email="jan@example.org", is_active=False),
        context=CONTEXT,
    )

    user.refresh_from_db()
    assert (user.first_name, user.email, user.is_active) == ("Jan", "jan@example.org", False)
    event = AuditEvent.objects.get(action="accounts.user.updated")
    assert event.changes == {
        "before": {"first_name": "", "email": "neighbour@example.org", "is_active": True},
        "after": {"first_name": "Jan", "email": "jan@example.org", "is_active": False},
    }
    assert event.territory_teryt == "1001033"


def test_an_update_that_changes_nothing_records_nothing(personas):
    before = state()
    update_user(
        actor=personas.admin, user=personas.neighbour, changes=changes_of(personas.neighbour)
    )
    assert state() == before


def test_an_event_about_a_user_of_two_voivodeships_is_filed_for_the_ministry(personas):
    update_user(
        actor=personas.admin,
        user=personas.commuter,
        changes=changes_of(personas.commuter, last_name="X"),
    )
    assert AuditEvent.objects.get(action="accounts.user.updated").territory_teryt == ""


@pytest.mark.parametrize(
    ("actor", "target"),
    [
        # Any open assignment out of reach protects the person.
        ("officer", "commuter"),
        ("officer", "coordinator_lublin"),
        ("officer", "consultant"),
        ("officer", "admin"),
        ("officer_lublin", "neighbour"),
        ("analyst", "neighbour"),
        ("consultant", "neighbour"),
        ("coordinator", "neighbour"),
    ],
)
def test_refuses_to_edit_a_user_beyond_the_actors_reach(personas, actor, target):
    user = getattr(personas, target)
    before = state()
    with pytest.raises(PermissionDenied):
        update_user(
            actor=getattr(personas, actor), user=user, changes=changes_of(user, last_name="X")
        )
    assert state() == before


def test_a_staff_account_is_edited_only_by_a_ministry_admin(personas, small_tree):
    staff = personas.neighbour
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    staff.refresh_from_db()
    with pytest.raises(PermissionDenied):
        update_user(actor=personas.officer, user=staff, changes=changes_of(staff, last_name="X"))
    update_user(actor=personas.admin, user=staff, changes=changes_of(staff, last_name="X"))


def test_an_ended_assignment_no_longer_protects_the_person(personas):
    lublin = [a for a in personas.commuter.assignments.all() if a.territory.teryt == "0601022"]
    end_assignment(actor=personas.admin, assignment=started_yesterday(lublin[0]))
    update_user(
        actor=personas.officer,
        user=personas.commuter,
        changes=changes_of(personas.commuter, last_name="X"),
    )
    assert User.objects.get(pk=personas.commuter.pk).last_name == "X"


def test_nobody_deactivates_their_own_account(personas):
    before = state()
    with pytest.raises(OwnAccountRefused):
        update_user(
            actor=personas.admin,
            user=personas.admin,
            changes=changes_of(personas.admin, is_active=False),
        )
    assert state() == before


@pytest.mark.parametrize(
    ("email", "error"),
    [("OFFICER@example.org", EmailUnavailable), ("no-at-sign", EmailInvalid)],
)
def test_refuses_an_email_taken_by_another_user_or_invalid(personas, email, error):
    before = state()
    with pytest.raises(error):
        update_user(
            actor=personas.admin,
            user=personas.neighbour,
            changes=changes_of(personas.neighbour, email=email),
        )
    assert state() == before


# No string passes for an actor -------------------------------------------------------------------


def test_a_string_is_no_actor_for_any_user_service_and_nothing_is_written(personas, small_tree):
    assignment = only_assignment(personas.coordinator)
    before = state()
    forged = "manage.py x"
    calls = [
        lambda: make(small_tree, actor=forged),
        lambda: invite_user(actor=forged, invitation=invitation(small_tree)),
        lambda: grant_assignment(
            actor=forged,
            user=personas.neighbour,
            role=Role.GMINA_VIEWER,
            territory=small_tree["1001033"],
        ),
        lambda: end_assignment(actor=forged, assignment=assignment),
        lambda: update_user(
            actor=forged, user=personas.coordinator, changes=changes_of(personas.coordinator)
        ),
    ]
    for call in calls:
        with pytest.raises(NotAnActor):
            call()
    assert state() == before


def test_the_system_may_act_where_no_user_may(personas, small_tree):
    command = SystemActor("manage.py grant")
    assignment = grant_assignment(
        actor=command, user=personas.admin, role=Role.GMINA_VIEWER, territory=small_tree["1001033"]
    )
    event = AuditEvent.objects.get(action="accounts.role_assignment.granted")
    assert (event.actor_id, event.actor_label) == (None, "manage.py grant")
    assert assignment.user == personas.admin
