"""Pages of Action Plans: the list with its exports and the gmina's next steps, a plan with its
versions, a version with its sections, budget, review and history, the editor of a draft, the
difference between two versions, the review queue, the documents and the public consultation."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.action_plans import exports as documents
from integra.action_plans import forms, selectors, services
from integra.action_plans.models import ActionPlan, PlannedService, PlanVersion, ReviewComment
from integra.action_plans.policies import (
    can_create_any_action_plan,
    can_decide_action_plan,
    can_edit_action_plan,
    can_opine_action_plan,
    can_review_any_action_plan,
    can_start_plan_update,
    can_view_any_action_plan,
)
from integra.audit.services import RequestContext
from integra.catalog.models import ServiceType
from integra.core.errors import DomainError, RulesBroken
from integra.core.exports import Table, cell, export_response
from integra.territories.models import Territory

PAGE_SIZE = 50
Status = PlanVersion.Status


def _require_reader(request: HttpRequest) -> None:
    if not can_view_any_action_plan(request.user):
        raise PermissionDenied(_("Your role does not give access to Action Plans."))


def _get_plan(request: HttpRequest, pk: int) -> ActionPlan:
    try:
        return selectors.get_action_plan(user=request.user, plan_id=pk)
    except ActionPlan.DoesNotExist as exc:
        raise Http404(_("No such Action Plan.")) from exc


def _get_version(request: HttpRequest, pk: int, number: int) -> PlanVersion:
    try:
        return selectors.get_plan_version(user=request.user, plan_id=pk, number=number)
    except PlanVersion.DoesNotExist as exc:
        raise Http404(_("No such version of the Action Plan.")) from exc


def _voivodeship(gmina: Territory) -> str:
    powiat = gmina.parent
    return powiat.parent.name.lower() if powiat and powiat.parent else ""


def _version_url(version: PlanVersion) -> str:
    return reverse("action_plans:plan-version-detail", args=[version.plan_id, version.number])


# The list -----------------------------------------------------------------------------------------


def _newest(plan: ActionPlan) -> PlanVersion | None:
    versions = plan.versions.all()
    return versions[0] if versions else None


def plan_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    may_create = can_create_any_action_plan(request.user)
    new_form = None
    if may_create:
        # Its own ids: the filters above have a year field too.
        new_form = forms.NewPlanForm(
            request.POST if request.method == "POST" else None,
            user=request.user,
            auto_id="id_new_%s",
        )
    if request.method == "POST":
        if new_form is None:
            raise PermissionDenied(_("Only a gmina's coordinator may draft an Action Plan."))
        if new_form.is_valid():
            data = new_form.cleaned_data
            try:
                version = services.create_action_plan(
                    actor=request.user,
                    programme=data["programme"],
                    gmina=data["gmina"],
                    year=data["year"],
                    as_of=data["as_of"],
                    context=RequestContext.of(request),
                )
            except DomainError as refusal:
                new_form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The Action Plan has been drafted; fill it in."))
                return redirect(
                    "action_plans:plan-version-edit", pk=version.plan_id, number=version.number
                )
    filters = forms.PlanFilterForm(request.GET)
    plans = selectors.list_action_plans(user=request.user, **filters.selector_filters())
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "rows": [(plan, _newest(plan)) for plan in page],
        "form": new_form,
        "next_steps": selectors.gmina_work(user=request.user) if may_create else [],
        "may_review": can_review_any_action_plan(request.user),
    }
    return render(request, "action_plans/action_plan_list.html", context)


def plan_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every plan the list's current filters select (all pages), with the list's columns."""
    _require_reader(request)
    filters = forms.PlanFilterForm(request.GET).selector_filters()
    rows = []
    for plan in selectors.list_action_plans(user=request.user, **filters):
        newest = _newest(plan)
        rows.append(
            [
                plan.gmina.name,
                plan.gmina.teryt,
                _voivodeship(plan.gmina),
                plan.programme.code,
                str(plan.year),
                cell(newest and newest.number),
                newest.get_status_display() if newest else "",
                cell(newest and newest.as_of),
                newest.approval_letter_number if newest else "",
                cell(newest and newest.approval_letter_on),
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
    plan = _get_plan(request, pk)
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
        "voivodeship": _voivodeship(plan.gmina),
    }
    return render(request, "action_plans/action_plan_detail.html", context)


@require_POST
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Start an update of an approved plan: a new draft version as of the date given."""
    plan = _get_plan(request, pk)
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


# A version ----------------------------------------------------------------------------------------


def _comments_by_section(version: PlanVersion) -> list[tuple[str, list[ReviewComment]]]:
    comments = list(version.comments.all())
    return [
        (label, [c for c in comments if c.section == code])
        for code, label in ReviewComment.Section.choices
        if any(c.section == code for c in comments)
    ]


def _lines(version: PlanVersion) -> tuple[list[PlannedService], list[PlannedService]]:
    services_ = list(version.services.all())
    training = [s for s in services_ if s.service_type.line == ServiceType.Line.TRAINING]
    return [s for s in services_ if s not in training], training


def _goals(version: PlanVersion) -> list[Any]:
    seen: dict[int, Any] = {}
    for service in version.services.all():
        if service.goal is not None:
            seen.setdefault(service.goal.pk, service.goal)
    return sorted(seen.values(), key=lambda goal: goal.code)


def _render_version(
    request: HttpRequest, version: PlanVersion, status: int = 200, **bound: Any
) -> HttpResponse:
    user, plan = request.user, version.plan
    steps = services.PLAN_VERSION_WORKFLOW.actions_from(version.status)
    may_edit = can_edit_action_plan(user, plan) and "edit" in steps
    may_opine = can_opine_action_plan(user, plan) and "opine" in steps
    may_decide = can_decide_action_plan(user, plan) and "approve" in steps
    services_line, training = _lines(version)
    context = {
        "version": version,
        "plan": plan,
        "voivodeship": _voivodeship(plan.gmina),
        "services_line": services_line,
        "training": training,
        "goals": _goals(version),
        "budget": selectors.budget_summary(version),
        "comment_sections": _comments_by_section(version),
        "public_comments": list(version.public_comments.all()),
        "may_edit": may_edit,
        "opinion_form": bound.get("opinion_form") or (forms.OpinionForm() if may_opine else None),
        "return_form": bound.get("return_form") or (forms.ReturnForm() if may_decide else None),
        "approval_form": bound.get("approval_form")
        or (forms.ApprovalForm(initial={"letter_on": dt.date.today()}) if may_decide else None),
        "submit_problems": bound.get("submit_problems", []),
        "public_url": (
            request.build_absolute_uri(
                reverse("action_plans:public-consultation", args=[version.public_key])
            )
            if version.public_key and version.is_editable
            else ""
        ),
        "other_versions": plan.versions.count() > 1,
    }
    return render(request, "action_plans/plan_version_detail.html", context, status=status)


def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _render_version(request, _get_version(request, pk, number))


def _done(request: HttpRequest, version: PlanVersion, message: str, anchor: str = "") -> Any:
    messages.success(request, message)
    return redirect(_version_url(version) + (f"#{anchor}" if anchor else ""))


@require_POST
def version_submit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    try:
        services.submit_plan_version(
            actor=request.user, version=version, context=RequestContext.of(request)
        )
    except RulesBroken as refusal:
        messages.error(request, refusal.message)
        return _render_version(request, version, submit_problems=refusal.problems)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect(_version_url(version))
    return _done(request, version, _("The plan has been submitted to the region."))


def _problems_at(form: Any, refusal: RulesBroken, fields: dict[str, str]) -> None:
    for problem in refusal.problems:
        name = fields.get(problem.field or "")
        form.add_error(name if name in form.fields else None, problem.message)


@require_POST
def version_opinion(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    if not can_opine_action_plan(request.user, version.plan):
        raise PermissionDenied(services.REFUSED["opine"])
    form = forms.OpinionForm(request.POST)
    if form.is_valid():
        try:
            services.give_opinion(
                actor=request.user,
                version=version,
                context=RequestContext.of(request),
                **form.cleaned_data,
            )
        except RulesBroken as refusal:
            fields = {"recommendation": "recommendation", "comments.0.text": "text"}
            _problems_at(form, refusal, fields | {"comments.0.section": "section"})
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            return _done(request, version, _("Your opinion has been recorded."), "review")
    return _render_version(request, version, opinion_form=form)


@require_POST
def version_return(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    if not can_decide_action_plan(request.user, version.plan):
        raise PermissionDenied(services.REFUSED["return"])
    form = forms.ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_plan_version(
                actor=request.user,
                version=version,
                comments=form.comments(),
                context=RequestContext.of(request),
            )
        except RulesBroken as refusal:
            _problems_at(form, refusal, {})
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            return _done(request, version, _("The plan has been returned to the gmina."))
    return _render_version(request, version, return_form=form)


@require_POST
def version_approve(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    if not can_decide_action_plan(request.user, version.plan):
        raise PermissionDenied(services.REFUSED["approve"])
    form = forms.ApprovalForm(request.POST)
    if form.is_valid():
        try:
            services.approve_plan_version(
                actor=request.user,
                version=version,
                letter_number=form.cleaned_data["letter_number"],
                letter_on=form.cleaned_data["letter_on"],
                context=RequestContext.of(request),
            )
        except RulesBroken as refusal:
            _problems_at(
                form, refusal, {"letter_number": "letter_number", "letter_on": "letter_on"}
            )
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            return _done(request, version, _("The plan has been approved."))
    return _render_version(request, version, approval_form=form)


@require_POST
def version_consultation(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Open (a new address) or close the public consultation of a draft."""
    version = _get_version(request, pk, number)
    is_open = request.POST.get("open") == "1"
    try:
        services.set_public_consultation(
            actor=request.user, version=version, is_open=is_open, context=RequestContext.of(request)
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect(_version_url(version))
    done = (
        _("The draft is open to public consultation.")
        if is_open
        else _("The public consultation has been closed.")
    )
    return _done(request, version, done, "consultation")


# Editing ------------------------------------------------------------------------------------------


def _save(request: HttpRequest, editor: forms.PlanEditor) -> bool:
    """Hand the editor's content to the service; every refusal is shown on the editor."""
    version = editor.version
    try:
        services.save_plan_version(
            actor=request.user,
            version=version,
            content=editor.content(),
            lock_version=editor.sections.cleaned_data["lock_version"],
            context=RequestContext.of(request),
        )
    except RulesBroken as refusal:
        editor.show_problems(refusal.problems)
    except services.PlanEditConflict as conflict:
        editor.show_refusal(conflict.message)
        editor.conflict = True
        editor.sections.keep_input_with_lock(services.current_lock(version))
    except services.PlanRateMissing as missing:
        editor.sections.add_error("as_of", missing.message)
    except DomainError as refusal:
        editor.show_refusal(refusal.message)
    else:
        return True
    return False


def version_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    if not can_edit_action_plan(request.user, version.plan):
        raise PermissionDenied(services.REFUSED["edit"])
    if not version.is_editable:
        messages.error(
            request,
            _("Version %(number)s is %(status)s: it cannot be edited.")
            % {"number": version.number, "status": version.get_status_display()},
        )
        return redirect(_version_url(version))
    editor = forms.PlanEditor(version, request.POST if request.method == "POST" else None)
    saving = request.method == "POST" and not editor.adds_a_row
    if saving and editor.is_valid() and _save(request, editor):
        messages.success(request, _("The plan has been saved."))
        return redirect(_version_url(version))
    context = {
        "version": version,
        "plan": version.plan,
        "editor": editor,
        "sections": editor.sections,
        "formset": editor.services,
        "has_errors": saving and editor.has_errors,
    }
    return render(request, "action_plans/plan_version_edit.html", context)


# Differences --------------------------------------------------------------------------------------

SERVICE_LABELS = {
    field.name: field.verbose_name
    for field in PlannedService._meta.get_fields()
    if hasattr(field, "verbose_name")
}
SECTION_LABELS = {
    field.name: field.verbose_name
    for field in PlanVersion._meta.get_fields()
    if hasattr(field, "verbose_name")
}


def _shown(value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _get_plan(request, pk)
    versions = {v.number: v for v in plan.versions.all()}
    numbers = sorted(versions)
    defaults = {"a": numbers[-2] if len(numbers) > 1 else numbers[0], "b": numbers[-1]}
    form = forms.DiffForm(request.GET if "a" in request.GET else defaults, plan=plan)
    diff = None
    if form.is_valid():
        diff = selectors.diff_versions(
            versions[form.cleaned_data["a"]], versions[form.cleaned_data["b"]]
        )
    context = {
        "plan": plan,
        "form": form,
        "diff": diff,
        "changed": [
            (
                change,
                [
                    (SERVICE_LABELS.get(name, name), _shown(a), _shown(b))
                    for name, a, b in change.fields
                ],
            )
            for change in (diff.changed if diff else [])
        ],
        "sections": [
            (SECTION_LABELS.get(name, name), a, b) for name, a, b in (diff.sections if diff else [])
        ],
    }
    return render(request, "action_plans/plan_version_diff.html", context)


# Review queue -------------------------------------------------------------------------------------


def _require_reviewer(request: HttpRequest) -> None:
    if not can_review_any_action_plan(request.user):
        raise PermissionDenied(_("Only the region's consultants and officers review plans."))


def review_queue(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    items = selectors.review_queue(user=request.user)
    context = {"items": items, "review_days": settings.INTEGRA_REVIEW_DAYS}
    return render(request, "action_plans/action_plan_queue.html", context)


def review_queue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_reviewer(request)
    yes, no = _("yes"), _("no")
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
                _voivodeship(item.version.plan.gmina),
                item.version.plan.programme.code,
                str(item.version.plan.year),
                str(item.version.number),
                cell(item.version.submitted_at and item.version.submitted_at.date()),
                str(item.days_waiting),
                yes if item.is_overdue else no,
                yes if item.has_opinion else no,
            ]
            for item in selectors.review_queue(user=request.user)
        ],
        widths=(28, 12, 20, 12, 8, 8, 12, 12, 10, 14),
    )
    return export_response(table, fmt)


# Documents ----------------------------------------------------------------------------------------


def version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    response = HttpResponse(documents.plan_version_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.file_name(version)}.pdf"'
    return response


def version_xlsx(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    return export_response(documents.services_table(version), "xlsx")


# Public consultation ------------------------------------------------------------------------------


@login_not_required
def public_consultation(request: HttpRequest, key: UUID) -> HttpResponse:
    """The read-only draft under consultation and a comment form; 404 once it is closed."""
    try:
        version = selectors.get_public_version(public_key=key)
    except PlanVersion.DoesNotExist as exc:
        raise Http404(_("This plan is not open to public consultation.")) from exc
    form = forms.PublicCommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_public_comment(
                public_key=key,
                author_name=form.cleaned_data["author_name"],
                text=form.cleaned_data["text"],
            )
        except services.ConsultationClosed as closed:
            raise Http404(closed.message) from closed
        except RulesBroken as refusal:
            _problems_at(form, refusal, {"text": "text"})
        else:
            messages.success(request, _("Thank you: your comment has been sent to the gmina."))
            return redirect("action_plans:public-consultation", key=key)
    services_line, training = _lines(version)
    context = {
        "version": version,
        "plan": version.plan,
        "services_line": services_line,
        "training": training,
        "form": form,
    }
    return render(request, "action_plans/action_plan_public.html", context)
