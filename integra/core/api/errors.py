"""One body for every API error — {"detail", "code", "errors"} — and the handlers that produce it.

`detail` is a translated sentence for people, `code` a stable string for programs, `errors` the
field problems of a refused request (empty otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import (
    BadRequest,
    ObjectDoesNotExist,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.log import log_response
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.errors import (
    AuthenticationError,
    AuthorizationError,
    HttpError,
    Throttled,
    ValidationError,
)

from integra.core.errors import DomainError

if TYPE_CHECKING:
    from ninja import NinjaAPI

ERROR_SCHEMA_REF = "#/components/schemas/Error"

DEFAULTS: dict[int, tuple[str, Any]] = {
    400: ("bad_request", _("The request is malformed.")),
    401: ("unauthenticated", _("Authentication credentials were not provided.")),
    403: ("forbidden", _("You do not have permission to perform this action.")),
    404: ("not_found", _("Not found.")),
    405: ("method_not_allowed", _("This method is not allowed here.")),
    422: ("validation_error", _("The request parameters are not valid.")),
    429: ("throttled", _("Too many requests; try again later.")),
    500: ("server_error", _("Internal server error.")),
}


class FieldError(Schema):
    loc: list[str | int] = Field(description="Where the problem is, e.g. ['query', 'level'].")
    msg: str = Field(description="What is wrong.")
    type: str = Field(description="A stable kind of problem, e.g. 'enum' or 'string_too_long'.")


class Error(Schema):
    detail: str = Field(description="A human-readable message in the language of the request.")
    code: str = Field(description="A stable code for programs, e.g. 'not_found'.")
    errors: list[FieldError] = Field(
        description="Field problems; empty unless code is a validation error."
    )


def error_response(
    status: int,
    *,
    code: str | None = None,
    detail: Any = None,
    errors: Iterable[dict[str, Any]] = (),
) -> JsonResponse:
    default_code, default_detail = DEFAULTS.get(status, ("error", _("The request failed.")))
    body = {
        "detail": str(detail or default_detail),
        "code": code or default_code,
        "errors": list(errors),
    }
    response = JsonResponse(body, status=status)
    if status == 401:
        # RFC 9110 §11.6.1: a 401 names the scheme that would be accepted.
        response["WWW-Authenticate"] = "Bearer"
    return response


def _field_errors(exc: ValidationError) -> list[dict[str, Any]]:
    return [
        {
            "loc": [part if isinstance(part, int) else str(part) for part in error.get("loc", ())],
            "msg": str(error.get("msg", error)),
            "type": str(error.get("type", "invalid")),
        }
        for error in exc.errors
    ]


def _validation_error(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    return error_response(422, errors=_field_errors(exc))


def _bad_request(request: HttpRequest, exc: Exception) -> JsonResponse:
    return error_response(400)


def _not_found(request: HttpRequest, exc: Exception) -> JsonResponse:
    return error_response(404)


def _forbidden(request: HttpRequest, exc: Exception) -> JsonResponse:
    return error_response(403)


def _unauthenticated(request: HttpRequest, exc: Exception) -> JsonResponse:
    return error_response(401)


def _throttled(request: HttpRequest, exc: Exception) -> JsonResponse:
    return error_response(429)


def _http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    # Raised by our own code with a translated message; Ninja's own subclasses have handlers above.
    return error_response(exc.status_code, detail=exc.message)


def _domain_error(request: HttpRequest, exc: DomainError) -> JsonResponse:
    problems = getattr(exc, "problems", [])
    errors = [
        {
            "loc": [
                "body",
                *([p.line] if p.line else []),
                *(p.field.split(".") if p.field else []),
            ],
            "msg": p.message,
            "type": exc.code,
        }
        for p in problems
    ]
    return error_response(exc.status, code=exc.code, detail=exc.message, errors=errors)


def _server_error(request: HttpRequest, exc: Exception) -> JsonResponse:
    response = error_response(500)
    # What Django does for any unhandled error: the log line (and mail to admins), and the
    # signal error trackers listen to.
    log_response(
        "Internal Server Error: %s", request.path, response=response, request=request, exception=exc
    )
    got_request_exception.send(sender=None, request=request)
    return response


HANDLERS: dict[type[Exception], Any] = {
    ValidationError: _validation_error,
    BadRequest: _bad_request,
    SuspiciousOperation: _bad_request,
    Http404: _not_found,
    ObjectDoesNotExist: _not_found,
    PermissionDenied: _forbidden,
    AuthorizationError: _forbidden,
    AuthenticationError: _unauthenticated,
    Throttled: _throttled,
    HttpError: _http_error,
    DomainError: _domain_error,
    Exception: _server_error,
}


def install(api: NinjaAPI) -> None:
    """Replace Ninja's default handlers (plain text tracebacks, bare `detail`) with ours."""
    for exc_class, handler in HANDLERS.items():
        api.add_exception_handler(exc_class, handler)


def document(schema: dict[str, Any]) -> None:
    """Declare the error body in the OpenAPI schema as every operation's `default` response."""
    error_schema = Error.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(error_schema.pop("$defs", {}))
    components["Error"] = error_schema
    response = {
        "description": "Error",
        "content": {"application/json": {"schema": {"$ref": ERROR_SCHEMA_REF}}},
    }
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            operation["responses"].setdefault("default", response)
