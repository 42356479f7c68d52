"""Pages of the territory browser (public reference data): list with live search, exports, a unit's
page with its population and outline, and the voivodeship map."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.core.cache import cached
from integra.core.exports import export_response
from integra.territories import selectors
from integra.territories.exports import territory_table
from integra.territories.forms import TerritoryFilterForm
from integra.territories.models import PUBLIC_PAGES, Territory

PAGE_SIZE = 50
POPULATION_SERIES = [
    ("total", gettext_lazy("Total")),
    ("age_0_17", gettext_lazy("Pre-working age (0–17)")),
    ("working_age", gettext_lazy("Working age")),
    ("post_working_age", gettext_lazy("Post-working age")),
]


@login_not_required
def territory_list(request: HttpRequest) -> HttpResponse:
    form = TerritoryFilterForm(request.GET)
    filters = form.selector_filters()
    units = selectors.list_territories(user=request.user, **filters)
    parent = _get_unit(request, filters["parent"]) if "parent" in filters else None
    context = {
        "form": form,
        "page": Paginator(units, PAGE_SIZE).get_page(request.GET.get("page")),
        "parent": parent,
        "parent_name": _display_name(parent) if parent else "",
        "ancestors": selectors.ancestors(parent) if parent else [],
    }
    # htmx's live search swaps only the results; a history restore needs the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "territories/_territory_rows.html" if partial else "territories/territory_list.html"
    if not partial and parent is None:
        # The register in figures, under the list of the whole country.
        context["stats"] = stats = cached(PUBLIC_PAGES, "stats", selectors.territory_stats)
        context["gmina_total"] = sum(stats["gminas"].values())
    response = render(request, template, {**context, "is_partial": partial})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_not_required
def territory_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every row the list's current filters select (all pages), as CSV or XLSX."""
    filters = TerritoryFilterForm(request.GET).selector_filters()
    units = selectors.list_territories(user=request.user, **filters)
    return export_response(territory_table(units), fmt)


@login_not_required
def territory_detail(request: HttpRequest, teryt: str) -> HttpResponse:
    unit = _get_unit(request, teryt, with_outline=True)
    history = selectors.population_history(unit)
    outline = selectors.outline_of(unit)
    has_children = unit.level != Territory.Level.GMINA
    context = {
        "unit": unit,
        "unit_name": _display_name(unit),
        "ancestors": selectors.ancestors(unit),
        "children": (
            selectors.list_territories(user=request.user, parent=unit.teryt)
            if has_children
            else None
        ),
        "population": history,
        "chart_data": {"series": _series_labels(), "rows": history},
        "outline": _feature_collection(
            [{"teryt": unit.teryt, "name": unit.name, "boundary": outline}]
        )
        if outline
        else None,
    }
    return render(request, "territories/territory_detail.html", context)


@login_not_required
def voivodeship_map(request: HttpRequest) -> HttpResponse:
    # The register is public: every visitor sees the same figures (and outlines, the costly part).
    figures = cached(
        PUBLIC_PAGES,
        "voivodeship-population",
        lambda: selectors.voivodeship_population(user=request.user),
    )
    rows = figures["rows"]
    grand_total = sum(row["total"] or 0 for row in rows)
    for row in rows:
        row["share"] = row["total"] / grand_total if grand_total and row["total"] else None
        row["url"] = reverse("territories:territory-detail", args=[row["teryt"]])
    context = {
        "year": figures["year"],
        "rows": rows,
        "grand_total": grand_total,
        "map_data": _choropleth_data([row for row in rows if row["boundary"]]),
    }
    return render(request, "territories/voivodeship_map.html", context)


def _get_unit(request: HttpRequest, teryt: str, *, with_outline: bool = False) -> Territory:
    try:
        return selectors.get_territory(user=request.user, teryt=teryt, with_outline=with_outline)
    except Territory.DoesNotExist as exc:
        message = _("No territorial unit has the TERYT code %(code)s.") % {"code": teryt}
        raise Http404(message) from exc


def _display_name(unit: Territory) -> str:
    """The name as people write it (as templates/territories/_unit_name.html): the register
    spells voivodeships in capitals and names a land powiat by its adjective alone."""
    if unit.level == Territory.Level.VOIVODESHIP:
        return unit.name.lower()
    if unit.level == Territory.Level.POWIAT and unit.kind_label == "powiat":
        return f"{unit.get_level_display()} {unit.name}"
    return unit.name


def _series_labels() -> list[dict[str, str]]:
    return [{"key": key, "name": str(label)} for key, label in POPULATION_SERIES]


def _choropleth_data(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """What static/integra/charts.js needs to draw the map; None when no outline is loaded."""
    if not rows:
        return None
    return {
        "geojson": _feature_collection(rows),
        "values": [
            {
                "name": row["teryt"],
                "text": row["name"].lower(),
                "value": row["total"],
                "url": row["url"],
            }
            for row in rows
        ],
        "labels": {
            "population": _("Population"),
            "noData": _("no data"),
            "pressEnter": _("Press Enter to open its page."),
        },
    }


def _feature_collection(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """GeoJSON for ECharts' registerMap: one feature per unit, named by its TERYT code."""
    features = [
        {
            "type": "Feature",
            "properties": {"teryt": row["teryt"], "name": row["name"]},
            "geometry": row["boundary"],
        }
        for row in rows
    ]
    return {"type": "FeatureCollection", "features": features}
