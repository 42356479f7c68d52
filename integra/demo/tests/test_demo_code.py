"""Trying the demo without an authenticator app: ministry and regional demo users get a
confirmed second factor whose key `seed_demo` prints, and `demo_code` prints its current code
— for demo accounts only (issue 11, item 7)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts.demo import DEMO_PASSWORD
from integra.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.INTEGRA_DATA_DIR = tmp_path  # no public files: the synthetic territory
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def code_of(username: str) -> str:
    out = io.StringIO()
    call_command("demo_code", username, stdout=out)
    return out.getvalue().strip()


def test_second_factor_roles_get_a_confirmed_device_and_the_key_is_printed(demo):
    admin = User.objects.get(username="admin")
    device = TOTPDevice.objects.get(user=admin, confirmed=True)
    assert device.config_url  # a real TOTP device
    key_line = next(line for line in demo.splitlines() if line.strip().startswith("admin "))
    assert len(key_line.split()[-1]) >= 16  # the base32 key
    assert not TOTPDevice.objects.filter(user__assignments__role="gmina_coordinator").exists()


def test_the_printed_code_passes_the_second_factor_page(demo):
    client = Client()
    assert client.post(
        "/konto/logowanie/", {"username": "admin", "password": DEMO_PASSWORD}
    ).status_code in {200, 302}
    verify = client.post("/konto/drugi-skladnik/kod/", {"code": code_of("admin")}, follow=True)
    assert verify.status_code == 200
    assert client.get("/audyt/").status_code == 200


def test_a_second_run_keeps_the_same_device(demo, settings):
    first = TOTPDevice.objects.get(user__username="admin").key
    call_command("seed_demo", stdout=io.StringIO())
    assert TOTPDevice.objects.get(user__username="admin").key == first


def test_demo_code_refuses_an_account_that_is_not_the_demos(demo):
    admin = User.objects.get(username="admin")
    admin.set_password("a-real-and-private-passphrase")
    admin.save()
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_code", "admin")
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_code", "nobody")
    coordinator = User.objects.get(assignments__role="gmina_coordinator")
    with pytest.raises(CommandError, match="no second factor"):
        call_command("demo_code", coordinator.username)
