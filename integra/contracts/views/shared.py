"""What the procurement pages share: reading an object or answering 404, and a refusal shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from integra.contracts import selectors
from integra.contracts.models import Offer, ProcurementRound
from integra.contracts.policies import can_open_procurement
from integra.core.errors import DomainError


def require_opener(request: HttpRequest) -> None:
    if not can_open_procurement(request.user):
        raise PermissionDenied(_("Your role does not give access to procurement."))


def get_round(request: HttpRequest, pk: int) -> ProcurementRound:
    require_opener(request)
    try:
        return selectors.get_round(user=request.user, round_id=pk)
    except ProcurementRound.DoesNotExist as exc:
        raise Http404(_("No such procurement round.")) from exc


def get_offer(request: HttpRequest, pk: int) -> Offer:
    require_opener(request)
    try:
        return selectors.get_offer(user=request.user, offer_id=pk)
    except Offer.DoesNotExist as exc:
        raise Http404(_("No such offer.")) from exc


def pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def attempt(request: HttpRequest, call: Callable[[], Any], done: str) -> bool:
    """Run a service call; a success message, or the refusal's message; True when it landed."""
    try:
        call()
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return False
    messages.success(request, done)
    return True
