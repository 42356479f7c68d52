"""The gmina allocation card: per programme the published amount, its lines and tranches, PLN
received, amendments and history, with the forms to amend, reschedule and record transfers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.allocations import selectors, services
from integra.allocations.forms import (
    AmendmentForm,
    TrancheScheduleForm,
    TransferForm,
    show_refusal,
)
from integra.allocations.policies import (
    can_amend_allocation,
    can_edit_tranches,
    can_record_transfer,
    can_view_allocation_runs,
)
from integra.audit.services import RequestContext
from integra.core import card
from integra.core.errors import DomainError
from integra.core.exports import Table, export_response, rate
from integra.territories.models import Territory

# A gmina's card -----------------------------------------------------------------------------------

CardForms = dict[tuple[str, str], Any]


def _card_gmina(request: HttpRequest, teryt: str) -> Territory:
    """The gmina, or 404 for anyone who may not see its participation, as for a code that is no
    gmina."""
    gmina = selectors.card_gmina(user=request.user, teryt=teryt)
    if gmina is None:
        raise Http404(_("No gmina has the TERYT code %(code)s.") % {"code": teryt})
    return gmina


def _card_allocation(gmina: Territory, code: str) -> selectors.GminaAllocation:
    allocation = selectors.gmina_allocation(code, gmina)
    if allocation is None:
        raise Http404(
            _("No allocation of %(code)s has been published for this gmina.") % {"code": code}
        )
    return allocation


def _card_entry(
    request: HttpRequest,
    gmina: Territory,
    allocation: selectors.GminaAllocation,
    population: dict[tuple[int, int], int],
    bound: CardForms,
) -> dict[str, Any]:
    user, code = request.user, allocation.programme.code
    planned = [t for t in allocation.tranches if not t.is_transferred]
    people = population.get((gmina.pk, allocation.run.data_year))
    version = {"lock_version": allocation.result.lock_version}

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
            lambda: AmendmentForm(prefix=f"{code}-amend", initial=version),
            can_amend_allocation(user, gmina),
        ),
        "schedule_form": form(
            "schedule",
            lambda: TrancheScheduleForm(
                prefix=f"{code}-schedule", tranches=allocation.tranches, initial=version
            ),
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
    population = selectors.populations(gmina_ids=[gmina.pk], years=years)
    context = {
        "gmina": gmina,
        "entries": [_card_entry(request, gmina, a, population, bound or {}) for a in allocations],
        "total": sum((a.amount_eur for a in allocations), Decimal(0)) if allocations else None,
        "tranches": [t for a in allocations for t in a.tranches],
        "may_view_runs": can_view_allocation_runs(request.user),
        # What apps above allocations add to the card (contracted and free amounts).
        "sections": card.sections_for(request.user, gmina),
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
        except services.AllocationEditConflict as refusal:
            # The input stays; the card shows the stored values and the next save replaces them.
            show_refusal(form, refusal)
            form.with_version(refusal.current)
        except DomainError as refusal:
            show_refusal(form, refusal)
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
            lock_version=form.cleaned_data["lock_version"],
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
            lock_version=form.cleaned_data["lock_version"],
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
                t.number,
                t.year,
                t.amount_eur,
                t.get_status_display(),
                t.transferred_on,
                t.amount_pln,
                rate(t.rate),
                t.rate_table_no,
                t.rate_table_on,
                t.rate_source,
                t.eur_equivalent,
            ]
            for t in allocation.tranches
        ],
        widths=(8, 8, 16, 14, 14, 16, 14, 18, 14, 10, 16),
    )
    return export_response(table, fmt)
