"""The public pages of procurement (no sign-in): published invitations, their PDF, and the
results once published."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from integra.contracts import exports, selectors
from integra.contracts.models import ProcurementRound
from integra.contracts.views.shared import pdf_response


def _public(pk: int) -> ProcurementRound:
    try:
        return selectors.get_public_round(round_id=pk)
    except ProcurementRound.DoesNotExist as exc:
        raise Http404(_("No such published invitation.")) from exc


@login_not_required
def public_round_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.list_public_rounds(), 50).get_page(request.GET.get("page"))
    return render(request, "contracts/public_round_list.html", {"page": page})


@login_not_required
def public_round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _public(pk)
    published = round_.status == ProcurementRound.Status.RESULTS_PUBLISHED
    context = {"round": round_, "results": selectors.results_of(round_) if published else []}
    return render(request, "contracts/public_round_detail.html", context)


@login_not_required
def public_round_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _public(pk)
    return pdf_response(exports.invitation_pdf(round_), exports.file_name(round_, "zaproszenie"))
