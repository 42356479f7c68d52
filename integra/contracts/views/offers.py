"""Pages of offers: a provider's user sends one online, the coordinator registers one from
paper; the offer's page with its attachments, the formal check and the committee's scores."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.audit.services import RequestContext
from integra.catalog.models import TargetGroup
from integra.contracts import policies, services
from integra.contracts.forms.offers import (
    CheckForm,
    OfferForm,
    PaperOfferForm,
    ReplacementForm,
    ScoreForm,
    WithdrawForm,
    offer_field,
)
from integra.contracts.models import Offer, ProcurementRound
from integra.contracts.views.shared import attempt, get_offer, get_round
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.forms import show_refusal
from integra.providers.selectors import find_by_identifiers, providers_of_user


def _groups() -> dict[str, Any]:
    return {g.code: g for g in TargetGroup.objects.all()}


def _attach(request: HttpRequest, form: OfferForm, offer: Offer) -> None:
    upload = form.cleaned_data.get("attachment")
    if upload:
        services.add_attachment(
            actor=request.user,  # type: ignore[arg-type]
            offer=offer,
            kind=form.cleaned_data.get("attachment_kind") or "other",
            upload=upload,
            context=RequestContext.of(request),
        )


def _render(
    request: HttpRequest, round_: ProcurementRound, form: OfferForm, paper: bool
) -> HttpResponse:
    return render(
        request, "contracts/offer_form.html", {"round": round_, "form": form, "paper": paper}
    )


def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A provider's user sends an offer for one of the round's services."""
    round_ = get_round(request, pk)
    providers = providers_of_user(request.user)
    if not policies.is_provider_user(request.user) or not providers.exists():
        raise PermissionDenied(str(services.REFUSED["offer"]))
    form = OfferForm(
        request.POST or None,
        request.FILES or None,
        lots=round_.services.all(),
        groups=_groups(),
        providers=providers,
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.submit_offer(
                actor=request.user,  # type: ignore[arg-type]
                round_=round_,
                lot=form.cleaned_data["lot"],
                provider=form.cleaned_data["provider"],
                values=form.values(),
                context=RequestContext.of(request),
            )
            _attach(request, form, offer)
        except DomainError as refusal:
            show_refusal(form, refusal, field_of=offer_field)
        else:
            messages.success(request, _("Your offer has been received."))
            return redirect("contracts:offer-detail", pk=offer.pk)
    return _render(request, round_, form, paper=False)


def offer_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator registers an offer received on paper."""
    round_ = get_round(request, pk)
    if not policies.can_run_round(request.user, round_):
        raise PermissionDenied(str(services.REFUSED["run"]))
    form = PaperOfferForm(
        request.POST or None, request.FILES or None, lots=round_.services.all(), groups=_groups()
    )
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        provider = find_by_identifiers(nip=identifier, regon=identifier, krs=identifier)
        try:
            if provider is None:
                raise RulesBroken(
                    _("The offer was not saved."),
                    [
                        Problem(
                            _("No provider in the register has this NIP, REGON or KRS."),
                            field="identifier",
                        )
                    ],
                )
            offer = services.register_paper_offer(
                actor=request.user,  # type: ignore[arg-type]
                round_=round_,
                lot=form.cleaned_data["lot"],
                provider=provider,
                values=form.values(),
                received_at=form.cleaned_data["received_at"],
                context=RequestContext.of(request),
            )
            _attach(request, form, offer)
        except DomainError as refusal:
            show_refusal(form, refusal, field_of=offer_field)
        else:
            messages.success(request, _("The paper offer is registered."))
            return redirect("contracts:offer-detail", pk=offer.pk)
    return _render(request, round_, form, paper=True)


def _paper_or_online(request: HttpRequest, offer: Offer) -> bool | None:
    """True when the reader registers paper letters for the offer (the coordinator), False
    when they act for its provider online, None when they may not change it."""
    if policies.can_run_round(request.user, offer.round):
        return True
    if policies.can_submit_offer(request.user, offer.round, offer.provider):
        return False
    return None


def _open_to_change(offer: Offer, paper: bool | None) -> bool:
    """Whether a withdrawal or replacement may still arrive: online until the deadline; on
    paper while offers are registered (a letter received by the deadline)."""
    round_ = offer.round
    if paper is None or not offer.is_current:
        return False
    if paper:
        return round_.status in ("published", "offers_closed")
    return round_.status == "published" and timezone.now() <= round_.deadline_at


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer(request, pk)
    round_ = offer.round
    runs = policies.can_run_round(request.user, round_)
    members = round_.committee.filter(impartiality_declared_on__isnull=False)
    context = {
        "offer": offer,
        "round": round_,
        "runs": runs,
        "may_check": runs and round_.status == "offers_closed",
        "may_score": runs and round_.status == "offers_closed" and offer.formally_valid is True,
        "may_sign": (
            policies.can_sign_contract(request.user, round_)
            and offer.status == Offer.Status.SELECTED
            and round_.status == "results_published"
            and not hasattr(offer, "contract")
        ),
        "may_change": _open_to_change(offer, _paper_or_online(request, offer)),
        "check_form": CheckForm(),
        "score_form": ScoreForm(members=members, criteria=list(round_.criteria.all())),
    }
    return render(request, "contracts/offer_detail.html", context)


def _changeable(request: HttpRequest, pk: int) -> tuple[Offer, bool]:
    """The offer (404 outside the reader's sight: another provider's) and whether the reader
    registers on paper; 403 for a reader who may not change it."""
    offer = get_offer(request, pk)
    paper = _paper_or_online(request, offer)
    if paper is None:
        raise PermissionDenied(str(services.REFUSED["offer"]))
    return offer, paper


def offer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Withdraw / replace the offer": withdraw it here, or go on to send a new one in its
    place; until the deadline (the coordinator: a letter received by it)."""
    offer, paper = _changeable(request, pk)
    form = WithdrawForm(
        request.POST or None, paper=paper, initial={"lock_version": offer.lock_version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_offer(
                actor=request.user,  # type: ignore[arg-type]
                offer=offer,
                lock_version=form.cleaned_data["lock_version"],
                received_at=form.cleaned_data.get("received_at"),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The offer is withdrawn; it is kept but not evaluated."))
            return redirect("contracts:offer-detail", pk=offer.pk)
    context = {
        "offer": offer,
        "round": offer.round,
        "form": form,
        "paper": paper,
        "open": _open_to_change(offer, paper),
    }
    return render(request, "contracts/offer_withdraw.html", context)


def offer_replace(request: HttpRequest, pk: int) -> HttpResponse:
    """A new offer in place of this one (same service and provider), prefilled from it."""
    offer, paper = _changeable(request, pk)
    round_ = offer.round
    initial = ReplacementForm.initial_of(offer) | {"lock_version": offer.lock_version}
    form = ReplacementForm(
        request.POST or None,
        request.FILES or None,
        lots=round_.services.all(),
        groups=_groups(),
        paper=paper,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.replace_offer(
                actor=request.user,  # type: ignore[arg-type]
                offer=offer,
                values=form.values(),
                lock_version=form.cleaned_data["lock_version"],
                received_at=form.cleaned_data.get("received_at"),
                context=RequestContext.of(request),
            )
            _attach(request, form, new)
        except DomainError as refusal:
            show_refusal(form, refusal, field_of=offer_field)
        else:
            messages.success(
                request, _("The new offer replaces the earlier one, which is kept as replaced.")
            )
            return redirect("contracts:offer-detail", pk=new.pk)
    context = {
        "round": round_,
        "form": form,
        "paper": paper,
        "replacing": offer,
        "open": _open_to_change(offer, paper),
    }
    return render(request, "contracts/offer_form.html", context)


@require_POST
def offer_check(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer(request, pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the result of the formal check."))
    else:
        attempt(
            request,
            lambda: services.check_offer(
                actor=request.user,  # type: ignore[arg-type]
                offer=offer,
                valid=form.cleaned_data["valid"],
                reasons=form.cleaned_data["reasons"],
                context=RequestContext.of(request),
            ),
            _("The formal check is recorded."),
        )
    return redirect("contracts:offer-detail", pk=pk)


@require_POST
def offer_score(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer(request, pk)
    round_ = offer.round
    form = ScoreForm(
        request.POST, members=round_.committee.all(), criteria=list(round_.criteria.all())
    )
    if not form.is_valid():
        messages.error(request, _("Give each criterion 0 to 10 points."))
    else:
        attempt(
            request,
            lambda: services.score_offer(
                actor=request.user,  # type: ignore[arg-type]
                offer=offer,
                member=form.cleaned_data["member"],
                points=form.points(),
                context=RequestContext.of(request),
            ),
            _("The scores are saved."),
        )
    return redirect("contracts:offer-detail", pk=pk)


def attachment_download(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """An offer's attachment, for whoever sees the offer (never served from storage directly)."""
    offer = get_offer(request, pk)
    found = next((a for a in offer.attachments.all() if a.pk == attachment), None)
    if found is None:
        raise Http404(_("No such attachment."))
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )
