"""Request ids: made by the server unless a trusted proxy sets them (issue 10, finding 10)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

OURS = re.compile(r"^[0-9a-f]{32}$")


def test_a_client_chosen_request_id_is_ignored():
    response = Client().get("/i18n/setlang/", HTTP_X_REQUEST_ID="someone-elses-request-id")
    assert OURS.match(response["X-Request-ID"])


def test_each_request_gets_its_own_id():
    client = Client()
    first, second = client.get("/i18n/setlang/"), client.get("/i18n/setlang/")
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_behind_a_trusted_proxy_its_id_is_kept(settings):
    settings.INTEGRA_TRUST_REQUEST_ID = True
    response = Client().get("/i18n/setlang/", HTTP_X_REQUEST_ID="proxy-0000-0001")
    assert response["X-Request-ID"] == "proxy-0000-0001"


def test_even_a_trusted_proxy_cannot_pass_a_malformed_id(settings):
    settings.INTEGRA_TRUST_REQUEST_ID = True
    response = Client().get("/i18n/setlang/", HTTP_X_REQUEST_ID="bad id\u202e with spaces")
    assert OURS.match(response["X-Request-ID"])
