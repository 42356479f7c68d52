"""Pages of the providers' register: the list with filters and exports, a provider's card, and
the forms that register, edit, merge and invite a provider user."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import Table, export_response
from integra.core.roles import MINISTRY_ROLES, REGIONAL_ROLES
from integra.providers import selectors, services
from integra.providers.forms import InviteForm, MergeForm, ProviderFilterForm, ProviderForm
from integra.providers.models import Provider
from integra.providers.policies import (
    can_create_any_provider,
    can_edit_provider,
    can_invite_member,
    can_merge_providers,
    can_open_providers,
    can_view_details,
)

PAGE_SIZE = 50


def _require_opener(request: HttpRequest) -> None:
    if not can_open_providers(request.user):
        raise PermissionDenied(_("Only users with a role in the programme see the providers."))


def _get(request: HttpRequest, pk: int) -> Provider:
    _require_opener(request)
    try:
        return selectors.get_provider(user=request.user, provider_id=pk)
    except Provider.DoesNotExist as exc:
        raise Http404(_("No such provider.")) from exc


def _filtered(request: HttpRequest) -> tuple[ProviderFilterForm, Any]:
    form = ProviderFilterForm(request.GET or None)
    return form, selectors.list_providers(user=request.user, **form.selection())


def provider_list(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    form, providers = _filtered(request)
    context = {
        "form": form,
        "page": Paginator(providers, PAGE_SIZE).get_page(request.GET.get("page")),
        "may_create": can_create_any_provider(request.user),
    }
    return render(request, "providers/provider_list.html", context)


def provider_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every provider of the list's current search (all pages), with the list's columns."""
    _require_opener(request)
    _form, providers = _filtered(request)
    table = Table(
        name="uslugodawcy",
        title=_("Service providers"),
        header=[
            _("Number"),
            _("Name"),
            _("Kind"),
            _("NIP"),
            _("REGON"),
            _("KRS"),
            _("Town"),
            _("Gmina of the seat"),
            _("TERYT"),
        ],
        rows=(
            [
                provider.pk,
                provider.name,
                str(provider.get_kind_display()),
                provider.nip,
                provider.regon,
                provider.krs,
                provider.city,
                provider.seat_gmina.name,
                provider.seat_gmina.teryt,
            ]
            for provider in providers.iterator(chunk_size=2000)
        ),
        widths=(10, 48, 30, 14, 16, 14, 24, 24, 10),
    )
    return export_response(table, fmt)


def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _get(request, pk)
    if provider.merged_into_id:
        messages.info(request, _("This provider was merged into the one shown here."))
        return redirect("providers:provider-detail", pk=provider.merged_into_id)
    user = request.user
    context = {
        "provider": provider,
        "may_see_details": can_view_details(user, provider),
        "pesel": selectors.pesel_shown(user=user, provider=provider),
        "members": selectors.members_of(user=user, provider=provider),
        "may_edit": can_edit_provider(user, provider),
        "may_invite": can_invite_member(user, provider),
        "may_merge": can_merge_providers(user),
        # Its contracts across gminas: for the ministry and the regions (filled by contracts).
        "shows_contracts": bool(
            getattr(user, "is_authenticated", False)
            and user.scope_prefixes(MINISTRY_ROLES | REGIONAL_ROLES)
        ),
    }
    if context["shows_contracts"]:
        context["contracts"] = selectors.contracts_of(user=user, provider=provider)
    return render(request, "providers/provider_detail.html", context)


def _refused(form: ProviderForm, refusal: DomainError) -> Provider | None:
    """Show the refusal on the form; the existing provider when it was a twin."""
    if isinstance(refusal, services.ProviderEditConflict):
        form.with_version(refusal.current)
    form.refuse(refusal)
    return refusal.existing if isinstance(refusal, services.DuplicateProvider) else None


def provider_create(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    services.require_creator(request.user)
    form = ProviderForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.create_provider(
                actor=request.user,
                values=form.values(),
                seat_gmina=form.cleaned_data["seat_gmina"],
                brought_by=selectors.home_gmina(request.user),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            existing = _refused(form, refusal)
        else:
            messages.success(request, _("The provider %s has been registered.") % provider.name)
            return redirect("providers:provider-detail", pk=provider.pk)
    context = {"form": form, "provider": None, "existing": existing}
    return render(request, "providers/provider_form.html", context)


def provider_edit(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _get(request, pk)
    if not can_edit_provider(request.user, provider):
        raise PermissionDenied(_("You may not edit this provider."))
    hint = provider.pesel_masked() if provider.has_pesel else ""
    form = ProviderForm(request.POST or None, provider=provider, pesel_hint=hint)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_provider(
                actor=request.user,
                provider=provider,
                values=form.values(),
                seat_gmina=form.cleaned_data["seat_gmina"],
                lock_version=form.cleaned_data["lock_version"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            existing = _refused(form, refusal)
        else:
            messages.success(request, _("The provider %s has been saved.") % provider.name)
            return redirect("providers:provider-detail", pk=provider.pk)
    context = {"form": form, "provider": provider, "existing": existing}
    return render(request, "providers/provider_form.html", context)


def provider_merge(request: HttpRequest, pk: int) -> HttpResponse:
    keep = _get(request, pk)
    if not can_merge_providers(request.user):
        raise PermissionDenied(_("Only a ministry administrator merges providers."))
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            absorb = selectors.get_provider(
                user=request.user, provider_id=form.cleaned_data["absorb"]
            )
            services.merge_providers(
                actor=request.user, keep=keep, absorb=absorb, context=RequestContext.of(request)
            )
        except Provider.DoesNotExist:
            form.add_error("absorb", _("No provider has this number."))
        except DomainError as refusal:
            form.add_error("absorb", refusal.message)
        else:
            messages.success(
                request,
                _("%(absorbed)s has been merged into %(kept)s.")
                % {"absorbed": absorb.name, "kept": keep.name},
            )
            return redirect("providers:provider-detail", pk=keep.pk)
    return render(request, "providers/provider_merge.html", {"form": form, "provider": keep})


def provider_invite(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _get(request, pk)
    if not can_invite_member(request.user, provider):
        raise PermissionDenied(_("You may not invite users for this provider."))
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invite_provider_user(
                actor=request.user,
                provider=provider,
                invitation=services.MemberInvitation(
                    username=data["username"],
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                ),
                site_url=request.build_absolute_uri("/"),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            form.refuse(refusal)
        else:
            messages.success(
                request,
                _("%(user)s has been invited to act for %(provider)s; the e-mail is on its way.")
                % {"user": user.username, "provider": provider.name},
            )
            return redirect("providers:provider-detail", pk=provider.pk)
    return render(request, "providers/provider_invite.html", {"form": form, "provider": provider})
