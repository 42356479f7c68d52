"""`manage.py seed_demo` without the real public files: the synthetic territory."""

from __future__ import annotations

import pytest

from integra.accounts.demo import username_slug
from integra.accounts.models import Role, RoleAssignment, User
from integra.demo.tests.test_seed_demo import seed, snapshot
from integra.programmes.models import Participation, Programme
from integra.territories.models import Territory

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


def test_without_the_data_folder_it_builds_the_synthetic_territory(settings, tmp_path):
    settings.INTEGRA_DATA_DIR = tmp_path
    output = seed()
    assert "Demo data folder not found: built a small synthetic territory" in output
    eligible = Territory.objects.gminas().filter(gmina_type__in=["2", "3"])
    assert sorted(Participation.objects.values_list("gmina__teryt", flat=True)) == sorted(
        eligible.values_list("teryt", flat=True)
    )
    programme = Programme.objects.get(code="PIS-2006")
    assert sorted(programme.voivodeships.values_list("name", flat=True)) == ["lubelskie", "łódzkie"]
    gmina = RoleAssignment.objects.get(role=Role.GMINA_COORDINATOR).territory
    assert gmina.teryt.startswith("10") and gmina.gmina_type in {"2", "3"}
    assert User.objects.filter(username=f"koordynator.{username_slug(gmina.name)}").exists()
    assert User.objects.count() == 9


def test_the_synthetic_demo_is_idempotent_too(settings, tmp_path):
    settings.INTEGRA_DATA_DIR = tmp_path
    seed()
    before = snapshot()
    seed()
    assert snapshot() == before


def test_usernames_spell_polish_letters_in_ascii():
    assert username_slug("Łódzkie Żółć") == "lodzkie-zolc"
