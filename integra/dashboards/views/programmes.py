"""The programme list and overview, the allocation map and their exports."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from integra.catalog.models import TargetGroup
from integra.core.exports import cell, export_response
from integra.dashboards import exports, selectors
from integra.dashboards.forms import (
    AMOUNT,
    COMMITTED,
    GROUP,
    PAID,
    PER_INHABITANT,
    REACHED,
    MapForm,
)
from integra.dashboards.policies import require_programme_figures_reader
from integra.dashboards.selectors import ProgrammeFigures
from integra.programmes.models import Programme

MAP_TABLE_PAGE = 100  # rows of the map's table per page


def _figures(request: HttpRequest, code: str) -> ProgrammeFigures:
    require_programme_figures_reader(request.user)
    try:
        programme = selectors.get_programme(user=request.user, code=code)
    except Programme.DoesNotExist as exc:
        raise Http404(_("No programme has the code %(code)s.") % {"code": code}) from exc
    return selectors.programme_figures(user=request.user, programme=programme)


# Programmes ---------------------------------------------------------------------------------------


def programme_list(request: HttpRequest) -> HttpResponse:
    require_programme_figures_reader(request.user)
    programmes = selectors.list_programmes(user=request.user)
    return render(request, "dashboards/programme_list.html", {"programmes": programmes})


def programme_overview(request: HttpRequest, code: str) -> HttpResponse:
    figures = _figures(request, code)
    return render(request, "dashboards/programme_overview.html", {"figures": figures})


def programme_overview_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The overview's table of voivodeships, its totals row included."""
    return export_response(exports.overview_table(_figures(request, code)), fmt)


# The allocation map -------------------------------------------------------------------------------


def _groups() -> list[tuple[str, str]]:
    """The target groups for the contracts measure: (code, name), by position."""
    return [
        (group.code, f"{group.code} — {group}")
        for group in TargetGroup.objects.order_by("position", "code")
    ]


def map_form(request: HttpRequest) -> MapForm:
    return MapForm(request.GET, groups=_groups())


def allocation_map(request: HttpRequest, code: str) -> HttpResponse:
    figures = _figures(request, code)
    form = map_form(request)
    level, measure = form.choice()
    group = form.group_code()
    # The table beside the map, a page at a time (5,000 gminas are a 2.5 MB page that took
    # seconds to write); the map draws them all and the exports hold every row.
    page = Paginator(figures.rows(level), MAP_TABLE_PAGE).get_page(request.GET.get("page"))
    for unit in [*page.object_list, figures.totals]:
        unit.group_contracts = unit.contracts_for(group)  # type: ignore[union-attr]
    context = {
        "figures": figures,
        "form": form,
        "level": level,
        "measure": measure,
        "group": group,
        "rows": page.object_list,
        "page": page,
        "unmapped": figures.unmapped(level),
        "map_config": _map_config(figures, level),
    }
    # htmx swaps only the table when a switch changes; a history restore needs the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "dashboards/_allocation_table.html" if partial else "dashboards/allocation_map.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _map_config(figures: ProgrammeFigures, level: str) -> dict[str, Any]:
    """What static/integra/allocation_map.js needs besides the GeoJSON it fetches."""
    return {
        "dataUrl": reverse("dashboards:allocation-map-data", args=[figures.programme.code]),
        "bars": [
            {
                "name": row.name,
                "amount": str(row.services),
                "perInhabitant": cell(row.per_inhabitant),
                "committed": cell(row.committed_percent),
                "paid": cell(row.paid_percent),
                "reached": cell(row.reached_per_thousand),
                "groups": row.contracts_by_group,
            }
            for row in figures.voivodeships
        ],
        "labels": {
            AMOUNT: _("Allocation (EUR)"),
            PER_INHABITANT: _("EUR per inhabitant"),
            COMMITTED: _("Committed (% of the allocation)"),
            PAID: _("Paid (% of the allocation)"),
            REACHED: _("People reached per 1,000 inhabitants"),
            GROUP: _("Contracts for the target group"),
            "population": _("Population"),
            "noData": _("no data"),
        },
    }


def allocation_map_data(request: HttpRequest, code: str) -> HttpResponse:
    """The map's GeoJSON for the page's script (the API serves the same figures to systems)."""
    figures = _figures(request, code)
    level, _measure = map_form(request).choice()
    return HttpResponse(
        selectors.allocation_map_json(figures, level), content_type="application/json"
    )


def allocation_map_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The map's table at the chosen level (?level=), its totals row included."""
    figures = _figures(request, code)
    form = map_form(request)
    level, _measure = form.choice()
    return export_response(exports.map_table(figures, level, form.group_code()), fmt)
