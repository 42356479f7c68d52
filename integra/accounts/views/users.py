"""Pages to manage users and their role assignments: a list with search and exports, a user's
page with assignments and history, the invitation, the edit, and granting or ending a role.

Ministry admins and regional officers only (anyone else: 403); a user beyond the actor's reach
answers 404, a user within it whom the actor may not change in that way 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from integra.accounts import selectors
from integra.accounts.exports import user_table
from integra.accounts.forms.users import (
    AssignmentForm,
    InviteForm,
    UserEditForm,
    UserFilterForm,
    show_refusal,
)
from integra.accounts.models import RoleAssignment, User
from integra.accounts.policies import (
    can_edit_user,
    can_manage_assignment,
    can_manage_users,
    can_reset_sign_in_of,
    grantable_roles_anywhere,
    is_open,
)
from integra.accounts.services import signin
from integra.accounts.services import users as services
from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import export_response

PAGE_SIZE = 50


def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UserFilterForm(request.GET)
    users = _filtered_users(request, form)
    context = {
        "form": form,
        "page": Paginator(users, PAGE_SIZE).get_page(request.GET.get("page")),
        "may_invite": bool(grantable_roles_anywhere(request.user)),
    }
    # htmx's live search swaps only the results; a history restore needs the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "accounts/_user_rows.html" if partial else "accounts/user_list.html"
    response = render(request, template, {**context, "is_partial": partial})
    patch_vary_headers(response, ["HX-Request"])
    return response


def user_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every user the list's current filters select (all pages), as CSV or XLSX."""
    _require_manager(request)
    users = _filtered_users(request, UserFilterForm(request.GET))
    return export_response(user_table(users), fmt)


def user_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    if not grantable_roles_anywhere(request.user):
        raise PermissionDenied
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite_user(
                actor=request.user,
                invitation=form.invitation(),
                site_url=request.build_absolute_uri("/"),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("%(user)s has been invited: a link to set the password went to %(email)s.")
                % {"user": user.username, "email": user.email},
            )
            return redirect("accounts:user-detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "mode": "invite"})


def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_user(request, pk)
    today = timezone.localdate()
    rows = [
        {
            "assignment": assignment,
            "state": _state(assignment, today),
            "may_end": _may_end(request.user, assignment, today),
        }
        for assignment in target.assignments.all()
    ]
    context = {
        "target": target,
        "rows": rows,
        "tab": "history" if request.GET.get("tab") == "history" else "assignments",
        "may_edit": can_edit_user(request.user, target),
        "may_grant": target.pk != request.user.pk and bool(grantable_roles_anywhere(request.user)),
        "may_reset": can_reset_sign_in_of(request.user, target),
    }
    if context["may_reset"]:
        context["sign_in"] = selectors.sign_in_state(target)
    return render(request, "accounts/user_detail.html", context)


# What each sign-in help does: its service, its page's wording, its message when done.
SIGN_IN_HELP = {
    "second-factor": signin.reset_second_factor,
    "lockout": signin.lift_lockout,
}


def second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, POST deletes the user's authenticator devices (ministry
    admins, for another user)."""
    return _sign_in_help(request, pk, "second-factor")


def lockout_lift(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, POST forgets the failed sign-ins counted against the account."""
    return _sign_in_help(request, pk, "lockout")


def _sign_in_help(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    target = _get_user(request, pk)
    if not can_reset_sign_in_of(request.user, target):
        raise PermissionDenied(signin.MAY_NOT_RESET)
    if request.method == "POST":
        SIGN_IN_HELP[what](actor=request.user, user=target, context=RequestContext.of(request))
        if what == "lockout":
            done = _("%(user)s may sign in again.") % {"user": target.username}
        else:
            done = _("%(user)s sets up a new authenticator app at their next sign-in.") % {
                "user": target.username
            }
        messages.success(request, done)
        return redirect("accounts:user-detail", pk=target.pk)
    context = {"target": target, "what": what, "sign_in": selectors.sign_in_state(target)}
    return render(request, "accounts/user_sign_in_help.html", context)


def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_user(request, pk)
    if not can_edit_user(request.user, target):
        raise PermissionDenied(_("Some of this user's assignments are beyond your reach."))
    initial = {f: getattr(target, f) for f in ("first_name", "last_name", "email", "is_active")}
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(
                actor=request.user,
                user=target,
                changes=form.changes(),
                context=RequestContext.of(request),
            )
        except services.OwnAccountRefused as refusal:
            form.add_error("is_active", refusal.message)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("accounts:user-detail", pk=target.pk)
    return render(
        request, "accounts/user_form.html", {"form": form, "mode": "edit", "target": target}
    )


def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_user(request, pk)
    if target.pk == request.user.pk or not grantable_roles_anywhere(request.user):
        raise PermissionDenied(services.OwnAccountRefused.assignments().message)
    form = AssignmentForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_assignment(
                actor=request.user,
                user=target,
                role=data["role"],
                territory=data["territory"],
                valid_from=data["valid_from"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("accounts:user-detail", pk=target.pk)
    return render(request, "accounts/user_assignment_form.html", {"form": form, "target": target})


def assignment_end(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """GET asks for confirmation, POST ends the assignment today."""
    _require_manager(request)
    try:
        assignment = selectors.get_assignment(user=request.user, user_pk=pk, pk=assignment_pk)
    except RoleAssignment.DoesNotExist as exc:
        raise Http404(_("No such role assignment.")) from exc
    if not can_manage_assignment(request.user, assignment):
        raise PermissionDenied(services.MAY_NOT_END)
    refusal = None
    if request.method == "POST":
        try:
            services.end_assignment(
                actor=request.user, assignment=assignment, context=RequestContext.of(request)
            )
        except DomainError as error:
            refusal = error.message
        else:
            messages.success(request, _("The assignment has ended today."))
            return redirect("accounts:user-detail", pk=pk)
    today = timezone.localdate()
    context = {
        "assignment": assignment,
        "target": assignment.user,
        "may_end": _may_end(request.user, assignment, today),
        "state": _state(assignment, today),
        "refusal": refusal,
    }
    return render(request, "accounts/user_assignment_end.html", context)


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_users(request.user):
        raise PermissionDenied(
            _("Only ministry administrators and regional officers manage users.")
        )


def _get_user(request: HttpRequest, pk: int) -> User:
    _require_manager(request)
    try:
        return selectors.get_user(user=request.user, pk=pk)
    except User.DoesNotExist as exc:
        raise Http404(_("No such user.")) from exc


def _filtered_users(request: HttpRequest, form: UserFilterForm) -> Any:
    filters = form.selector_filters()
    if filters is None:
        return User.objects.none()
    return selectors.list_users(user=request.user, **filters)


def _may_end(user: Any, assignment: RoleAssignment, today: Any) -> bool:
    return (
        can_manage_assignment(user, assignment)
        and is_open(assignment, today)
        and assignment.valid_from < today
    )


def _state(assignment: RoleAssignment, today: Any) -> str:
    if not is_open(assignment, today):
        return "ended"
    return "future" if assignment.valid_from > today else "current"
