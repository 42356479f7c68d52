"""A burst of parallel wrong passwords for one account gets exactly as many password checks as
the lockout allows (issue 10: 40 at once, 6 checked against a limit of 5): the count, the check
and the recorded failure are one step per account and per address. Proven on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.test import Client
from django.urls import reverse

from integra.accounts.models import User
from integra.accounts.tests.factories import UserFactory
from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-unusual-passphrase-7"
TRIES = 12


@ONLY_POSTGRESQL
def test_a_burst_of_parallel_tries_checks_no_more_passwords_than_the_limit(settings, monkeypatch):
    UserFactory(username="ola", email="ola@example.org", password=PASSWORD)
    checks = []
    counted = threading.Lock()
    check_password = User.check_password

    def counting(user, raw_password):
        with counted:
            checks.append(raw_password)
        return check_password(user, raw_password)

    monkeypatch.setattr(User, "check_password", counting)

    def try_once(n):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        return client.post(
            reverse("accounts:login"),
            {"username": "ola", "password": "wrong-password-1"},
            REMOTE_ADDR=f"10.8.0.{n}",
        ).status_code

    statuses = run_in_parallel(try_once, list(range(TRIES)))

    assert len(checks) == settings.AXES_FAILURE_LIMIT, statuses
    assert sorted(statuses) == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429] * (
        TRIES - settings.AXES_FAILURE_LIMIT + 1
    )
