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
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.allocations import selectors, services
from integra.allocations.forms import AmendmentForm, RunForm, TrancheScheduleForm, TransferForm
from integra.allocations.models import AllocationRun
from integra.allocations.policies import (
    can_amend_allocation,
    can_edit_tranches,
    can_manage_allocation_runs,
    can_record_transfer,
    can_view_allocation_runs,
)
from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import Table, export_response
from integra.programmes.models import Programme
from integra.programmes.policies import can_view_participation_at
from integra.territories.models import PopulationRecord, Territory

PAGE_SIZE = 50


def _require_reader(request: HttpRequest) -> None:
    if not can_view_allocation_runs(request.user):
        raise PermissionDenied(_("Only the ministry sees allocation runs."))


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_allocation_runs(request.user):
        raise PermissionDenied(_("Only a ministry administrator may manage allocation runs."))


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
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request, _("Allocation run %(id)s has been computed.") % {"id": run.pk}
                )
                return redirect("allocations:run-detail", pk=run.pk)
    context = {
        "page": Paginator(_runs(request), PAGE_SIZE).get_page(request.GET.get("page")),
        "form": form,
        "may_manage": may_manage,
        "filter_query": "",
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
                str(run.pk),
                run.programme.code,
                run.get_method_display(),
                run.get_indicator_display(),
                str(run.data_year),
                str(run.budget_eur),
                str(run.gmina_count),
                run.get_status_display(),
                run.created_at.isoformat(timespec="minutes"),
            ]
            for run in _runs(request)
        ],
        widths=(8, 12, 28, 24, 8, 18, 8, 14, 20),
    )
    return export_response(table, fmt)


def _population(gmina_ids: Any, year: int) -> dict[int, int]:
    return dict(
        PopulationRecord.objects.filter(territory_id__in=gmina_ids, year=year).values_list(
            "territory_id", "total"
        )
    )


def _result_rows(run: AllocationRun) -> list[dict[str, Any]]:
    results = list(run.results.all())
    population = _population([r.gmina_id for r in results], run.data_year)
    rows = []
    for result in results:
        powiat = result.gmina.parent
        people = population.get(result.gmina_id)
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
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "filter_query": "",
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
                _text(row["indicator_value"]),
                str(row["amount"]),
                _text(row["per_inhabitant"]),
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


def _text(value: Any) -> str:
    return "" if value is None else str(value)


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


def _comparison_figures(row: Any) -> list[str]:
    return [
        str(row.amount_a),
        str(row.amount_b),
        str(row.difference),
        _text(row.population),
        _text(row.per_inhabitant_a),
        _text(row.per_inhabitant_b),
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


# A gmina's card -----------------------------------------------------------------------------------

CardForms = dict[tuple[str, str], Any]


def _card_gmina(request: HttpRequest, teryt: str) -> Territory:
    """The gmina, or 404 for anyone who may not see its participation, as for a code that is no
    gmina."""
    gmina = (
        Territory.objects.filter(teryt=teryt, level=Territory.Level.GMINA)
        .select_related("parent__parent")
        .first()
    )
    if gmina is None or not can_view_participation_at(request.user, teryt):
        raise Http404(_("No gmina has the TERYT code %(code)s.") % {"code": teryt})
    return gmina


def _card_allocation(gmina: Territory, code: str) -> selectors.GminaAllocation:
    programme = Programme.objects.filter(code=code).first()
    allocation = selectors.gmina_allocation(programme, gmina) if programme else None
    if allocation is None:
        raise Http404(
            _("No allocation of %(code)s has been published for this gmina.") % {"code": code}
        )
    return allocation


def _card_entry(
    request: HttpRequest,
    gmina: Territory,
    allocation: selectors.GminaAllocation,
    population: dict[int, int],
    bound: CardForms,
) -> dict[str, Any]:
    user, code = request.user, allocation.programme.code
    planned = [t for t in allocation.tranches if not t.is_transferred]
    people = population.get(allocation.run.data_year)

    def form(kind: str, factory: Any, allowed: bool) -> Any:
        if not allowed:
            return None
        return bound.get((code, kind)) or factory()

    return {
        "allocation": allocation,
        "code": code,
        "population": people,
        "per_inhabitant": selectors.per_inhabitant(allocation.amount_eur, people),
        "amend_form": form(
            "amend",
            lambda: AmendmentForm(prefix=f"{code}-amend"),
            can_amend_allocation(user, gmina),
        ),
        "schedule_form": form(
            "schedule",
            lambda: TrancheScheduleForm(prefix=f"{code}-schedule", tranches=allocation.tranches),
            bool(planned) and can_edit_tranches(user, gmina),
        ),
        "transfer_form": form(
            "transfer",
            lambda: TransferForm(prefix=f"{code}-transfer", tranches=allocation.tranches),
            bool(planned) and can_record_transfer(user, gmina),
        ),
    }


def _render_card(
    request: HttpRequest, gmina: Territory, bound: CardForms | None = None
) -> HttpResponse:
    allocations = selectors.gmina_allocations(gmina)
    years = {allocation.run.data_year for allocation in allocations}
    population = dict(
        PopulationRecord.objects.filter(territory=gmina, year__in=years).values_list(
            "year", "total"
        )
    )
    context = {
        "gmina": gmina,
        "entries": [_card_entry(request, gmina, a, population, bound or {}) for a in allocations],
        "total": sum((a.amount_eur for a in allocations), Decimal(0)) if allocations else None,
        "tranches": [t for a in allocations for t in a.tranches],
        "may_view_runs": can_view_allocation_runs(request.user),
    }
    return render(request, "allocations/gmina_card.html", context)


def gmina_card(request: HttpRequest, teryt: str) -> HttpResponse:
    """Each programme's published allocation of one gmina: amount, lines, tranches, what has been
    received, amendments and the gmina's history, with the forms the reader may use."""
    return _render_card(request, _card_gmina(request, teryt))


def _card_post(
    request: HttpRequest, teryt: str, code: str, allowed: Any
) -> tuple[Territory, selectors.GminaAllocation]:
    gmina = _card_gmina(request, teryt)
    allocation = _card_allocation(gmina, code)
    if not allowed(request.user, gmina):
        raise PermissionDenied(_("You may not change this allocation."))
    return gmina, allocation


def _after(
    request: HttpRequest,
    gmina: Territory,
    key: tuple[str, str],
    form: Any,
    write: Any,
    done: str,
) -> HttpResponse:
    """Run the service with a valid form; the card again with the form's errors otherwise."""
    if form.is_valid():
        try:
            write()
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, done)
            return redirect(f"{reverse('allocations:gmina-card', args=[gmina.teryt])}#{key[0]}")
    return _render_card(request, gmina, {key: form})


@require_POST
def allocation_amend(request: HttpRequest, teryt: str, code: str) -> HttpResponse:
    gmina, allocation = _card_post(request, teryt, code, can_amend_allocation)
    form = AmendmentForm(request.POST, prefix=f"{code}-amend")
    return _after(
        request,
        gmina,
        (code, "amend"),
        form,
        lambda: services.amend_allocation(
            actor=request.user,
            run=allocation.run,
            gmina=gmina,
            amount_eur=form.cleaned_data["amount_eur"],
            reason=form.cleaned_data["reason"],
            context=RequestContext.of(request),
        ),
        _("The allocation has been amended."),
    )


@require_POST
def tranche_update(request: HttpRequest, teryt: str, code: str) -> HttpResponse:
    gmina, allocation = _card_post(request, teryt, code, can_edit_tranches)
    form = TrancheScheduleForm(
        request.POST, prefix=f"{code}-schedule", tranches=allocation.tranches
    )
    return _after(
        request,
        gmina,
        (code, "schedule"),
        form,
        lambda: services.update_tranches(
            actor=request.user,
            result=allocation.result,
            amounts=form.amounts(),
            context=RequestContext.of(request),
        ),
        _("The tranches have been saved."),
    )


@require_POST
def tranche_transfer(request: HttpRequest, teryt: str, code: str) -> HttpResponse:
    gmina, allocation = _card_post(request, teryt, code, can_record_transfer)
    form = TransferForm(request.POST, prefix=f"{code}-transfer", tranches=allocation.tranches)
    by_number = {t.number: t for t in allocation.tranches}
    return _after(
        request,
        gmina,
        (code, "transfer"),
        form,
        lambda: services.record_transfer(
            actor=request.user,
            tranche=by_number[form.cleaned_data["number"]],
            amount_pln=form.cleaned_data["amount_pln"],
            transferred_on=form.cleaned_data["transferred_on"],
            context=RequestContext.of(request),
        ),
        _("The transfer has been recorded."),
    )


def tranche_export(request: HttpRequest, teryt: str, code: str, fmt: str) -> HttpResponse:
    gmina = _card_gmina(request, teryt)
    allocation = _card_allocation(gmina, code)
    table = Table(
        name=f"transze-{code}-{gmina.teryt}",
        title=_("Tranches"),
        header=[
            _("Tranche"),
            _("Year"),
            _("Amount (EUR)"),
            _("Status"),
            _("Transferred on"),
            _("Amount (PLN)"),
            _("Rate (PLN per EUR)"),
            _("Rate table"),
            _("Rate table date"),
            _("Rate source"),
            _("EUR equivalent"),
        ],
        rows=[
            [
                str(t.number),
                str(t.year),
                str(t.amount_eur),
                t.get_status_display(),
                _text(t.transferred_on),
                _text(t.amount_pln),
                _text(t.rate),
                t.rate_table_no,
                _text(t.rate_table_on),
                t.rate_source,
                _text(t.eur_equivalent),
            ]
            for t in allocation.tranches
        ],
        widths=(8, 8, 16, 14, 14, 16, 14, 18, 14, 10, 16),
    )
    return export_response(table, fmt)
