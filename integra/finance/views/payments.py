"""Payments to providers: the list with its filters and export (the queue to approve on top),
a contract's payments (record a payment with its invoice in one form; the next step offered to
another finance user), the decisions on a payment, refunds and returns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.audit.services import RequestContext
from integra.contracts.models import Contract
from integra.contracts.services.contracts import advance_percent
from integra.core.errors import DomainError
from integra.core.exports import export_response
from integra.core.forms import show_refusal
from integra.finance import exports, selectors
from integra.finance.forms import (
    ApproveForm,
    PaidForm,
    PaymentForm,
    PaymentRejectForm,
    RefundForm,
)
from integra.finance.models import PAYMENT_WORKFLOW, Payment, Refund
from integra.finance.policies import (
    can_approve_payment,
    can_open_payments,
    can_record_payment,
    can_record_refund,
)
from integra.finance.services import payments as services
from integra.territories.models import Territory


def _require_payments(request: HttpRequest) -> None:
    if not can_open_payments(request.user):
        raise PermissionDenied(_("Only users of the programme with a role see payments."))


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        "status": request.GET.get("status", "")[:10],
        "kind": request.GET.get("kind", "")[:10],
        "teryt": "".join(ch for ch in request.GET.get("teryt", "") if ch.isdigit())[:7],
    }


def _filtered(request: HttpRequest) -> Any:
    chosen = _filters(request)
    return selectors.list_payments(
        user=request.user,
        status=chosen["status"] or None,
        kind=chosen["kind"] or None,
        teryt=chosen["teryt"] or None,
    )


def payment_list(request: HttpRequest) -> HttpResponse:
    """Every payment the user may see, filtered; the payments waiting for the user's decision
    on top."""
    _require_payments(request)
    return render(
        request,
        "finance/payments.html",
        {
            "queue": [
                _queue_row(request, payment)
                for payment in selectors.payments_to_approve(user=request.user)[:100]
            ],
            "rows": _filtered(request)[:200],
            "filters": _filters(request),
            "statuses": Payment.Status.choices,
            "kinds": Payment.Kind.choices,
            "query": request.GET.urlencode(),
        },
    )


def _queue_row(request: HttpRequest, payment: Payment, form: Any = None) -> dict[str, Any]:
    """A payment of the queue with the decisions it offers the user in place (approve, with
    the day paid or without; record as paid); rejecting needs its reason: the contract's page."""
    may_decide = can_approve_payment(request.user, payment)
    return {
        "payment": payment,
        "may_approve": may_decide and PAYMENT_WORKFLOW.allows(payment, "approve"),
        "may_pay": may_decide and PAYMENT_WORKFLOW.allows(payment, "pay"),
        "approve_form": form
        if isinstance(form, ApproveForm)
        else ApproveForm(prefix=f"a{payment.pk}"),
        "paid_form": form if isinstance(form, PaidForm) else PaidForm(prefix=f"p{payment.pk}"),
    }


def _queue_fragment(request: HttpRequest, pk: int, note: str, form: Any = None) -> HttpResponse:
    """htmx: the decided payment's item of the queue, swapped in place, with the note for the
    live region (200 also for a refusal: htmx swaps only successful answers)."""
    payment = _payment(request, pk)
    response = render(
        request,
        "finance/_queue_item.html",
        {"row": _queue_row(request, payment, form), "note": note, "focus": True},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def payment_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list as shown (its filters), as CSV or XLSX."""
    _require_payments(request)
    return export_response(exports.payments_table(list(_filtered(request))), fmt)


def _contract(request: HttpRequest, pk: int) -> Contract:
    try:
        return selectors.contract_for_payments(user=request.user, pk=pk)
    except Contract.DoesNotExist as exc:
        raise Http404(_("No such contract.")) from exc


def _payment(request: HttpRequest, pk: int) -> Payment:
    try:
        return selectors.payment_for(user=request.user, pk=pk)
    except Payment.DoesNotExist as exc:
        raise Http404(_("No such payment.")) from exc


def _instalments(contract: Contract) -> list[Any]:
    return list(contract.instalments.filter(is_advance=False).order_by("number"))


def _contract_context(
    request: HttpRequest,
    contract: Contract,
    form: PaymentForm | None = None,
    refund_form: RefundForm | None = None,
    decisions: dict[tuple[str, int], Any] | None = None,
) -> dict[str, Any]:
    decisions = decisions or {}
    rows = []
    for payment in selectors.list_payments(user=request.user, contract=contract).prefetch_related(
        "parts__invoice"
    ):
        may_decide = can_approve_payment(request.user, payment)
        rows.append(
            {
                "payment": payment,
                "may_approve": may_decide and PAYMENT_WORKFLOW.allows(payment, "approve"),
                "may_pay": may_decide and PAYMENT_WORKFLOW.allows(payment, "pay"),
                "may_reject": may_decide and PAYMENT_WORKFLOW.allows(payment, "reject"),
                "waits_for_other": not may_decide
                and payment.status == Payment.Status.RECORDED
                and payment.recorded_by_id == request.user.pk,
                "approve_form": decisions.get(("approve", payment.pk))
                or ApproveForm(prefix=f"a{payment.pk}"),
                "paid_form": decisions.get(("pay", payment.pk))
                or PaidForm(prefix=f"p{payment.pk}"),
                "reject_form": decisions.get(("reject", payment.pk))
                or PaymentRejectForm(prefix=f"r{payment.pk}"),
            }
        )
    may_record = can_record_payment(request.user, contract.gmina)
    return {
        "contract": contract,
        "money": selectors.contract_money(contract, advance_percent(contract.programme)),
        "rows": rows,
        "invoices": selectors.list_invoices(user=request.user, contract=contract),
        "refunds": Refund.objects.filter(contract=contract).order_by("-received_on", "-pk"),
        "may_record": may_record,
        "may_refund": can_record_refund(request.user, contract.gmina),
        "form": form or PaymentForm(instalments=_instalments(contract)),
        "refund_form": refund_form or RefundForm(prefix="refund"),
    }


def contract_payments(request: HttpRequest, pk: int) -> HttpResponse:
    """A contract's payments: its money, payments and invoices, refunds; the form to record a
    payment with its invoice (POST here)."""
    contract = _contract(request, pk)
    form = None
    if request.method == "POST":
        form = PaymentForm(request.POST, instalments=_instalments(contract))
        if form.is_valid():
            try:
                payment = services.record_payment(
                    actor=request.user,
                    contract=contract,
                    data=form.payment_input(),
                    context=RequestContext.of(request),
                )
            except DomainError as refusal:
                show_refusal(form, refusal)
            else:
                messages.success(
                    request,
                    _(
                        "The payment of %(amount)s PLN was recorded. Another finance user "
                        "approves it now."
                    )
                    % {"amount": payment.amount_pln},
                )
                return redirect("finance:contract-payments", pk=contract.pk)
    return render(
        request, "finance/payment_contract.html", _contract_context(request, contract, form)
    )


def payment_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx, while the payment form is filled in: what would be left of the contract and of the
    invoice's eligible part after the payment as typed so far (the service judges on submit)."""
    contract = _contract(request, pk)
    if not can_record_payment(request.user, contract.gmina):
        raise PermissionDenied(_("You may not record payments of this gmina."))
    form = PaymentForm(request.GET, instalments=_instalments(contract))
    form.is_valid()
    typed = form.cleaned_data
    amount = typed.get("amount_pln")
    money = selectors.contract_money(contract, advance_percent(contract.programme))
    eligible = typed.get("invoice_eligible_pln")
    if eligible is None:
        eligible = typed.get("invoice_amount_pln")
    context = {
        "amount": amount,
        "left": money.left_pln - amount if amount is not None else None,
        "over": amount is not None and amount > money.left_pln,
        "left_pln": money.left_pln,
        "invoice_left": eligible - amount if amount is not None and eligible is not None else None,
    }
    response = render(request, "finance/_payment_preview.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _back(payment: Payment) -> HttpResponse:
    return redirect("finance:contract-payments", pk=payment.contract_id)


def _decide(
    request: HttpRequest, pk: int, action: str, form_class: Any, prefix: str, call: Any
) -> HttpResponse:
    payment = _payment(request, pk)
    form = form_class(request.POST, prefix=f"{prefix}{payment.pk}")
    in_queue = bool(request.htmx) and request.POST.get("from") == "queue"
    if form.is_valid():
        try:
            done = call(payment, form.cleaned_data)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            if in_queue:
                return _queue_fragment(request, pk, done)
            messages.success(request, done)
            return _back(payment)
    if in_queue:
        return _queue_fragment(request, pk, _("The decision was not recorded."), form)
    context = _contract_context(request, payment.contract, decisions={(action, payment.pk): form})
    return render(request, "finance/payment_contract.html", context, status=422)


def _forbidden_or(request: HttpRequest, payment_pk: int) -> None:
    payment = _payment(request, payment_pk)
    if not can_approve_payment(request.user, payment):
        raise PermissionDenied(_("You may not decide on this payment."))


@require_POST
def payment_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _forbidden_or(request, pk)

    def call(payment: Payment, data: dict[str, Any]) -> str:
        services.approve_payment(
            actor=request.user,
            payment=payment,
            paid_on=data.get("paid_on"),
            context=RequestContext.of(request),
        )
        return _("The payment was approved.")

    return _decide(request, pk, "approve", ApproveForm, "a", call)


@require_POST
def payment_paid(request: HttpRequest, pk: int) -> HttpResponse:
    _forbidden_or(request, pk)

    def call(payment: Payment, data: dict[str, Any]) -> str:
        services.pay_payment(
            actor=request.user,
            payment=payment,
            paid_on=data["paid_on"],
            context=RequestContext.of(request),
        )
        return _("The payment was recorded as paid and posted to the ledger.")

    return _decide(request, pk, "pay", PaidForm, "p", call)


@require_POST
def payment_reject(request: HttpRequest, pk: int) -> HttpResponse:
    _forbidden_or(request, pk)

    def call(payment: Payment, data: dict[str, Any]) -> str:
        services.reject_payment(
            actor=request.user,
            payment=payment,
            comment=data["comment"],
            context=RequestContext.of(request),
        )
        return _("The payment was rejected.")

    return _decide(request, pk, "reject", PaymentRejectForm, "r", call)


@require_POST
def contract_refund(request: HttpRequest, pk: int) -> HttpResponse:
    """A refund from the contract's provider."""
    contract = _contract(request, pk)
    if not can_record_refund(request.user, contract.gmina):
        raise PermissionDenied(_("You may not record refunds of this gmina."))
    form = RefundForm(request.POST, prefix="refund")
    if form.is_valid():
        try:
            services.record_provider_refund(
                actor=request.user,
                contract=contract,
                amount_pln=form.cleaned_data["amount_pln"],
                received_on=form.cleaned_data["received_on"],
                reason=form.cleaned_data["reason"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The refund was recorded and posted to the ledger."))
            return redirect("finance:contract-payments", pk=contract.pk)
    context = _contract_context(request, contract, refund_form=form)
    return render(request, "finance/payment_contract.html", context, status=422)


def _returning_gminas(request: HttpRequest) -> list[Territory]:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    from integra.core.roles import Role

    prefixes = user.scope_prefixes({Role.GMINA_COORDINATOR})  # type: ignore[union-attr]
    gminas = Territory.objects.filter(level=Territory.Level.GMINA, teryt__in=list(prefixes))
    return [g for g in gminas.order_by("teryt") if can_record_refund(user, g)]


def payment_refunds(request: HttpRequest) -> HttpResponse:
    """Refunds from providers and returns of unspent money; a gmina's coordinator records the
    gmina's return here (POST)."""
    _require_payments(request)
    gminas = _returning_gminas(request)
    form = RefundForm(request.POST or None, prefix="return")
    if request.method == "POST":
        chosen = next((g for g in gminas if g.teryt == request.POST.get("gmina")), None)
        programme = selectors.finance_programme(None)
        if chosen is None or programme is None:
            raise PermissionDenied(_("You may not record a return of this gmina."))
        if form.is_valid():
            try:
                services.record_gmina_return(
                    actor=request.user,
                    programme=programme,
                    gmina=chosen,
                    amount_pln=form.cleaned_data["amount_pln"],
                    received_on=form.cleaned_data["received_on"],
                    reason=form.cleaned_data["reason"],
                    context=RequestContext.of(request),
                )
            except DomainError as refusal:
                show_refusal(form, refusal)
            else:
                messages.success(request, _("The return was recorded and posted to the ledger."))
                return redirect("finance:refunds")
    return render(
        request,
        "finance/payment_refunds.html",
        {
            "rows": selectors.list_refunds(user=request.user)[:200],
            "gminas": gminas,
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )
