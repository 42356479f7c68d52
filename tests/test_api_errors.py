"""Every API failure answers with the same body — detail, code, errors — never HTML or a redirect.

A small IntegraAPI with one operation per kind of failure is mounted by this module's URLconf.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import path
from django.utils import translation
from ninja.errors import HttpError

from integra.api.auth import PUBLIC
from integra.api.base import IntegraAPI
from integra.core.errors import DomainError

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]

api = IntegraAPI(title="Errors under test", urls_namespace="errors-under-test")


class AllocationExceeded(DomainError):
    code = "allocation_exceeded"
    status = 409


@api.get("/private")
def private(request):
    return {"user": request.auth.username}


@api.get("/public", auth=PUBLIC)
def public(request, n: int):
    return {"n": n, "anonymous": request.auth.is_anonymous}


@api.get("/boom", auth=PUBLIC)
def boom(request):
    raise RuntimeError("a bug")


@api.get("/forbidden", auth=PUBLIC)
def forbidden(request):
    raise PermissionDenied


@api.get("/bad", auth=PUBLIC)
def bad(request):
    raise BadRequest


@api.get("/missing", auth=PUBLIC)
def missing(request):
    raise Http404


@api.get("/over", auth=PUBLIC)
def over(request):
    raise AllocationExceeded("The allocation of this gmina is exhausted.")


@api.get("/teapot", auth=PUBLIC)
def teapot(request):
    raise HttpError(418, "No coffee here.")


urlpatterns = [path("api/test/", api.urls)]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")


def assert_error(response, status: int, code: str, detail: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == code
    if detail is not None:
        assert body["detail"] == detail
    return body


def test_an_unmarked_operation_refuses_an_anonymous_caller_with_401_not_a_redirect(anonymous):
    response = anonymous.get("/api/test/private")

    assert "Location" not in response
    assert_error(response, 401, "unauthenticated", "Authentication credentials were not provided.")


def test_an_unmarked_operation_serves_a_signed_in_user(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("ola", password="x" * 12))

    assert client.get("/api/test/private").json() == {"user": "ola"}


def test_a_public_operation_serves_anyone_and_knows_who_asks(anonymous):
    assert anonymous.get("/api/test/public?n=3").json() == {"n": 3, "anonymous": True}


def test_invalid_parameters_are_422_with_field_errors(anonymous):
    body = assert_error(anonymous.get("/api/test/public?n=three"), 422, "validation_error")

    [error] = body["errors"]
    assert error["loc"] == ["query", "n"]
    assert error["type"] == "int_parsing"
    assert error["msg"]


def test_a_missing_parameter_is_named(anonymous):
    body = assert_error(anonymous.get("/api/test/public"), 422, "validation_error")

    assert [(e["loc"], e["type"]) for e in body["errors"]] == [(["query", "n"], "missing")]


def test_an_unhandled_error_is_a_500_body_without_the_traceback(anonymous, caplog):
    body = assert_error(
        anonymous.get("/api/test/boom"), 500, "server_error", "Internal server error."
    )

    assert "a bug" not in str(body)
    assert "Internal Server Error: /api/test/boom" in caplog.text


def test_permission_denied_is_403(anonymous):
    assert_error(anonymous.get("/api/test/forbidden"), 403, "forbidden")


def test_a_bad_request_is_400(anonymous):
    assert_error(anonymous.get("/api/test/bad"), 400, "bad_request")


def test_http404_is_404(anonymous):
    assert_error(anonymous.get("/api/test/missing"), 404, "not_found", "Not found.")


def test_a_domain_error_keeps_its_status_code_and_message(anonymous):
    assert_error(
        anonymous.get("/api/test/over"),
        409,
        "allocation_exceeded",
        "The allocation of this gmina is exhausted.",
    )


def test_an_http_error_keeps_its_status_and_message(anonymous):
    assert_error(anonymous.get("/api/test/teapot"), 418, "error", "No coffee here.")


def test_a_wrong_method_is_405_naming_the_allowed_ones(anonymous):
    response = anonymous.delete("/api/test/public?n=1")

    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


@pytest.mark.parametrize("url", ["/api/test/", "/api/test/nowhere", "/api/test/private/"])
def test_an_unknown_path_inside_the_api_is_a_404_body(anonymous, url):
    assert_error(anonymous.get(url), 404, "not_found")


@pytest.mark.urls("config.urls")
def test_the_real_api_answers_unknown_paths_and_wrong_methods_in_json(anonymous):
    assert_error(anonymous.get("/api/v1/nowhere"), 404, "not_found")
    assert_error(anonymous.post("/api/v1/territories"), 405, "method_not_allowed")


def test_messages_follow_the_language_of_the_request():
    with translation.override("pl"):
        expected = translation.gettext("Not found.")
    response = Client(HTTP_ACCEPT_LANGUAGE="pl").get("/api/test/missing")

    assert response.json()["detail"] == expected
