"""Pages of the good practices inside Integra: the list (with its exports), a proposal by the
gmina, the consultant's edit, photos, and the ministry's decision. The public library is in
dashboards (`/public/practices/`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import export_response
from integra.core.forms import show_refusal
from integra.outreach import exports, selectors, services
from integra.outreach.forms.practices import (
    DecisionForm,
    PhotoForm,
    PracticeFilterForm,
    PracticeForm,
)
from integra.outreach.models import GoodPractice, PracticePhoto
from integra.outreach.models.practices import WORKFLOW
from integra.outreach.policies import (
    can_add_practice_photo,
    can_decide_practice,
    can_edit_practice,
    can_open_practices,
)

PAGE_SIZE = 50


def _require_opener(request: HttpRequest) -> None:
    if not can_open_practices(request.user):
        raise PermissionDenied(_("Only users with a role in the programme see this register."))


def _practice(request: HttpRequest, pk: int) -> GoodPractice:
    _require_opener(request)
    try:
        return selectors.get_practice(user=request.user, practice_id=pk)
    except GoodPractice.DoesNotExist as exc:
        raise Http404(_("No such good practice.")) from exc


def _filtered(request: HttpRequest) -> tuple[PracticeFilterForm, QuerySet[GoodPractice]]:
    """The list's filter and what it selects: the page and its exports share them."""
    _require_opener(request)
    form = PracticeFilterForm(request.GET or None)
    return form, selectors.list_practices(user=request.user, **form.selection())


def practice_list(request: HttpRequest) -> HttpResponse:
    form, practices = _filtered(request)
    context = {
        "form": form,
        "page": Paginator(practices, PAGE_SIZE).get_page(request.GET.get("page")),
        "may_create": selectors.proposer_units(request.user).exists(),
    }
    return render(request, "outreach/practice_list.html", context)


def practice_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, practices = _filtered(request)
    return export_response(exports.practices_table(practices), fmt)


def _evidence(form_kwargs: dict[str, Any], gmina: Any) -> dict[str, Any]:
    if gmina is not None:
        form_kwargs["contracts"] = selectors.evidence_contracts(gmina=gmina)
        form_kwargs["reports"] = selectors.evidence_reports(gmina=gmina)
    return form_kwargs


def practice_create(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    gminas = selectors.proposer_units(request.user)
    if not gminas.exists():
        raise PermissionDenied(_("Only the gmina's coordinator proposes its good practices."))
    # One gmina (the usual case): its contracts and reports are offered as evidence at once.
    only = gminas.first() if gminas.count() == 1 else None
    form = PracticeForm(
        request.POST or None,
        request.FILES or None,
        **_evidence({"gminas": gminas, "initial": {"gmina": only}}, only),
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.propose_practice(
                actor=request.user,
                programme=form.cleaned_data["programme"],
                gmina=form.cleaned_data["gmina"],
                values=form.values(),
                context=RequestContext.of(request),
                **form.relations(),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The practice has been proposed to the region."))
            return redirect("outreach:practice-detail", pk=practice.pk)
    return render(request, "outreach/practice_form.html", {"form": form, "practice": None})


def practice_detail(request: HttpRequest, pk: int, **forms_given: Any) -> HttpResponse:
    practice = _practice(request, pk)
    user = request.user
    may_decide = can_decide_practice(user, practice) and WORKFLOW.allows(practice, "publish")
    may_photo = can_add_practice_photo(user, practice) and WORKFLOW.allows(practice, "add_photo")
    context = {
        "practice": practice,
        "may_edit": can_edit_practice(user, practice) and WORKFLOW.allows(practice, "edit"),
        "photo_form": forms_given.get("photo_form")
        or (PhotoForm(prefix="ph") if may_photo else None),
        "decision_form": forms_given.get("decision_form")
        or (DecisionForm(prefix="dc") if may_decide else None),
    }
    return render(request, "outreach/practice_detail.html", context)


def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    if not can_edit_practice(request.user, practice):
        raise PermissionDenied(_("Only the regional consultant edits a proposed practice."))
    initial = {
        "title": practice.title,
        "service_type": practice.service_type,
        "groups": list(practice.groups.all()),
        "what_was_done": practice.what_was_done,
        "results": practice.results,
        "people_reached": practice.people_reached,
        "contact_office": practice.contact_office,
        "contact_email": practice.contact_email,
        "contact_phone": practice.contact_phone,
        "contracts": list(practice.contracts.all()),
        "reports": list(practice.reports.all()),
        "lock_version": practice.lock_version,
    }
    form = PracticeForm(
        request.POST or None, **_evidence({"initial": initial, "editing": True}, practice.gmina)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_practice(
                actor=request.user,
                practice=practice,
                lock_version=form.cleaned_data.get("lock_version") or 0,
                values=form.values(),
                context=RequestContext.of(request),
                **form.relations(),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The practice has been saved."))
            return redirect("outreach:practice-detail", pk=pk)
    return render(request, "outreach/practice_form.html", {"form": form, "practice": practice})


@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    if not can_add_practice_photo(request.user, practice):
        raise PermissionDenied(
            _("Only the gmina's coordinator or the regional consultant adds photos.")
        )
    form = PhotoForm(request.POST, request.FILES, prefix="ph")
    if form.is_valid():
        try:
            services.add_practice_photo(
                actor=request.user,
                practice=practice,
                upload=form.cleaned_data["file"],
                alt_text=form.cleaned_data["alt_text"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect("outreach:practice-detail", pk=pk)
    return practice_detail(request, pk, photo_form=form)


@require_POST
def practice_decide(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    practice = _practice(request, pk)
    if not can_decide_practice(request.user, practice):
        raise PermissionDenied(_("Only the ministry publishes or rejects good practices."))
    form = DecisionForm(request.POST, prefix="dc")
    if form.is_valid():
        decide = services.publish_practice if verb == "publish" else services.reject_practice
        try:
            decide(
                actor=request.user,
                practice=practice,
                note=form.cleaned_data["note"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            if verb == "publish":
                messages.success(request, _("The practice has been published."))
            else:
                messages.success(request, _("The practice has been rejected."))
            return redirect("outreach:practice-detail", pk=pk)
    return practice_detail(request, pk, decision_form=form)


@require_POST
def practice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return practice_decide(request, pk, "publish")


@require_POST
def practice_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return practice_decide(request, pk, "reject")


@login_not_required
def photo_download(request: HttpRequest, pk: int) -> FileResponse:
    """A photo of a published practice for anyone; of another for those who see it."""
    try:
        photo = selectors.get_photo(user=request.user, photo_id=pk)
    except PracticePhoto.DoesNotExist as exc:
        raise Http404(_("No such photo.")) from exc
    name = (photo.file.name or "").rsplit("/", 1)[-1]
    response = FileResponse(photo.file.open("rb"), filename=name)
    if photo.practice.status == GoodPractice.Status.PUBLISHED:
        response["Cache-Control"] = "public, max-age=3600"
    else:
        response["Cache-Control"] = "private, no-store"
    return response
