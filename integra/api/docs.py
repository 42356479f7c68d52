"""The API docs page (Swagger UI) served offline: assets from the installed django-ninja, no CDN."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from ninja.openapi.docs import Swagger

from integra.core.api.errors import error_response

if TYPE_CHECKING:
    from ninja import NinjaAPI

# django-ninja ships Swagger UI; it is served from there because "ninja" is not an installed app
# (its static files are not collected) and the pages may never load code from another host.
ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "css": "swagger-ui.css",
    "bundle": "swagger-ui-bundle.js",
    "init": "swagger-ui-init.js",
    "icon": "favicon.svg",
}


class OfflineSwagger(Swagger):
    """Swagger UI under the site's CSP: local scripts with the request's nonce, no inline code."""

    template = "api/swagger.html"
    # validatorUrl None: Swagger UI would otherwise send the schema to validator.swagger.io.
    default_settings = {**Swagger.default_settings, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        asset_url = f"{api.urls_namespace}:docs-asset"
        context = {
            "api": api,
            "swagger_settings": settings,
            "assets": {
                key: f"{reverse(asset_url, args=[name])}?v={ninja.__version__}"
                for key, name in ASSETS.items()
            },
        }
        return render(request, self.template, context)


@require_safe
def docs_asset(request: HttpRequest, name: str) -> HttpResponseBase:
    if name not in ASSETS.values():
        return error_response(404)
    content_type, _encoding = mimetypes.guess_type(name)
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=604800"
    return response
