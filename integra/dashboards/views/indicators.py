"""The indicator dashboards: the country, a voivodeship and a gmina — indicators against targets
and, for the country and a voivodeship, each unit below it — with filters (programme, period,
group), charts (ECharts, drawn from the same figures the tables show) and the tables' exports.
Every figure comes from monitoring's one computation, as the API and the reports."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from integra.core.exports import export_response
from integra.core.templatetags.formats import number
from integra.monitoring.exports import indicator_table, unit_table
from integra.monitoring.forms import IndicatorFilterForm
from integra.monitoring.rules import Period
from integra.monitoring.selectors import indicators as selectors
from integra.territories.models import Territory

INDICATORS, UNITS = "indicators", "units"
CENT = Decimal("0.01")


def _dashboard(request: HttpRequest, teryt: str) -> dict[str, Any]:
    """Everything a dashboard shows; 404 for an unknown unit or one outside the user's scope
    (the national figures are the ministry's)."""
    try:
        area = selectors.find_area(teryt)
    except Territory.DoesNotExist as exc:
        raise Http404(_("No such unit.")) from exc
    form = IndicatorFilterForm(request.GET or None)
    programme, period, group = form.choice()
    if programme is None:
        raise Http404(_("No programme yet."))
    units = selectors.child_units(programme, teryt)
    try:
        figures, values = selectors.dashboard_values(
            user=request.user,
            programme=programme,
            period=period,
            level=teryt,
            units=[u for u, _n in units],
            group=group,
        )
    except selectors.AreaNotVisible as exc:
        raise Http404(_("No such unit.")) from exc
    return {
        "area": area,
        "form": form,
        "programme": programme,
        "period": period,
        "period_label": period.code if isinstance(period, Period) else period,
        "group": group,
        "figures": figures,
        "units": [(code, name, values[code]) for code, name in units],
        "unit_rows": _unit_rows(request, area, units, values),
        "chart": _chart_config(area, figures, units, values),
    }


def _unit_rows(
    request: HttpRequest, area: Any, units: list[tuple[str, str]], values: dict[str, list[Any]]
) -> list[tuple[str, str, str]]:
    """The table of units as the page prints it — link, name, each figure formatted — built
    here once: a voivodeship's 500 gminas × 11 indicators through template tags took most of
    the page's time."""
    query = f"?{request.GET.urlencode()}"
    cell = _two_decimals()
    return [
        (
            _unit_href(area, code) + query,
            name,
            mark_safe(  # every cell escaped here
                "".join(
                    f'<td class="text-end text-nowrap">'
                    f"{escape('—' if f.value is None else cell(f.value))}</td>"
                    for f in values[code]
                )
            ),
        )
        for code, name in units
    ]


def _two_decimals() -> Any:
    """`number:2` of the active language for a table's thousands of cells: Python groups by
    three and the language's separators replace its own (the filter asks the locale per cell).
    Falls back to the filter where the language groups otherwise."""
    if get_format("NUMBER_GROUPING") != 3:
        return lambda value: number(value, 2)
    table = str.maketrans(
        {",": get_format("THOUSAND_SEPARATOR"), ".": get_format("DECIMAL_SEPARATOR")}
    )

    def cell(value: Any) -> str:
        rounded = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
        return format(rounded if rounded else abs(rounded), ",.2f").translate(table)

    return cell


def _unit_href(area: Any, code: str) -> str:
    name = "dashboards:indicators-voivodeship" if not area.teryt else "dashboards:indicators-gmina"
    return reverse(name, args=[code])


def _chart_config(
    area: Any, figures: list[Any], units: list[tuple[str, str]], values: dict[str, list[Any]]
) -> dict[str, Any]:
    """What static/integra/indicator_charts.js draws: the progress towards each target, and
    each indicator per unit below the area."""
    return {
        "targets": [
            {"code": f.code, "name": f.name_pl, "percent": _plain(f.target_percent)}
            for f in figures
            if f.target_percent is not None
        ],
        "indicators": [{"code": f.code, "name": f.name_pl, "unit": f.unit} for f in figures],
        "units": [
            {
                "teryt": code,
                "name": name,
                "href": _unit_href(area, code),
                "values": {f.code: _plain(f.value) for f in values[code]},
            }
            for code, name in units
        ],
        "labels": {"percent": _("Share of the target (%)"), "noData": _("no data")},
    }


def _plain(value: Any) -> float | None:
    return None if value is None else float(value)


def _page(request: HttpRequest, teryt: str) -> HttpResponse:
    return render(request, "dashboards/indicators.html", _dashboard(request, teryt))


def indicators_national(request: HttpRequest) -> HttpResponse:
    return _page(request, "")


def _code(teryt: str, length: int) -> str:
    if len(teryt) != length or not teryt.isdigit():
        raise Http404(_("No such unit."))
    return teryt


def indicators_voivodeship(request: HttpRequest, teryt: str) -> HttpResponse:
    return _page(request, _code(teryt, 2))


def indicators_gmina(request: HttpRequest, teryt: str) -> HttpResponse:
    return _page(request, _code(teryt, 7))


def _export(request: HttpRequest, teryt: str, fmt: str) -> HttpResponse:
    """The page's table: ?table=indicators (indicators against targets) or units (each unit
    below the area; the default where there are units)."""
    context = _dashboard(request, teryt)
    area, programme = context["area"], context["programme"]
    table = request.GET.get("table") or (UNITS if context["units"] else INDICATORS)
    stem = f"wskazniki-{programme.code}-{area.teryt or 'PL'}"
    if table == UNITS and context["units"]:
        units = [(code, name) for code, name, _f in context["units"]]
        values = {code: found for code, _n, found in context["units"]}
        return export_response(
            unit_table(units, values, f"{stem}-jednostki", _("Indicators by unit")), fmt
        )
    return export_response(
        indicator_table(context["figures"], stem, _("Indicators"), area=(area.teryt, area.name)),
        fmt,
    )


def indicators_national_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return _export(request, "", fmt)


def indicators_voivodeship_export(request: HttpRequest, teryt: str, fmt: str) -> HttpResponse:
    return _export(request, _code(teryt, 2), fmt)


def indicators_gmina_export(request: HttpRequest, teryt: str, fmt: str) -> HttpResponse:
    return _export(request, _code(teryt, 7), fmt)
