"""The public pages (`/public/`, no sign-in, no personal data): the programme with its figures
and allocation map, a gmina's page, the campaign's events, the library of good practices, the
open invitations, and the open data (feeds documented on a page, the IATI file).

Every response is the same for everyone reading in one language (a page of its own layout,
without the user's menu; Polish unless the visitor chose English), and cacheable:
`Cache-Control: public, max-age`, `Last-Modified` (the newest change of any public figure) and an
`ETag`; a conditional request that finds nothing new gets a 304."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from integra.core.exports import cell, export_response
from integra.dashboards.exports import iati
from integra.dashboards.exports import public as feeds
from integra.dashboards.forms import AMOUNT, PER_INHABITANT, MapForm
from integra.dashboards.selectors import allocation_map, opendata, public
from integra.outreach import selectors as outreach_selectors
from integra.outreach.forms.practices import PracticeFilterForm
from integra.outreach.models import GoodPractice
from integra.programmes.models import Programme
from integra.territories.models import Territory

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def _changed(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
    """The newest change of a public figure, read once per request."""
    if not hasattr(request, "_public_changed"):
        request._public_changed = public.last_change()  # type: ignore[attr-defined]
    return request._public_changed  # type: ignore[attr-defined]


def _etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    changed = _changed(request)
    stamp = changed.isoformat() if changed else "-"
    key = f"{stamp}|{translation.get_language()}|{request.get_full_path()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def public_page(view: View) -> View:
    """No sign-in, GET/HEAD only, cacheable by anyone for INTEGRA_PUBLIC_MAX_AGE."""

    @login_not_required
    @require_safe
    @wraps(view)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = condition(etag_func=_etag, last_modified_func=_changed)(view)(
            request, *args, **kwargs
        )
        patch_cache_control(response, public=True, max_age=settings.INTEGRA_PUBLIC_MAX_AGE)
        # Polish by default; the language chosen by the visitor (its cookie or the browser's).
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        if response.status_code == 304:
            # The cached page keeps the policy it came with.
            response._csp_config = {}  # type: ignore[attr-defined]
        if "Last-Modified" not in response and _changed(request) is None:
            response["Last-Modified"] = http_date(timezone.now().timestamp())
        return response

    return cached


def _programme(code: str) -> Programme:
    try:
        return public.public_programme(code)
    except Programme.DoesNotExist as exc:
        raise Http404(_("No published programme has the code %(code)s.") % {"code": code}) from exc


# The programme ------------------------------------------------------------------------------------


@public_page
def home(request: HttpRequest) -> HttpResponse:
    programmes = list(public.public_programmes())
    context = {
        "programmes": programmes,
        "invitations": public.open_invitations().count(),
        "practices": GoodPractice.objects.published().count(),
    }
    return render(request, "public/home.html", context)


@public_page
def programme(request: HttpRequest, code: str) -> HttpResponse:
    found = _programme(code)
    figures = public.public_figures(found)
    context = {
        "figures": figures,
        "contracts": public.contract_figures(found),
    }
    return render(request, "public/programme.html", context)


@public_page
def programme_map(request: HttpRequest, code: str) -> HttpResponse:
    figures = public.public_figures(_programme(code))
    form = MapForm(request.GET)
    level, measure = form.choice()
    context = {
        "figures": figures,
        "form": form,
        "level": level,
        "measure": measure,
        "rows": figures.rows(level),
        "unmapped": figures.unmapped(level),
        "map_config": _map_config(figures, level),
    }
    return render(request, "public/map.html", context)


def _map_config(figures: Any, level: str) -> dict[str, Any]:
    return {
        "dataUrl": reverse("dashboards:public-map-data", args=[figures.programme.code]),
        "bars": [
            {"name": r.name, "amount": str(r.services), "perInhabitant": cell(r.per_inhabitant)}
            for r in figures.voivodeships
        ],
        "labels": {
            AMOUNT: _("Allocation (EUR)"),
            PER_INHABITANT: _("EUR per inhabitant"),
            "population": _("Population"),
            "noData": _("no data"),
        },
    }


@public_page
def programme_map_data(request: HttpRequest, code: str) -> JsonResponse:
    figures = public.public_figures(_programme(code))
    level, _measure = MapForm(request.GET).choice()
    return JsonResponse(allocation_map(figures, level), encoder=DjangoJSONEncoder)


# A gmina ------------------------------------------------------------------------------------------


@public_page
def gmina(request: HttpRequest, teryt: str) -> HttpResponse:
    try:
        unit = public.public_gmina(teryt)
    except Territory.DoesNotExist as exc:
        raise Http404(_("No gmina of a published allocation has this code.")) from exc
    pages = [public.gmina_page(unit, found) for found in public.public_programmes()]
    pages = [page for page in pages if page.allocation is not None]
    return render(request, "public/gmina.html", {"gmina": unit, "pages": pages})


# Events, practices, invitations -------------------------------------------------------------------


@public_page
def events(request: HttpRequest) -> HttpResponse:
    page = Paginator(public.public_events(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/events.html", {"page": page})


def _practices(request: HttpRequest) -> tuple[PracticeFilterForm, Any]:
    form = PracticeFilterForm(request.GET or None, public=True)
    return form, outreach_selectors.public_practices(**form.selection())


@public_page
def practice_list(request: HttpRequest) -> HttpResponse:
    form, practices = _practices(request)
    page = Paginator(practices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/practice_list.html", {"form": form, "page": page})


@public_page
def practice_export(request: HttpRequest, fmt: str) -> HttpResponse:
    from integra.outreach import exports as outreach_exports

    _form, practices = _practices(request)
    return export_response(outreach_exports.practices_table(practices), fmt)


@public_page
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        practice = outreach_selectors.get_public_practice(practice_id=pk)
    except GoodPractice.DoesNotExist as exc:
        raise Http404(_("No such published good practice.")) from exc
    return render(request, "public/practice_detail.html", {"practice": practice})


@public_page
def invitations(request: HttpRequest) -> HttpResponse:
    page = Paginator(public.open_invitations(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/invitations.html", {"page": page})


# Open data ----------------------------------------------------------------------------------------


@public_page
def data(request: HttpRequest) -> HttpResponse:
    return render(request, "public/data.html", {"programmes": list(public.public_programmes())})


@public_page
def allocations_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    return export_response(feeds.allocations_table(opendata.programme_data(_programme(code))), fmt)


@public_page
def allocations_json(request: HttpRequest, code: str) -> JsonResponse:
    body = feeds.allocations_json(opendata.programme_data(_programme(code)))
    return JsonResponse(body, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})


@public_page
def contracts_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    found = _programme(code)
    return export_response(feeds.contracts_table(found.code, opendata.public_contracts(found)), fmt)


@public_page
def contracts_json(request: HttpRequest, code: str) -> JsonResponse:
    found = _programme(code)
    body = feeds.contracts_json(found.code, opendata.public_contracts(found))
    return JsonResponse(body, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})


@public_page
def iati_file(request: HttpRequest, code: str) -> HttpResponse:
    found = _programme(code)
    body = iati.iati_activities(opendata.programme_data(found), at=timezone.now())
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{iati.file_name(found.code)}"'
    return response
