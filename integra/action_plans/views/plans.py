"""Pages of Action Plans: the list and its export, one plan with its versions and the start of
an update, and the region's review queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.action_plans import forms, selectors, services
from integra.action_plans.models import ActionPlan, PlannedService, PlanVersion
from integra.action_plans.policies import (
    can_create_any_action_plan,
    can_edit_action_plan,
    can_review_any_action_plan,
    can_start_plan_update,
    can_view_any_action_plan,
)
from integra.audit.services import RequestContext
from integra.catalog.models import ServiceType
from integra.core.errors import DomainError, RulesBroken
from integra.core.exports import Table, export_response
from integra.core.forms import show_refusal
from integra.territories.models import Territory

PAGE_SIZE = 50
Status = PlanVersion.Status


def require_reader(request: HttpRequest) -> None:
    if not can_view_any_action_plan(request.user):
        raise PermissionDenied(_("Your role does not give access to Action Plans."))


def get_plan(request: HttpRequest, pk: int) -> ActionPlan:
    try:
        return selectors.get_action_plan(user=request.user, plan_id=pk)
    except ActionPlan.DoesNotExist as exc:
        raise Http404(_("No such Action Plan.")) from exc


def get_version(request: HttpRequest, pk: int, number: int) -> PlanVersion:
    try:
        return selectors.get_plan_version(user=request.user, plan_id=pk, number=number)
    except PlanVersion.DoesNotExist as exc:
        raise Http404(_("No such version of the Action Plan.")) from exc


def voivodeship_name(gmina: Territory) -> str:
    powiat = gmina.parent
    return powiat.parent.name.lower() if powiat and powiat.parent else ""


def version_url(version: PlanVersion) -> str:
    return reverse("action_plans:plan-version-detail", args=[version.plan_id, version.number])


def problems_at(form: Any, refusal: RulesBroken, fields: dict[str, str]) -> None:
    for problem in refusal.problems:
        name = fields.get(problem.field or "")
        form.add_error(name if name in form.fields else None, problem.message)


def service_lines(version: PlanVersion) -> tuple[list[PlannedService], list[PlannedService]]:
    services_ = list(version.services.all())
    training = [s for s in services_ if s.service_type.line == ServiceType.Line.TRAINING]
    return [s for s in services_ if s not in training], training


# The list -----------------------------------------------------------------------------------------


def _newest(plan: ActionPlan) -> PlanVersion | None:
    versions = plan.versions.all()
    return versions[0] if versions else None


def _gmina_of(form: forms.NewPlanForm, text: Any) -> Territory | None:
    """The gmina a link names by TERYT code or id, among those the form offers."""
    text = str(text or "").strip()
    gminas = form.fields["gmina"].queryset
    if text.isascii() and text.isdigit() and len(text) <= 12:
        return gminas.filter(teryt=text).first() or gminas.filter(pk=int(text)).first()
    return form.only_gmina


def _year_of(text: Any) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None


def new_plan_form(request: HttpRequest, data: Any = None) -> forms.NewPlanForm:
    """The new plan's form: bound to what was sent, or proposing the programme, gmina and year
    of the link (?programme=&gmina=&year=) with an "as of" day that has a rate, the gmina's
    adopted strategy and the user as contact."""
    form = forms.NewPlanForm(data, user=request.user, auto_id="id_new_%s")
    if data is not None:
        form.defaults = None
        return form
    params = request.GET
    offered = form.fields["programme"].queryset
    programme = selectors.programme_of(params.get("programme"))
    if programme is None or not offered.filter(pk=programme.pk).exists():
        programme = offered.first() if offered.count() == 1 else None
    gmina = _gmina_of(form, params.get("gmina"))
    defaults = selectors.new_plan_defaults(
        programme=programme, gmina=gmina, year=_year_of(params.get("year"))
    )
    form.initial.update(
        {
            "year": defaults.year,
            "as_of": defaults.as_of,
            "strategy": defaults.strategy.pk if defaults.strategy else None,
            **({"programme": programme.pk} if programme else {}),
            **({"gmina": gmina.pk} if gmina else {}),
        }
    )
    form.defaults = defaults
    form.fields["strategy"].required = defaults.adopted
    return form


def plan_new(request: HttpRequest) -> HttpResponse:
    """A new plan: GET proposes it, POST drafts it (every problem of the input at once)."""
    require_reader(request)
    if not can_create_any_action_plan(request.user):
        raise PermissionDenied(_("Only a gmina's coordinator may draft an Action Plan."))
    form = new_plan_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.create_action_plan(
                actor=request.user,
                programme=data["programme"],
                gmina=data["gmina"],
                year=data["year"],
                as_of=data["as_of"],
                strategy=data["strategy"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The Action Plan has been drafted; fill it in."))
            return redirect(
                "action_plans:plan-version-edit", pk=version.plan_id, number=version.number
            )
    gmina = form.only_gmina
    if form.is_bound and form.is_valid():
        gmina = form.cleaned_data["gmina"]
    context = {
        "form": form,
        "gmina_without_strategy": gmina is not None and not gmina.strategies.exists(),
    }
    return render(request, "action_plans/action_plan_new.html", context)


def plan_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    if request.method == "POST":
        return plan_new(request)  # the address the list's form posted to before
    may_create = can_create_any_action_plan(request.user)
    filters = forms.PlanFilterForm(request.GET)
    plans = selectors.list_action_plans(user=request.user, **filters.selector_filters())
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "rows": [(plan, _newest(plan)) for plan in page],
        "form": new_plan_form(request) if may_create else None,
        "next_steps": selectors.gmina_work(user=request.user) if may_create else [],
        "may_review": can_review_any_action_plan(request.user),
    }
    return render(request, "action_plans/action_plan_list.html", context)


def plan_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every plan the list's current filters select (all pages), with the list's columns."""
    require_reader(request)
    filters = forms.PlanFilterForm(request.GET).selector_filters()
    rows = []
    for plan in selectors.list_action_plans(user=request.user, **filters):
        newest = _newest(plan)
        rows.append(
            [
                plan.gmina.name,
                plan.gmina.teryt,
                voivodeship_name(plan.gmina),
                plan.programme.code,
                plan.year,
                newest.number if newest else None,
                newest.get_status_display() if newest else "",
                newest.as_of if newest else None,
                newest.approval_letter_number if newest else "",
                newest.approval_letter_on if newest else None,
            ]
        )
    table = Table(
        name="plany-dzialania",
        title=_("Action Plans"),
        header=[
            _("Gmina"),
            _("TERYT code"),
            _("Voivodeship"),
            _("Programme"),
            _("Year"),
            _("Newest version"),
            _("Status"),
            _("As of"),
            _("Approval letter number"),
            _("Approval letter date"),
        ],
        rows=rows,
        widths=(28, 12, 20, 12, 8, 10, 22, 12, 22, 14),
    )
    return export_response(table, fmt)


# A plan -------------------------------------------------------------------------------------------


def plan_detail(request: HttpRequest, pk: int, update_form: Any = None) -> HttpResponse:
    plan = get_plan(request, pk)
    versions = list(plan.versions.all())
    may_edit = can_edit_action_plan(request.user, plan)
    open_version = next((v for v in versions if v.status in selectors.OPEN), None)
    may_update = can_start_plan_update(request.user, plan, (v.status for v in versions))
    if may_update and update_form is None:
        update_form = forms.UpdateForm(initial={"as_of": dt.date.today()})
    context = {
        "plan": plan,
        "versions": versions,
        "open_version": open_version,
        "may_edit": may_edit,
        "update_form": update_form if may_update else None,
        "voivodeship": voivodeship_name(plan.gmina),
    }
    return render(request, "action_plans/action_plan_detail.html", context)


@require_POST
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Start an update of an approved plan: a new draft version as of the date given."""
    plan = get_plan(request, pk)
    if not can_edit_action_plan(request.user, plan):
        raise PermissionDenied(services.REFUSED["update"])
    form = forms.UpdateForm(request.POST)
    if form.is_valid():
        try:
            draft = services.start_plan_update(
                actor=request.user,
                plan=plan,
                as_of=form.cleaned_data["as_of"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, _("Version %(number)s has been opened.") % {"number": draft.number}
            )
            return redirect("action_plans:plan-version-edit", pk=plan.pk, number=draft.number)
    return plan_detail(request, pk, update_form=form)


# Review queue -------------------------------------------------------------------------------------


def _require_reviewer(request: HttpRequest) -> None:
    if not can_review_any_action_plan(request.user):
        raise PermissionDenied(str(selectors.REVIEWERS_ONLY))


def review_queue(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    items = selectors.review_queue(user=request.user)
    context = {"items": items, "review_days": settings.INTEGRA_REVIEW_DAYS}
    return render(request, "action_plans/action_plan_queue.html", context)


def review_queue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_reviewer(request)
    table = Table(
        name="kolejka-planow",
        title=_("Review queue"),
        header=[
            _("Gmina"),
            _("TERYT code"),
            _("Voivodeship"),
            _("Programme"),
            _("Year"),
            _("Version"),
            _("Submitted"),
            _("Days waiting"),
            _("Overdue"),
            _("Opinion given"),
        ],
        rows=[
            [
                item.version.plan.gmina.name,
                item.version.plan.gmina.teryt,
                voivodeship_name(item.version.plan.gmina),
                item.version.plan.programme.code,
                item.version.plan.year,
                item.version.number,
                item.version.submitted_at,
                item.days_waiting,
                item.is_overdue,
                item.has_opinion,
            ]
            for item in selectors.review_queue(user=request.user)
        ],
        widths=(28, 12, 20, 12, 8, 8, 12, 12, 10, 14),
    )
    return export_response(table, fmt)
