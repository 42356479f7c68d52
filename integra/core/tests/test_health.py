"""Health: /healthz says the process is up; /readyz that the database, cache and queue answer."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from integra.core import views
from integra.core.logs import JsonFormatter, RequestIdFilter, current_request_id

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_sign_in():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("backend", ["database", "immediate"])
def test_readyz_checks_database_cache_and_queue(settings, backend):
    settings.INTEGRA_TASKS_BACKEND = backend
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "queue": "ok"},
    }


def test_readyz_names_what_fails_and_not_why(monkeypatch):
    def broken():
        raise ConnectionError("redis://secret-host:6379 refused")

    monkeypatch.setattr(views, "_probe_queue", broken)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "queue": "failed"}
    assert b"secret-host" not in response.content


def test_json_logs_carry_the_request_id_and_extra_fields():
    record = logging.LogRecord("integra.jobs", logging.INFO, __file__, 1, "job %s", ("done",), None)
    record.job = "1234"
    token = current_request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "job done"
    assert line["request_id"] == "abc123"
    assert line["job"] == "1234"
    assert line["level"] == "INFO"


def test_each_request_is_logged_with_its_id(settings, caplog):
    settings.INTEGRA_LOG_REQUESTS = True
    with caplog.at_level(logging.INFO, logger="integra.requests"):
        response = Client().get("/healthz")
    [record] = [r for r in caplog.records if r.name == "integra.requests"]
    assert record.status == 200
    assert record.path == "/healthz"
    assert record.request_id == response["X-Request-ID"]
