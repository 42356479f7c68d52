"""`manage.py seed_demo` on the real public files and, without them, on the synthetic territory."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from integra.accounts.demo import DEMO_PASSWORD
from integra.accounts.models import Role, RoleAssignment, User
from integra.audit.models import AuditEvent
from integra.audit.services import verify_chain
from integra.programmes.models import Participation, Programme

pytestmark = pytest.mark.django_db

KNOWN = {
    ("Hrubieszów", "06", "2"),
    ("Sosnowica", "06", "2"),
    ("Masłowice", "10", "2"),
    ("Rząśnik", "14", "2"),
    ("Wierzbica", "14", "2"),
    ("Konarzyny", "22", "2"),
    ("Kępice", "22", "3"),
    ("Czarna Dąbrówka", "22", "2"),
}


def seed() -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def per_voivodeship() -> dict[str, int]:
    counts: dict[str, int] = {}
    for teryt in Participation.objects.values_list("gmina__teryt", flat=True):
        counts[teryt[:2]] = counts.get(teryt[:2], 0) + 1
    return counts


def rows_per_model() -> dict[str, int]:
    """Every model's row count: a second run of the demo must add to none of them, whichever
    app's part it is (each app's own demo test checks what its part holds)."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def snapshot():
    return (
        rows_per_model(),
        Programme.objects.count(),
        sorted(Participation.objects.values_list("gmina__teryt", "selection_rank", "status")),
        sorted(RoleAssignment.objects.values_list("user__username", "role", "territory__teryt")),
        AuditEvent.objects.count(),
    )


@pytest.mark.realdata
def test_selects_500_rural_and_urban_rural_gminas_in_13_voivodeships(real_demo):
    output = real_demo
    programme = Programme.objects.get(code="PIS-2006")
    assert programme.voivodeships.count() == 13
    assert str(programme.budget_eur) == "40000000.00"
    counts = per_voivodeship()
    assert sum(counts.values()) == 500
    assert set(counts) == set(programme.voivodeships.values_list("teryt", flat=True))
    assert (counts["10"], counts["12"], counts["22"], counts["02"]) == (37, 24, 7, 5)
    assert not set(counts) & {"08", "16", "24"}  # lubuskie, opolskie, śląskie
    chosen = Participation.objects.select_related("gmina")
    assert {p.gmina.gmina_type for p in chosen} <= {"2", "3"}
    assert {p.status for p in chosen} == {Participation.Status.QUALIFIED}
    named = {(p.gmina.name, p.gmina.teryt[:2], p.gmina.gmina_type) for p in chosen}
    assert named >= KNOWN
    assert "Demo data folder not found" not in output
    assert "500" in output


@pytest.mark.realdata
def test_creates_one_user_per_role_with_the_demo_password(real_demo):
    output = real_demo
    roles = dict(RoleAssignment.objects.values_list("user__username", "role"))
    assert set(roles.values()) == set(Role.values)
    assert roles["koordynator.maslowice"] == Role.GMINA_COORDINATOR
    assert RoleAssignment.objects.get(user__username="podglad.maslowice").territory.name == (
        "Masłowice"
    )
    assert RoleAssignment.objects.get(user__username="rops.lodzkie").territory.name == "łódzkie"
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    assert not User.objects.get(username="analityk").is_staff
    assert "koordynator.maslowice" in output and DEMO_PASSWORD in output


@pytest.mark.realdata
def test_a_second_run_changes_nothing(real_demo):
    before = snapshot()
    output = seed()
    assert snapshot() == before
    assert "already present" in output
    assert verify_chain()[1] is None
