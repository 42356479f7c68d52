"""Pages of allocation runs (ministry): the list with a new-run form, a run with its results,
publishing, the comparison of two runs; and a gmina's card of its published allocations, where
an amount is amended, tranches are scheduled and transfers recorded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from integra.allocations import selectors, services
from integra.allocations.forms import RunForm, show_refusal
from integra.allocations.models import AllocationRun
from integra.allocations.policies import (
    can_manage_allocation_runs,
    can_view_allocation_runs,
)
from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import Table, count, export_response

PAGE_SIZE = 50


def _require_reader(request: HttpRequest) -> None:
    if not can_view_allocation_runs(request.user):
        raise PermissionDenied(_("Only the ministry sees allocation runs."))


def _require_manager(request: HttpRequest) -> None:
    services.require_run_manager(request.user)


def _runs(request: HttpRequest) -> Any:
    return selectors.list_runs(user=request.user).annotate(gmina_count=Count("results"))


def _get_run(request: HttpRequest, pk: int) -> AllocationRun:
    try:
        return selectors.get_run(user=request.user, run_id=pk)
    except AllocationRun.DoesNotExist as exc:
        raise Http404(_("No such allocation run.")) from exc


# Runs ---------------------------------------------------------------------------------------------


def run_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    may_manage = can_manage_allocation_runs(request.user)
    form = RunForm(request.POST or None, request.FILES or None) if may_manage else None
    if request.method == "POST":
        _require_manager(request)
        assert form is not None
        if form.is_valid():
            try:
                run = services.create_run(
                    actor=request.user,
                    programme=form.cleaned_data["programme"],
                    params=form.params(),
                    amounts=form.amounts,
                    context=RequestContext.of(request),
                )
            except DomainError as refusal:
                show_refusal(form, refusal)
            else:
                messages.success(
                    request, _("Allocation run %(id)s has been computed.") % {"id": run.pk}
                )
                return redirect("allocations:run-detail", pk=run.pk)
    context = {
        "page": Paginator(_runs(request), PAGE_SIZE).get_page(request.GET.get("page")),
        "form": form,
        "may_manage": may_manage,
    }
    return render(request, "allocations/run_list.html", context)


def run_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_reader(request)
    table = Table(
        name="alokacje",
        title=_("Allocation runs"),
        header=[
            _("Run"),
            _("Programme"),
            _("Method"),
            _("Indicator"),
            _("Year"),
            _("Budget (EUR)"),
            _("Gminas"),
            _("Status"),
            _("Created"),
        ],
        rows=[
            [
                run.pk,
                run.programme.code,
                run.get_method_display(),
                run.get_indicator_display(),
                run.data_year,
                run.budget_eur,
                count(run.gmina_count),
                run.get_status_display(),
                run.created_at,
            ]
            for run in _runs(request)
        ],
        widths=(8, 12, 28, 24, 8, 18, 8, 14, 20),
    )
    return export_response(table, fmt)


def _result_rows(run: AllocationRun) -> list[dict[str, Any]]:
    results = list(run.results.all())
    population = selectors.populations(
        gmina_ids=[r.gmina_id for r in results], years=[run.data_year]
    )
    rows = []
    for result in results:
        powiat = result.gmina.parent
        people = population.get((result.gmina_id, run.data_year))
        rows.append(
            {
                "teryt": result.gmina.teryt,
                "name": result.gmina.name,
                "voivodeship": powiat.parent.name.lower() if powiat and powiat.parent else "",
                "indicator_value": result.indicator_value,
                "amount": result.amount_eur,
                "population": people,
                "per_inhabitant": selectors.per_inhabitant(result.amount_eur, people),
            }
        )
    return rows


def _weights(run: AllocationRun) -> list[tuple[str, Decimal]]:
    """(indicator label, weight) of a weighted sum, in the order of the indicators."""
    return [
        (str(AllocationRun.Indicator(code).label), Decimal(weight))
        for code, weight in run.indicator_weights.items()
    ]


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _get_run(request, pk)
    rows = _result_rows(run)
    total = sum((row["amount"] for row in rows), Decimal(0))
    population = sum(row["population"] or 0 for row in rows)
    others = (
        selectors.list_runs(user=request.user).filter(programme=run.programme).exclude(pk=run.pk)
    )[:10]
    context = {
        "run": run,
        "weights": _weights(run),
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "total": total,
        "gmina_count": len(rows),
        "population": population,
        "per_inhabitant": selectors.per_inhabitant(total, population),
        "others": others,
        "may_publish": can_manage_allocation_runs(request.user) and not run.is_locked,
    }
    return render(request, "allocations/run_detail.html", context)


def run_results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = _get_run(request, pk)
    table = Table(
        name=f"alokacja-{run.pk}",
        title=_("Allocation run %(id)s") % {"id": run.pk},
        header=[
            _("TERYT code"),
            _("Gmina"),
            _("Voivodeship"),
            _("Indicator value"),
            _("Amount (EUR)"),
            _("EUR per inhabitant"),
        ],
        rows=[
            [
                row["teryt"],
                row["name"],
                row["voivodeship"],
                row["indicator_value"],
                row["amount"],
                row["per_inhabitant"],
            ]
            for row in _result_rows(run)
        ],
        widths=(12, 28, 20, 16, 16, 16),
    )
    return export_response(table, fmt)


def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = _get_run(request, pk)
    _require_manager(request)
    if request.method == "POST":
        try:
            services.publish_run(actor=request.user, run=run, context=RequestContext.of(request))
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("Allocation run %(id)s has been published and is now locked.") % {"id": run.pk},
            )
        return redirect("allocations:run-detail", pk=run.pk)
    published = (
        AllocationRun.objects.filter(programme=run.programme, status=AllocationRun.Status.PUBLISHED)
        .exclude(pk=run.pk)
        .first()
    )
    return render(request, "allocations/run_publish.html", {"run": run, "published": published})


# Comparison ---------------------------------------------------------------------------------------


def _comparison(request: HttpRequest, a: int, b: int) -> selectors.RunComparison:
    try:
        return selectors.get_comparison(user=request.user, run_a_id=a, run_b_id=b)
    except AllocationRun.DoesNotExist as exc:
        raise Http404(_("No such allocation run.")) from exc


def run_compare(request: HttpRequest, a: int, b: int) -> HttpResponse:
    comparison = _comparison(request, a, b)
    return render(request, "allocations/run_compare.html", {"comparison": comparison})


def _comparison_header(comparison: selectors.RunComparison) -> list[str]:
    a, b = comparison.run_a.pk, comparison.run_b.pk
    return [
        _("Amount in run %(id)s (EUR)") % {"id": a},
        _("Amount in run %(id)s (EUR)") % {"id": b},
        _("Difference (EUR)"),
        _("Population"),
        _("EUR per inhabitant in run %(id)s") % {"id": a},
        _("EUR per inhabitant in run %(id)s") % {"id": b},
    ]


def _comparison_figures(row: Any) -> list[Any]:
    return [
        row.amount_a,
        row.amount_b,
        row.difference,
        count(row.population),
        row.per_inhabitant_a,
        row.per_inhabitant_b,
    ]


def compare_gminas_export(request: HttpRequest, a: int, b: int, fmt: str) -> HttpResponse:
    comparison = _comparison(request, a, b)
    table = Table(
        name=f"porownanie-{a}-{b}-gminy",
        title=_("Gminas"),
        header=[_("TERYT code"), _("Gmina"), _("Voivodeship"), *_comparison_header(comparison)],
        rows=[
            [row.teryt, row.name, row.voivodeship.lower(), *_comparison_figures(row)]
            for row in comparison.gminas
        ],
        widths=(12, 28, 20, 18, 18, 18, 12, 18, 18),
    )
    return export_response(table, fmt)


def compare_voivodeships_export(request: HttpRequest, a: int, b: int, fmt: str) -> HttpResponse:
    comparison = _comparison(request, a, b)
    table = Table(
        name=f"porownanie-{a}-{b}-wojewodztwa",
        title=_("Voivodeships"),
        header=[_("TERYT code"), _("Voivodeship"), *_comparison_header(comparison)],
        rows=[
            [row.teryt, row.name.lower(), *_comparison_figures(row)]
            for row in comparison.voivodeships
        ],
        widths=(12, 20, 18, 18, 18, 12, 18, 18),
    )
    return export_response(table, fmt)
