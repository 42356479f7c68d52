"""IntegraAPI: a NinjaAPI with the project's conventions for access, errors, docs and the schema."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, path, re_path
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from integra.api import auth, docs
from integra.core.api import errors


class IntegraAPI(NinjaAPI):
    """Deny by default, one error body, offline docs, operation ids named after the views.

    Every URL of the API is exempt from LoginRequiredMiddleware: the API refuses an anonymous
    caller itself, with a 401 body a program can read, where the middleware would redirect.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("auth", auth.AUTHENTICATED)
        kwargs.setdefault("docs", docs.OfflineSwagger())
        super().__init__(**kwargs)

    def set_default_exception_handlers(self) -> None:
        errors.install(self)

    def get_openapi_operation_id(self, operation: Any) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        errors.document(schema)
        auth.document(schema)
        _name_parameter_examples(schema)
        return schema

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern) and pattern.name == "api-root":
                # Ninja's root view raises Http404, rendered as an HTML page outside the API.
                pattern.callback = not_found
        patterns[-1:-1] = [path("docs/assets/<str:name>", docs.docs_asset, name="docs-asset")]
        patterns.append(re_path(r"^.*$", not_found, name="not-found"))
        for pattern in patterns:
            if isinstance(pattern, URLPattern):  # always: Ninja gives views, never includes
                pattern.callback = _api_view(pattern.callback)
        return patterns, app_name, namespace


def _name_parameter_examples(schema: dict[str, Any]) -> None:
    """Ninja copies a field's `examples` list onto the parameter, where OpenAPI wants a map of
    named Example Objects (Swagger UI shows a list as "0", "1"…); name each by its value."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if isinstance(parameter.get("examples"), list):
                    parameter["examples"] = {
                        str(value): {"value": value} for value in parameter["examples"]
                    }


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return errors.error_response(404)


def _json_not_allowed(response: HttpResponse) -> HttpResponse:
    if isinstance(response, HttpResponseNotAllowed):
        refusal = errors.error_response(405)
        refusal["Allow"] = response["Allow"]
        return refusal
    return response


def _api_view(view: Callable[..., Any]) -> Callable[..., Any]:
    """The view, exempt from the login redirect and answering a wrong method in JSON."""
    if iscoroutinefunction(view):

        @wraps(view)
        async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return _json_not_allowed(await view(request, *args, **kwargs))

        wrapper: Callable[..., Any] = async_wrapper
    else:

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return _json_not_allowed(view(request, *args, **kwargs))

    wrapper.login_required = False  # type: ignore[attr-defined]
    return wrapper
