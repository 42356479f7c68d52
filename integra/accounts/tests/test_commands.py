"""The operations commands: create_user (roles given as pairs; each refusal exits 1 and writes
nothing) and issue_token (the token alone on the last line, working as a Bearer token)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from integra.accounts.models import ApiToken, RoleAssignment, User
from integra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-7"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def state():
    return (
        User.objects.count(),
        RoleAssignment.objects.count(),
        ApiToken.objects.count(),
        AuditEvent.objects.count(),
    )


def test_creates_a_user_with_repeated_role_and_territory_pairs(small_tree):
    output = run(
        "create_user",
        "--username=konsultant",
        "--email=konsultant@example.org",
        f"--password={PASSWORD}",
        "--role=regional_consultant",
        "--territory=1001022",
        "--role=gmina_viewer",
        "--territory=1001033",
    )

    user = User.objects.get(username="konsultant")
    assert user.check_password(PASSWORD) and user.email == "konsultant@example.org"
    assert sorted(user.active_assignments().values_list("role", "territory__teryt")) == [
        ("gmina_viewer", "1001033"),
        ("regional_consultant", "1001022"),
    ]
    assert "konsultant" in output
    event = AuditEvent.objects.get(action="accounts.user.created")
    assert event.actor_label == "manage.py create_user"


def test_creates_a_ministry_admin_over_the_country(small_tree):
    run(
        "create_user",
        "--username=admin",
        "--email=",
        f"--password={PASSWORD}",
        "--role=ministry_admin",
        "--territory=PL",
        "--superuser",
    )
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.scope_prefixes() == frozenset({""})


@pytest.mark.parametrize(
    ("changes", "pairs", "message"),
    [
        ({}, ["--role=archbishop", "--territory=10"], "Unknown role archbishop"),
        ({}, ["--role=regional_officer", "--territory=99"], "Unknown territory 99"),
        ({}, ["--role=regional_officer"], "in pairs"),
        ({}, ["--role=gmina_coordinator", "--territory=10"], "cannot be given over"),
        ({"username": "taken"}, [], "The username taken is taken."),
        ({"password": "short"}, [], "This password is too short"),
    ],
)
def test_refuses_bad_input_with_exit_status_1_and_writes_nothing(
    small_tree, changes, pairs, message
):
    run("create_user", "--username=taken", "--email=", f"--password={PASSWORD}")
    before = state()
    identity = {"username": "nowy", "email": "", "password": PASSWORD, **changes}

    with pytest.raises(CommandError) as refusal:
        run("create_user", *(f"--{name}={value}" for name, value in identity.items()), *pairs)

    assert refusal.value.returncode == 1
    assert message in str(refusal.value)
    assert state() == before


def test_issue_token_prints_the_token_alone_on_the_last_line(small_tree):
    run(
        "create_user",
        "--username=system",
        "--email=",
        f"--password={PASSWORD}",
        "--role=gmina_viewer",
        "--territory=1001022",
    )

    output = run("issue_token", "--username=system", "--name=reporting")

    assert output.endswith("\n")
    lines = output.splitlines()
    secret = lines[-1]
    assert secret.startswith("itg_") and " " not in secret
    token = ApiToken.objects.get(user__username="system")
    assert (token.name, token.key_prefix) == ("reporting", secret[:8])
    assert AuditEvent.objects.get(action="accounts.api_token.issued").actor_label == (
        "manage.py issue_token"
    )
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "system"


def test_issue_token_refuses_an_unknown_user(small_tree):
    before = state()
    with pytest.raises(CommandError, match="No user is named nobody"):
        run("issue_token", "--username=nobody")
    assert state() == before
