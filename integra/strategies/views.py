"""Pages of strategies: the list with its exports, a strategy's page (diagnosis, goals, team,
participation events, document, history), its forms, the items' forms and the transitions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit.services import RequestContext
from integra.core.errors import DomainError, RulesBroken
from integra.core.exports import Table, export_response
from integra.strategies import forms, selectors, services
from integra.strategies.models import Strategy
from integra.strategies.policies import (
    can_create_any_strategy,
    can_manage_strategy,
    can_view_any_strategy,
)

PAGE_SIZE = 50


def _require_reader(request: HttpRequest) -> None:
    if not can_view_any_strategy(request.user):
        raise PermissionDenied(_("Your role does not give access to strategies."))


def _get(request: HttpRequest, pk: int) -> Strategy:
    try:
        return selectors.get_strategy(user=request.user, strategy_id=pk)
    except Strategy.DoesNotExist as exc:
        raise Http404(_("No such strategy.")) from exc


def _get_managed(request: HttpRequest, pk: int) -> Strategy:
    strategy = _get(request, pk)
    if not can_manage_strategy(request.user, strategy):
        raise PermissionDenied(services.MANAGERS_ONLY)
    return strategy


def _refused_at(form: Any, refusal: DomainError) -> None:
    """Each broken rule at its field of the form (the form's top when it has no such field)."""
    if not isinstance(refusal, RulesBroken):
        form.add_error(None, refusal.message)
        return
    field_of = getattr(form, "FIELD_OF", {})
    for problem in refusal.problems:
        name = field_of.get(problem.field, problem.field)
        form.add_error(name if name in form.fields else None, problem.message)


def _tell(request: HttpRequest, refusal: DomainError) -> None:
    """The refusal as messages: each broken rule, or the error's own message."""
    problems = refusal.problems if isinstance(refusal, RulesBroken) else []
    for text in [p.message for p in problems] or [refusal.message]:
        messages.error(request, text)


def _voivodeship(strategy: Strategy) -> str:
    powiat = strategy.gmina.parent
    return powiat.parent.name.lower() if powiat and powiat.parent else ""


# The list ----------------------------------------------------------------------------------------


def strategy_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = forms.StrategyFilterForm(request.GET)
    strategies = selectors.list_strategies(user=request.user, **form.selector_filters())
    context = {
        "form": form,
        "page": Paginator(strategies, PAGE_SIZE).get_page(request.GET.get("page")),
        "may_create": can_create_any_strategy(request.user),
    }
    return render(request, "strategies/strategy_list.html", context)


def strategy_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every strategy the list's current filters select (all pages), as CSV or XLSX."""
    _require_reader(request)
    filters = forms.StrategyFilterForm(request.GET).selector_filters()
    table = Table(
        name="strategie",
        title=_("Strategies"),
        header=[
            _("TERYT code"),
            _("Gmina"),
            _("Voivodeship"),
            _("Title"),
            _("First day of the period"),
            _("Last day of the period"),
            _("Status"),
            _("Council resolution"),
            _("Resolution date"),
        ],
        rows=[
            [
                strategy.gmina.teryt,
                strategy.gmina.name,
                _voivodeship(strategy),
                strategy.title,
                strategy.period_from,
                strategy.period_last_day,
                strategy.get_status_display(),
                strategy.resolution_number,
                strategy.resolution_on,
            ]
            for strategy in selectors.list_strategies(user=request.user, **filters)
        ],
        widths=(12, 28, 20, 40, 12, 12, 16, 20, 14),
    )
    return export_response(table, fmt)


# One strategy ------------------------------------------------------------------------------------


def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _get(request, pk)
    goals = list(strategy.goals.all())
    context = {
        "strategy": strategy,
        "voivodeship": _voivodeship(strategy),
        "diagnosis": selectors.diagnosis_by_group(strategy.diagnosis.all()),
        "goal_tree": selectors.goal_tree(goals),
        "team": list(strategy.team.all()),
        "events": list(strategy.events.all()),
        "may_manage": can_manage_strategy(request.user, strategy),
        "steps": services.STRATEGY_WORKFLOW.actions_from(strategy.status),
    }
    return render(request, "strategies/strategy_detail.html", context)


def strategy_document(request: HttpRequest, pk: int) -> FileResponse:
    """The strategy's document, only for those who may see the strategy (404 else)."""
    strategy = _get(request, pk)
    if not strategy.document:
        raise Http404(_("This strategy has no document."))
    handle = strategy.document.open("rb")
    filename = (strategy.document.name or "").rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=filename)


def strategy_create(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    if not can_create_any_strategy(request.user):
        raise PermissionDenied(_("Only a gmina's coordinator may prepare its strategy."))
    form = forms.StrategyCreateForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.create_strategy(
                actor=request.user,
                gmina=form.cleaned_data["gmina"],
                spec=form.spec(),
                document=form.cleaned_data["document"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            _refused_at(form, refusal)
        else:
            messages.success(request, _("The strategy has been created."))
            return redirect("strategies:strategy-detail", pk=strategy.pk)
    return render(request, "strategies/strategy_form.html", {"form": form, "mode": "create"})


def strategy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The strategy's own fields. On a conflict the user's input stays, with the saved values
    beside it; saving again replaces them."""
    strategy = _get_managed(request, pk)
    initial = {**forms.StrategyForm.initial_of(strategy), "lock_version": strategy.lock_version}
    form = forms.StrategyEditForm(
        request.POST or None, request.FILES or None, initial=initial, gmina=strategy.gmina
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_strategy(
                actor=request.user,
                strategy=strategy,
                spec=form.spec(),
                lock_version=form.cleaned_data["lock_version"],
                document=form.cleaned_data["document"],
                context=RequestContext.of(request),
            )
        except services.StrategyEditConflict as refusal:
            conflict = True
            strategy.refresh_from_db()
            form.add_error(None, refusal.message)
            form.with_version(strategy.lock_version)
        except DomainError as refusal:
            _refused_at(form, refusal)
        else:
            messages.success(request, _("The strategy has been saved."))
            return redirect("strategies:strategy-detail", pk=strategy.pk)
    context = {
        "form": form,
        "mode": "edit",
        "strategy": strategy,
        "conflict": conflict,
        "document_name": (strategy.document.name or "").rsplit("/", 1)[-1],
    }
    return render(request, "strategies/strategy_form.html", context)


# Transitions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    service: Callable[..., Strategy]
    needs_resolution: bool
    title: Promise
    explanation: Promise
    button: Promise
    done: Promise


TRANSITIONS = {
    "consultation": Transition(
        services.start_consultation,
        False,
        gettext_lazy("Put the strategy to consultation?"),
        gettext_lazy(
            "Residents and partners are consulted on the draft; the strategy can then be adopted."
        ),
        gettext_lazy("Start the consultation"),
        gettext_lazy("The strategy is in consultation."),
    ),
    "adopt": Transition(
        services.adopt_strategy,
        True,
        gettext_lazy("Record the adoption of the strategy"),
        gettext_lazy(
            "Give the council resolution that adopted the strategy. An adopted strategy needs at "
            "least one strategic goal and one diagnosis entry."
        ),
        gettext_lazy("Record the adoption"),
        gettext_lazy("The strategy has been adopted."),
    ),
    "update": Transition(
        services.record_strategy_update,
        True,
        gettext_lazy("Record an update of the strategy"),
        gettext_lazy("Give the new council resolution that updated the strategy."),
        gettext_lazy("Record the update"),
        gettext_lazy("The update of the strategy has been recorded."),
    ),
}


def strategy_transition(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """A confirmation page (GET) and the transition itself (POST)."""
    transition = TRANSITIONS.get(step)
    if transition is None:
        raise Http404
    strategy = _get_managed(request, pk)
    form = forms.ResolutionForm(request.POST or None) if transition.needs_resolution else None
    if request.method == "POST" and (form is None or form.is_valid()):
        extra = form.cleaned_data if form is not None else {}
        try:
            transition.service(
                actor=request.user,
                strategy=strategy,
                context=RequestContext.of(request),
                **extra,
            )
        except DomainError as refusal:
            if form is None:
                _tell(request, refusal)
                return redirect("strategies:strategy-detail", pk=strategy.pk)
            _refused_at(form, refusal)
        else:
            messages.success(request, str(transition.done))
            return redirect("strategies:strategy-detail", pk=strategy.pk)
    context = {"strategy": strategy, "transition": transition, "step": step, "form": form}
    return render(request, "strategies/strategy_transition.html", context)


# Items: diagnosis entries, goals, team members, participation events -----------------------------


@dataclass(frozen=True)
class ItemKind:
    form: type[forms.ItemForm]
    related: str  # the strategy's related manager
    argument: str  # the item's keyword in the update and remove services
    add: Callable[..., Any]
    update: Callable[..., Any]
    remove: Callable[..., Any]
    section: str  # the anchor of its section on the strategy's page
    add_title: Promise
    edit_title: Promise
    noun: Promise


ITEMS = {
    "diagnosis": ItemKind(
        forms.DiagnosisForm,
        "diagnosis",
        "entry",
        services.add_diagnosis_entry,
        services.update_diagnosis_entry,
        services.remove_diagnosis_entry,
        "diagnosis",
        gettext_lazy("Add a diagnosis entry"),
        gettext_lazy("Edit the diagnosis entry"),
        gettext_lazy("the diagnosis entry"),
    ),
    "goal": ItemKind(
        forms.GoalForm,
        "goals",
        "goal",
        services.add_goal,
        services.update_goal,
        services.remove_goal,
        "goals",
        gettext_lazy("Add a goal"),
        gettext_lazy("Edit the goal"),
        gettext_lazy("the goal"),
    ),
    "team": ItemKind(
        forms.TeamMemberForm,
        "team",
        "member",
        services.add_team_member,
        services.update_team_member,
        services.remove_team_member,
        "team",
        gettext_lazy("Add a member of the working team"),
        gettext_lazy("Edit the member of the working team"),
        gettext_lazy("the member of the working team"),
    ),
    "event": ItemKind(
        forms.EventForm,
        "events",
        "event",
        services.add_participation_event,
        services.update_participation_event,
        services.remove_participation_event,
        "events",
        gettext_lazy("Add a participation event"),
        gettext_lazy("Edit the participation event"),
        gettext_lazy("the participation event"),
    ),
}


def _item(strategy: Strategy, kind: ItemKind, item_pk: int) -> Any:
    item = getattr(strategy, kind.related).filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


def _back(strategy: Strategy, kind: ItemKind) -> HttpResponse:
    response = redirect("strategies:strategy-detail", pk=strategy.pk)
    response["Location"] += f"#{kind.section}"
    return response


def item_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    return _item_form(request, pk, ITEMS[kind], None)


def item_edit(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    return _item_form(request, pk, ITEMS[kind], item_pk)


def _item_form(request: HttpRequest, pk: int, kind: ItemKind, item_pk: int | None) -> HttpResponse:
    strategy = _get_managed(request, pk)
    item = _item(strategy, kind, item_pk) if item_pk is not None else None
    initial = kind.form.initial_of(item) if item is not None else None
    form = kind.form(
        request.POST or None, initial=initial, strategy=strategy, editing=item is not None
    )
    if request.method == "POST" and form.is_valid():
        origin = RequestContext.of(request)
        try:
            if item is None:
                kind.add(actor=request.user, strategy=strategy, spec=form.spec(), context=origin)
            else:
                arguments = {
                    kind.argument: item,
                    "spec": form.spec(),
                    "lock_version": form.cleaned_data["lock_version"],
                }
                kind.update(actor=request.user, context=origin, **arguments)
        except services.ItemEditConflict as refusal:
            # The user's input stays; saving again replaces what the other editor saved.
            item.refresh_from_db()
            form.add_error(None, refusal.message)
            form.add_error(None, _("Your input is kept: save again to replace the saved item."))
            form.with_version(item.lock_version)
        except DomainError as refusal:
            _refused_at(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return _back(strategy, kind)
    context = {
        "strategy": strategy,
        "form": form,
        "title": kind.edit_title if item is not None else kind.add_title,
        "section": kind.section,
    }
    return render(request, "strategies/strategy_item_form.html", context)


def item_remove(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    """A confirmation page (GET) and the removal (POST)."""
    item_kind = ITEMS[kind]
    strategy = _get_managed(request, pk)
    item = _item(strategy, item_kind, item_pk)
    if request.method == "POST":
        try:
            item_kind.remove(
                actor=request.user, context=RequestContext.of(request), **{item_kind.argument: item}
            )
        except DomainError as refusal:
            _tell(request, refusal)
        else:
            messages.success(request, _("Removed."))
        return _back(strategy, item_kind)
    context = {"strategy": strategy, "item": item, "kind": item_kind}
    return render(request, "strategies/strategy_item_remove.html", context)
