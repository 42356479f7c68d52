"""The start page, and the ministry's programme dashboards: the list of programmes, a programme's
overview of its published allocation, and the allocation map with its table and exports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.action_plans import selectors as plan_selectors
from integra.action_plans.policies import can_review_any_action_plan
from integra.core.exports import Table, cell, export_response
from integra.dashboards import selectors
from integra.dashboards.selectors import GMINA, VOIVODESHIP, ProgrammeFigures
from integra.programmes.models import Programme
from integra.territories.selectors import territory_stats

AMOUNT = "amount"
PER_INHABITANT = "per_inhabitant"


@login_not_required
def home(request):
    stats = territory_stats()
    return render(
        request,
        "dashboards/home.html",
        {
            "stats": stats,
            "gmina_total": sum(stats["gminas"].values()),
            "programmes": selectors.list_programmes(user=request.user),
            **_my_work(request.user),
        },
    )


def _my_work(user: Any) -> dict[str, Any]:
    """What waits for the signed-in user: a gmina's next steps, a reviewer's queue."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        "next_steps": plan_selectors.gmina_work(user=user),
        "queue": (
            plan_selectors.queue_summary(user=user) if can_review_any_action_plan(user) else None
        ),
    }


class MapForm(forms.Form):
    """The switches of the allocation map; their names are the query parameters."""

    level = forms.ChoiceField(
        label=gettext_lazy("Units"),
        choices=[(GMINA, gettext_lazy("gminas")), (VOIVODESHIP, gettext_lazy("voivodeships"))],
        widget=forms.RadioSelect,
        required=False,
    )
    measure = forms.ChoiceField(
        label=gettext_lazy("Figure"),
        choices=[
            (AMOUNT, gettext_lazy("allocation (EUR)")),
            (PER_INHABITANT, gettext_lazy("EUR per inhabitant")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )

    def choice(self) -> tuple[str, str]:
        """The level and measure asked for; a missing or mistyped value takes the default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("level") or GMINA, data.get("measure") or AMOUNT


def _require_reader(request: HttpRequest) -> None:
    if not selectors.can_view_programme_figures(request.user):
        raise PermissionDenied(_("Only the ministry sees the figures of programmes."))


def _figures(request: HttpRequest, code: str) -> ProgrammeFigures:
    _require_reader(request)
    try:
        programme = selectors.get_programme(user=request.user, code=code)
    except Programme.DoesNotExist as exc:
        raise Http404(_("No programme has the code %(code)s.") % {"code": code}) from exc
    return selectors.programme_figures(user=request.user, programme=programme)


def _population_header(figures: ProgrammeFigures) -> str:
    if figures.data_year is None:
        return _("Population")
    return _("Population %(year)s") % {"year": figures.data_year}


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


# Programmes ---------------------------------------------------------------------------------------


def programme_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    programmes = selectors.list_programmes(user=request.user)
    return render(request, "dashboards/programme_list.html", {"programmes": programmes})


def programme_overview(request: HttpRequest, code: str) -> HttpResponse:
    figures = _figures(request, code)
    return render(request, "dashboards/programme_overview.html", {"figures": figures})


def _voivodeship_header(figures: ProgrammeFigures) -> list[str]:
    return [
        _("TERYT code"),
        _("Voivodeship"),
        _("Gminas"),
        _population_header(figures),
        _("Services line (EUR)"),
        _("Training line (EUR)"),
        _("Total (EUR)"),
        _("EUR per inhabitant (services line)"),
    ]


def _voivodeship_cells(row: selectors.VoivodeshipFigures) -> list[str]:
    return [
        str(row.gminas),
        str(row.population),
        str(row.services),
        str(row.training),
        str(row.total),
        cell(row.per_inhabitant),
    ]


def programme_overview_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The overview's table of voivodeships, its totals row included."""
    figures = _figures(request, code)
    rows = [[row.teryt, row.name, *_voivodeship_cells(row)] for row in figures.voivodeships]
    rows.append(["", _("Total"), *_voivodeship_cells(figures.totals)])
    table = Table(
        name=f"{figures.programme.code}-wojewodztwa",
        title=_("Gminas by voivodeship"),
        header=_voivodeship_header(figures),
        rows=rows,
        widths=(12, 24, 10, 14, 18, 18, 18, 18),
    )
    return export_response(table, fmt)


# The allocation map -------------------------------------------------------------------------------


def allocation_map(request: HttpRequest, code: str) -> HttpResponse:
    figures = _figures(request, code)
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
            }
            for row in figures.voivodeships
        ],
        "labels": {
            AMOUNT: _("Allocation (EUR)"),
            PER_INHABITANT: _("EUR per inhabitant"),
            "population": _("Population"),
            "noData": _("no data"),
        },
    }


def allocation_map_data(request: HttpRequest, code: str) -> JsonResponse:
    """The map's GeoJSON for the page's script (the API serves the same figures to systems)."""
    figures = _figures(request, code)
    level, _measure = MapForm(request.GET).choice()
    return JsonResponse(selectors.allocation_map(figures, level), encoder=DjangoJSONEncoder)


def _map_table(figures: ProgrammeFigures, level: str) -> Table:
    totals = figures.totals
    if level == GMINA:
        header = [_("TERYT code"), _("Gmina"), _("Voivodeship")]
        rows = [[row.teryt, row.name, row.voivodeship] for row in figures.gminas]
        total_row = ["", _("Total"), ""]
        units = figures.gminas
    else:
        header = [_("TERYT code"), _("Voivodeship"), _("Gminas")]
        rows = [[row.teryt, row.name, str(row.gminas)] for row in figures.voivodeships]
        total_row = ["", _("Total"), str(totals.gminas)]
        units = figures.voivodeships
    for cells, unit in zip(rows, units, strict=True):
        cells += [
            str(unit.services),
            cell(unit.population),
            cell(unit.per_inhabitant),
            _yes_no(unit.has_boundary),
        ]
    total_row += [str(totals.services), str(totals.population), cell(totals.per_inhabitant), ""]
    return Table(
        name=f"{figures.programme.code}-mapa-{level}",
        title=_("Allocations"),
        header=[
            *header,
            _("Allocation (EUR)"),
            _population_header(figures),
            _("EUR per inhabitant"),
            _("On the map"),
        ],
        rows=[*rows, total_row],
        widths=(12, 28, 20, 18, 14, 18, 10),
    )


def allocation_map_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The map's table at the chosen level (?level=), its totals row included."""
    figures = _figures(request, code)
    level, _measure = MapForm(request.GET).choice()
    return export_response(_map_table(figures, level), fmt)
