"""Every address of the site refuses an anonymous visitor unless it is explicitly public.

The sweep walks the whole URLconf (pages, the admin and the API), fills each path's parameters with
sample values and requests it without signing in. A page must send the visitor to sign in, an API
operation must answer 401 in JSON — or the address must be listed in PUBLIC below, on purpose. A
new address that does neither fails here.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

pytestmark = pytest.mark.django_db

# Open to everyone by design: reference data, the front page, signing in and setting a password,
# the language switch, the API's public register and its documentation.
PUBLIC = {
    "dashboards:home",
    "core:healthz",
    "core:readyz",
    "territories:territory-list",
    "territories:voivodeship-map",
    "territories:territory-export",
    "territories:territory-detail",
    "accounts:login",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "set_language",
    "api:territories_list",
    "api:territories_stats",
    "api:territories_detail",
    "api:territories_children",
    # Residents comment on a draft Action Plan under public consultation without an account.
    "api:action_plans_public_comments_add",
    "api:openapi-json",
    "api:openapi-view",
    "api:docs-asset",
    # Nothing lives there: the API answers 404 in JSON to anyone.
    "api:api-root",
    "api:not-found",
    # The Django admin signs people in on its own page.
    "admin:login",
    # A draft Action Plan put to public consultation, reached by its unguessable key.
    "action_plans:public-consultation",
    # Published invitations to submit offers and their results (World Bank CPP: public notice).
    "contracts:public-round-list",
    "contracts:public-round-detail",
    "contracts:public-round-pdf",
    # The public pages and open data (dashboards/views/public.py): no personal data, cacheable.
    "dashboards:public-home",
    "dashboards:public-programme",
    "dashboards:public-map",
    "dashboards:public-map-data",
    "dashboards:public-gmina",
    "dashboards:public-events",
    "dashboards:public-practice-list",
    "dashboards:public-practice-export",
    "dashboards:public-practice-detail",
    "dashboards:public-invitations",
    "dashboards:public-data",
    "dashboards:public-allocations-export",
    "dashboards:public-allocations-json",
    "dashboards:public-contracts-export",
    "dashboards:public-contracts-json",
    "dashboards:public-iati",
    # A photo of a published good practice (one not yet published answers 404 to the public).
    "outreach:practice-photo",
}
# Parameter values by name, then by converter; a value only has to reach the view.
SAMPLES = {
    "teryt": "1001022",
    "fmt": "csv",
    "uidb64": "MQ",
    "token": "set-password",
    "name": "swagger-ui.css",
    "content_type_id": "1",
    "object_id": "1",
    # Action Plans: a plan's version number and a consultation key.
    "number": "1",
    "key": str(uuid.UUID(int=1)),
}
CONVERTER_SAMPLES = {
    "int": "1",
    "uuid": str(uuid.UUID(int=1)),
    "path": "x",
    "slug": "x",
    "str": "x",
}
API_PREFIX = "/api/"
ADMIN_PREFIX = "/admin/"


@dataclass(frozen=True)
class Address:
    name: str  # namespace:name, or the route when the pattern has no name
    path: str

    def __str__(self) -> str:
        return f"{self.name} {self.path}"


def route_sample(pattern: RoutePattern) -> str:
    def fill(match: re.Match) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        return SAMPLES.get(name, CONVERTER_SAMPLES.get(converter, "x"))

    return re.sub(r"<(?:(\w+):)?(\w+)>", fill, str(pattern))


def regex_sample(pattern: RegexPattern) -> str:
    """A path matching a simple regex: a named group takes its sample, its first literal
    alternative, or a number when it is made of digits."""
    regex = str(pattern).lstrip("^").rstrip("$")

    def group(match: re.Match) -> str:
        name, body = match.group(1), match.group(2)
        if name in SAMPLES:
            return SAMPLES[name]
        if re.fullmatch(r"[\w|-]+", body):
            return body.split("|")[0]
        return "1" if ("0-9" in body or "\\d" in body) else "x"

    text = re.sub(r"\(\?P<(\w+)>([^()]*)\)", group, regex)
    text = text.replace(".*", "no-such-thing").replace("\\", "")
    if re.search(r"[()\[\]?*+{}]", text):
        pytest.fail(f"cannot build a sample path for {pattern}: add a sample to the sweep")
    return text


def addresses() -> list[Address]:
    found: dict[str, Address] = {}

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            piece = (
                route_sample(entry.pattern)
                if isinstance(entry.pattern, RoutePattern)
                else regex_sample(entry.pattern)
            )
            if isinstance(entry, URLResolver):
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                walk(entry, prefix + piece, inner)
            elif isinstance(entry, URLPattern):
                name = ":".join(filter(None, [namespace, entry.name])) if entry.name else None
                path = "/" + prefix + piece
                found.setdefault(path, Address(name or f"(unnamed) {path}", path))

    walk(get_resolver(), "", "")
    return sorted(found.values(), key=lambda address: address.path)


ADDRESSES = addresses()


def resolved_name(path: str) -> str:
    match = resolve(path)
    return ":".join(filter(None, [match.namespace, match.url_name]))


def test_the_sweep_covers_the_pages_the_api_and_the_admin():
    names = {address.name for address in ADDRESSES}
    for expected in ("accounts:user-list", "audit:event-list", "api:users_list", "admin:index"):
        assert expected in names


@pytest.mark.parametrize("address", ADDRESSES, ids=str)
def test_an_anonymous_visitor_is_refused_unless_the_address_is_public(client, address):
    # A sample path may be served by an earlier pattern (eksport.csv before a TERYT code).
    name = resolved_name(address.path)
    response = client.get(address.path)
    if response.status_code == 405 and address.path.startswith(API_PREFIX):
        method = response["Allow"].split(",")[0].strip().lower()
        response = getattr(client, method)(address.path, {}, content_type="application/json")

    if name in PUBLIC:
        assert response.status_code < 500
        assert not _sends_to_sign_in(response), f"{name} is public but asks to sign in"
    elif address.path.startswith(API_PREFIX):
        assert response.status_code == 401, f"{name} answered {response.status_code}"
        assert response.json()["code"] == "unauthenticated"
    else:
        assert _sends_to_sign_in(response), f"{name} answered {response.status_code}"


def _sends_to_sign_in(response) -> bool:
    """A redirect to the sign-in page; the Django admin's own views use the admin's."""
    pages = [reverse("accounts:login")]
    if response.request["PATH_INFO"].startswith(ADMIN_PREFIX):
        pages.append(reverse("admin:login"))
    location = response.get("Location", "")
    return response.status_code == 302 and any(location.startswith(f"{p}?next=") for p in pages)
