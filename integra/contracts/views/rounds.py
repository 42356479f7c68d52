"""Pages of a procurement round for the gmina and the region: the list, building and editing
the invitation, the round's page with its steps (publish, attendance, close, committee,
evaluation, results, cancel, repeat) and the protocol."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.action_plans.selectors import plans_with_approved_version
from integra.audit.services import RequestContext
from integra.contracts import exports, policies, selectors, services
from integra.contracts.forms.rounds import (
    AttendanceForm,
    CancelForm,
    CommitteeForm,
    DeclarationForm,
    PlanChoiceForm,
    RoundForm,
    round_field,
)
from integra.contracts.models import ProcurementRound
from integra.contracts.services import ROUND_WORKFLOW
from integra.contracts.services.evaluation import failed_lots
from integra.contracts.views.shared import attempt, get_round, pdf_response, require_opener
from integra.core.errors import DomainError
from integra.core.forms import show_refusal
from integra.core.roles import Role
from integra.providers.selectors import find_by_identifiers

PAGE_SIZE = 50


def round_list(request: HttpRequest) -> HttpResponse:
    require_opener(request)
    status = request.GET.get("status", "")
    status = status if status in ProcurementRound.Status.values else ""
    rounds = selectors.list_rounds(user=request.user, status=status or None)
    context = {
        "page": Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page")),
        "statuses": ProcurementRound.Status.choices,
        "status": status,
        "may_build": bool(request.user.scope_prefixes({Role.GMINA_COORDINATOR})),  # type: ignore[union-attr]
    }
    return render(request, "contracts/round_list.html", context)


def _plans(request: HttpRequest) -> Any:
    prefixes = request.user.scope_prefixes(policies.RUNNERS)  # type: ignore[union-attr]
    if not prefixes:
        raise PermissionDenied(str(services.REFUSED["run"]))
    return plans_with_approved_version(prefixes)


def round_create(request: HttpRequest) -> HttpResponse:
    """Choose the plan (GET ?plan=), then write the invitation for services of its approved
    version."""
    plans = _plans(request)
    chooser = PlanChoiceForm(request.GET or None, plans=plans)
    if not chooser.is_valid():
        return render(request, "contracts/round_plan.html", {"chooser": chooser, "plans": plans})
    plan = chooser.cleaned_data["plan"]
    budgets = selectors.service_budgets(plan)
    form = RoundForm(request.POST or None, budgets=budgets)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.build_round(
                actor=request.user,  # type: ignore[arg-type]
                plan=plan,
                values=form.values(),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal, field_of=round_field)
        else:
            messages.success(request, _("The round is saved as planned; publish it when ready."))
            return redirect("contracts:round-detail", pk=round_.pk)
    context = {"form": form, "plan": plan, "budgets": budgets}
    return render(request, "contracts/round_form.html", context)


def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round(request, pk)
    if not policies.can_run_round(request.user, round_):
        raise PermissionDenied(str(services.REFUSED["run"]))
    budgets = selectors.service_budgets(round_.plan)
    data = request.POST if request.method == "POST" else None
    form = RoundForm(data, budgets=budgets, initial=RoundForm.initial_of(round_))
    if data is not None and form.is_valid():
        try:
            services.update_round(
                actor=request.user,  # type: ignore[arg-type]
                round_=round_,
                values=form.values(),
                lock_version=int(request.POST.get("lock_version") or 0),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal, field_of=round_field)
        else:
            messages.success(request, _("The invitation is saved."))
            return redirect("contracts:round-detail", pk=round_.pk)
    context = {"form": form, "plan": round_.plan, "budgets": budgets, "round": round_}
    return render(request, "contracts/round_form.html", context)


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round(request, pk)
    user = request.user
    runs = policies.can_run_round(user, round_)
    allowed = set(ROUND_WORKFLOW.actions_from(round_.status)) if runs else set()
    context = {
        "round": round_,
        "offers": selectors.offers_of(user=user, round_=round_),
        "runs": runs,
        "allowed": allowed,
        "may_offer": round_.status == "published" and policies.is_provider_user(user),
        "failed": failed_lots(round_)
        if round_.status in ("results_published", "cancelled")
        else [],
        "contracts": selectors.contracts_of_round(user=user, round_=round_),
        "attendance_form": AttendanceForm(),
        "cancel_form": CancelForm(),
        "committee_form": CommitteeForm(
            initial={"members": "\n".join(f"{m.name}; {m.role}" for m in round_.committee.all())}
        ),
        "declaration_form": DeclarationForm(),
    }
    return render(request, "contracts/round_detail.html", context)


def _step(request: HttpRequest, pk: int, call: Any, done: str) -> HttpResponse:
    round_ = get_round(request, pk)
    attempt(
        request,
        lambda: call(actor=request.user, round_=round_, context=RequestContext.of(request)),
        done,
    )
    return redirect("contracts:round-detail", pk=pk)


@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.publish_round, _("The invitation is published."))


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.close_offers, _("Offers are closed."))


@require_POST
def round_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, services.evaluate_round, _("The offers are ranked and the best selected.")
    )


@require_POST
def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.publish_results, _("The results are published."))


@require_POST
def round_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the round is cancelled."))
    else:
        attempt(
            request,
            lambda: services.cancel_round(
                actor=request.user,  # type: ignore[arg-type]
                round_=round_,
                reason=form.cleaned_data["reason"],
                context=RequestContext.of(request),
            ),
            _("The round is cancelled."),
        )
    return redirect("contracts:round-detail", pk=pk)


def round_repeat(request: HttpRequest, pk: int) -> HttpResponse:
    """A new round for the same plan, its form filled from the repeated one."""
    source = get_round(request, pk)
    if not policies.can_run_round(request.user, source):
        raise PermissionDenied(str(services.REFUSED["run"]))
    budgets = selectors.service_budgets(source.plan)
    initial = RoundForm.initial_of(source) | {"deadline_at": None, "meeting_at": None}
    form = RoundForm(request.POST or None, budgets=budgets, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.repeat_round(
                actor=request.user,  # type: ignore[arg-type]
                round_=source,
                values=form.values(),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal, field_of=round_field)
        else:
            messages.success(request, _("The repeated round is saved as planned."))
            return redirect("contracts:round-detail", pk=round_.pk)
    context = {"form": form, "plan": source.plan, "budgets": budgets, "repeats": source}
    return render(request, "contracts/round_form.html", context)


@require_POST
def round_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round(request, pk)
    form = AttendanceForm(request.POST)
    provider = None
    if form.is_valid():
        identifier = form.cleaned_data["identifier"]
        provider = find_by_identifiers(nip=identifier, regon=identifier, krs=identifier)
    if provider is None:
        messages.error(
            request, _("No provider in the register has this NIP, REGON or KRS; register it first.")
        )
    else:
        attempt(
            request,
            lambda: services.record_attendance(
                actor=request.user,  # type: ignore[arg-type]
                round_=round_,
                provider=provider,
                representative=form.cleaned_data["representative"],
                context=RequestContext.of(request),
            ),
            _("%(name)s is recorded as present.") % {"name": provider.name},
        )
    return redirect("contracts:round-detail", pk=pk)


@require_POST
def round_committee(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round(request, pk)
    form = CommitteeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        attempt(
            request,
            lambda: services.set_committee(
                actor=request.user,  # type: ignore[arg-type]
                round_=round_,
                members=form.cleaned_data["members"],
                context=RequestContext.of(request),
            ),
            _("The committee is saved."),
        )
    return redirect("contracts:round-detail", pk=pk)


@require_POST
def member_declaration(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    round_ = get_round(request, pk)
    found = next((m for m in round_.committee.all() if m.pk == member), None)
    if found is None:
        raise Http404(_("No such committee member."))
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of the declaration."))
    else:
        attempt(
            request,
            lambda: services.declare_impartiality(
                actor=request.user,  # type: ignore[arg-type]
                member=found,
                declared_on=form.cleaned_data["declared_on"],
                context=RequestContext.of(request),
            ),
            _("The declaration of %(name)s is recorded.") % {"name": found.name},
        )
    return redirect("contracts:round-detail", pk=pk)


def round_protocol(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's protocol, once the round is evaluated (for those who see the round's
    offers in full: the gmina, the region, the ministry)."""
    round_ = get_round(request, pk)
    if not policies.can_view_procurement_at(request.user, round_.gmina.teryt):
        raise Http404(_("No such procurement round."))
    if round_.status not in ("evaluated", "results_published"):
        raise Http404(_("The protocol exists once the round is evaluated."))
    return pdf_response(exports.protocol_pdf(round_), exports.file_name(round_, "protokol"))
