"""Pages of one version of an Action Plan: its content, editing, the review (submit, opinion,
return, approve), public consultation, the difference between two versions, PDF and XLSX."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.action_plans import exports as documents
from integra.action_plans import forms, rules, selectors, services
from integra.action_plans.models import PlannedService, PlanVersion, ReviewComment
from integra.action_plans.policies import (
    can_decide_action_plan,
    can_edit_action_plan,
    can_opine_action_plan,
)
from integra.action_plans.views.plans import (
    get_plan,
    get_version,
    problems_at,
    service_lines,
    version_url,
    voivodeship_name,
)
from integra.audit.services import RequestContext
from integra.core.errors import DomainError, RulesBroken
from integra.core.exports import export_response
from integra.core.jobs import start_job

# A version ----------------------------------------------------------------------------------------


def _comments_by_section(version: PlanVersion) -> list[tuple[str, list[ReviewComment]]]:
    comments = list(version.comments.all())
    return [
        (label, [c for c in comments if c.section == code])
        for code, label in ReviewComment.Section.choices
        if any(c.section == code for c in comments)
    ]


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
    services_line, training = service_lines(version)
    context = {
        "version": version,
        "plan": plan,
        "voivodeship": voivodeship_name(plan.gmina),
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
        # A large plan's PDF takes seconds: built in the background, with its progress shown.
        "pdf_in_background": len(services_line) + len(training)
        >= settings.INTEGRA_PDF_BACKGROUND_SERVICES,
        "gmina_without_strategy": may_edit and not plan.gmina.strategies.exists(),
    }
    return render(request, "action_plans/plan_version_detail.html", context, status=status)


def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _render_version(request, get_version(request, pk, number))


def _done(request: HttpRequest, version: PlanVersion, message: str, anchor: str = "") -> Any:
    messages.success(request, message)
    return redirect(version_url(version) + (f"#{anchor}" if anchor else ""))


@require_POST
def version_submit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_version(request, pk, number)
    try:
        services.submit_plan_version(
            actor=request.user, version=version, context=RequestContext.of(request)
        )
    except RulesBroken as refusal:
        messages.error(request, refusal.message)
        return _render_version(request, version, submit_problems=refusal.problems)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect(version_url(version))
    return _done(request, version, _("The plan has been submitted to the region."))


@require_POST
def version_opinion(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_version(request, pk, number)
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
            problems_at(form, refusal, fields | {"comments.0.section": "section"})
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            return _done(request, version, _("Your opinion has been recorded."), "review")
    return _render_version(request, version, opinion_form=form)


@require_POST
def version_return(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_version(request, pk, number)
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
            problems_at(form, refusal, {})
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            return _done(request, version, _("The plan has been returned to the gmina."))
    return _render_version(request, version, return_form=form)


@require_POST
def version_approve(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_version(request, pk, number)
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
            problems_at(form, refusal, {"letter_number": "letter_number", "letter_on": "letter_on"})
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            return _done(request, version, _("The plan has been approved."))
    return _render_version(request, version, approval_form=form)


@require_POST
def version_consultation(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Open (a new address) or close the public consultation of a draft."""
    version = get_version(request, pk, number)
    is_open = request.POST.get("open") == "1"
    try:
        services.set_public_consultation(
            actor=request.user, version=version, is_open=is_open, context=RequestContext.of(request)
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect(version_url(version))
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


def _editable_version(request: HttpRequest, pk: int, number: int) -> PlanVersion | HttpResponse:
    version = get_version(request, pk, number)
    if not can_edit_action_plan(request.user, version.plan):
        raise PermissionDenied(services.REFUSED["edit"])
    if not version.is_editable:
        messages.error(
            request,
            _("Version %(number)s is %(status)s: it cannot be edited.")
            % {"number": version.number, "status": version.get_status_display()},
        )
        return redirect(version_url(version))
    return version


def _show_known_problems(editor: forms.PlanEditor) -> None:
    """After refused input, the rules' verdict on what was valid, in the same round."""
    known = editor.known_content()
    if known is not None:
        content, where = known
        editor.show_known_problems(services.content_problems(editor.version, content), where)


def _allocation(version: PlanVersion, editor: forms.PlanEditor) -> dict[str, Any]:
    """The panel beside the plan: per line and group, the allocation, the approved plans of the
    other years and this version's costs; plan_editor.js recomputes them as costs are typed."""
    budget = selectors.budget_summary(version)
    elsewhere = selectors.counted_costs_elsewhere(version.plan)
    lines = [
        {
            "code": "services",
            "label": _("Services line"),
            "allocation": budget.allocation_services,
            "elsewhere": elsewhere["services"],
            "here": budget.total.services_eur - elsewhere["services"],
        },
        {
            "code": "training",
            "label": _("Training and expert support line"),
            "allocation": budget.allocation_training,
            "elsewhere": elsewhere["training"],
            "here": budget.total.training_eur - elsewhere["training"],
        },
    ]
    for line in lines:
        allocation = line["allocation"]
        line["left"] = None if allocation is None else allocation - line["elsewhere"] - line["here"]
    planned = {row.label: row.total_eur for row in budget.groups}
    return {
        "lines": lines,
        "groups": [(group, planned.get(str(group))) for group in selectors.target_groups()],
        "rate": version.rate_pln_per_eur,
        "types": editor.type_data()["types"],
    }


def version_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _editable_version(request, pk, number)
    if isinstance(version, HttpResponse):
        return version
    adopted = selectors.newest_adopted(version.plan.gmina_id)
    editor = forms.PlanEditor(
        version, request.POST if request.method == "POST" else None, adopted=adopted
    )
    saving = request.method == "POST" and not editor.adds_a_row
    if saving:
        if editor.is_valid():
            if _save(request, editor):
                messages.success(request, _("The plan has been saved."))
                return redirect(version_url(version))
        elif not editor.problems:
            _show_known_problems(editor)
    context = {
        "version": version,
        "plan": version.plan,
        "editor": editor,
        "sections": editor.sections,
        "formset": editor.services,
        # Adding a row shows no errors of the unfinished input, only the editor's own refusals.
        "has_errors": editor.has_errors if saving else bool(editor.problems),
        "allocation": _allocation(version, editor),
        "gmina_without_strategy": not version.plan.gmina.strategies.exists(),
    }
    return render(request, "action_plans/plan_version_edit.html", context)


def version_edit_row(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One more empty row of the editor for htmx ("Add a row" without reloading the page): the
    row at the index the page's count of rows names (204, nothing to add, at the limit)."""
    version = _editable_version(request, pk, number)
    if isinstance(version, HttpResponse):
        return version
    editor = forms.PlanEditor(version)
    index = forms.row_count(request.GET)
    if index is None or index >= rules.MAX_SERVICES:
        return HttpResponse(status=204)
    form = editor.new_row(index)
    context = {"form": form, "row": index + 1, "plan": version.plan, "version": version}
    return render(request, "action_plans/_plan_service_form.html", context)


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
    plan = get_plan(request, pk)
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


# Documents ----------------------------------------------------------------------------------------


def version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """GET: the PDF now; POST: the PDF built in the background (a large plan's takes seconds),
    then the job's page with its progress and, once done, the file."""
    version = get_version(request, pk, number)
    if request.method == "POST":
        job = start_job(
            actor=request.user,
            kind="action_plans.plan_pdf",
            params={"plan": version.plan_id, "number": version.number},
        )
        return redirect(job.get_absolute_url())
    response = HttpResponse(documents.plan_version_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.file_name(version)}.pdf"'
    return response


def version_xlsx(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_version(request, pk, number)
    return export_response(documents.services_table(version), "xlsx")
