"""Pages of the indicator targets and the entered values: the lists (with their exports) that
every reader of the dashboards sees within their scope, the page where the ministry (the country,
a voivodeship) or the regional office (its gminas) sets an area's baselines and targets of every
indicator at once, and the page where the gmina's coordinator enters the values of a period."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import export_response
from integra.core.forms import show_refusal
from integra.monitoring import exports, policies, services
from integra.monitoring.forms import SheetChoiceForm, TargetSheetForm, ValueSheetForm
from integra.monitoring.selectors import targets as selectors
from integra.monitoring.selectors.indicators import find_area
from integra.programmes.models import Programme
from integra.territories.models import Territory

COUNTRY = "PL"
_AREA = re.compile(r"^(PL|\d{2}|\d{7})$")


def _require_opener(request: HttpRequest) -> None:
    if not policies.can_open_targets(request.user):
        raise PermissionDenied(_("Your role does not give access to indicators."))


def _list_filters(request: HttpRequest) -> tuple[Programme | None, str | None, str]:
    """(programme or None, area: '' the country, digits a TERYT prefix, None all; period)."""
    code = request.GET.get("programme", "")
    programme = Programme.objects.filter(code=code).first() if code else None
    area = request.GET.get("area", "").strip().upper()
    teryt = None if not _AREA.match(area) else ("" if area == COUNTRY else area)
    period = request.GET.get("period", "").strip().upper()
    return programme, teryt, period if len(period) <= 7 else ""


def _list_context(request: HttpRequest, found: Any, **extra: Any) -> dict[str, Any]:
    programme, _teryt, period = _list_filters(request)
    return {
        "page": Paginator(found, 50).get_page(request.GET.get("page")),
        "programmes": Programme.objects.order_by("-starts_on"),
        "programme": programme,
        "area": request.GET.get("area", "")[:7],
        "period": period,
        **extra,
    }


def _targets(request: HttpRequest) -> Any:
    programme, teryt, _period = _list_filters(request)
    return selectors.list_targets(user=request.user, programme=programme, teryt=teryt)


def _values(request: HttpRequest) -> Any:
    programme, teryt, period = _list_filters(request)
    return selectors.list_values(
        user=request.user, programme=programme, teryt=teryt or "", period=period
    )


def target_list(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    context = _list_context(
        request, _targets(request), may_set=bool(selectors.target_areas(request.user))
    )
    return render(request, "monitoring/target_list.html", context)


def target_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_opener(request)
    targets = list(_targets(request))
    names = selectors.area_names(t.teryt for t in targets)
    return export_response(exports.target_table(targets, names), fmt)


def value_list(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    context = _list_context(
        request, _values(request), may_enter=bool(selectors.entering_gminas(request.user))
    )
    return render(request, "monitoring/value_list.html", context)


def value_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_opener(request)
    return export_response(exports.value_table(_values(request)), fmt)


def _area_in_scope(request: HttpRequest, area: str, may_write: Any) -> None:
    """404 for an area the user does not read, 403 for one they read but may not write."""
    if not _AREA.match(area):
        return
    teryt = "" if area == COUNTRY else area
    if not policies.can_view_indicators_at(request.user, teryt):
        raise Http404(_("No such unit."))
    if not may_write(request.user, teryt):
        raise PermissionDenied(_("Your role does not let you change this area's figures."))


def _choice(request: HttpRequest, areas: list[tuple[str, str]], *, with_period: bool) -> Any:
    data = request.GET if "programme" in request.GET else None
    choices = [(COUNTRY if code == "" else code, label) for code, label in areas]
    return SheetChoiceForm(data, areas=choices, with_period=with_period)


def target_edit(request: HttpRequest) -> HttpResponse:
    """Chooses a programme and an area; then every indicator's baseline and target of that
    area, saved at once."""
    _require_opener(request)
    areas = selectors.target_areas(request.user)
    if not areas:
        raise PermissionDenied(str(services.indicators.SETTERS_ONLY))
    _area_in_scope(request, request.GET.get("area", ""), policies.can_set_targets_at)
    choice = _choice(request, areas, with_period=False)
    context: dict[str, Any] = {"choice": choice}
    if choice.is_bound and choice.is_valid():
        programme = choice.cleaned_data["programme"]
        teryt = "" if choice.cleaned_data["area"] == COUNTRY else choice.cleaned_data["area"]
        form = TargetSheetForm(
            request.POST if request.method == "POST" else None,
            rows=selectors.target_sheet(programme, teryt),
        )
        context.update(form=form, area=find_area(teryt), programme=programme)
        if request.method == "POST" and form.is_valid():
            rows = [
                services.TargetRow(indicator=i, target=t, baseline=b, lock_version=v)
                for i, t, b, v in form.entries()
            ]
            try:
                written = services.set_targets(
                    actor=request.user,  # type: ignore[arg-type]
                    programme=programme,
                    teryt=teryt,
                    rows=rows,
                    context=RequestContext.of(request),
                )
            except DomainError as refusal:
                show_refusal(form, refusal)
                return render(
                    request, "monitoring/target_edit.html", context, status=refusal.status
                )
            messages.success(
                request, _("Targets saved: %(count)s changed.") % {"count": len(written)}
            )
            return redirect(request.get_full_path())
        if request.method == "POST":
            return render(request, "monitoring/target_edit.html", context, status=422)
    return render(request, "monitoring/target_edit.html", context)


def _gmina(area: str) -> Territory:
    try:
        return Territory.objects.get(teryt=area, level=Territory.Level.GMINA)
    except Territory.DoesNotExist as exc:
        raise Http404(_("No such unit.")) from exc


def value_edit(request: HttpRequest) -> HttpResponse:
    """Chooses a programme, a gmina and a period; then the gmina's value of every entered
    indicator for that period, saved at once."""
    _require_opener(request)
    gminas = selectors.entering_gminas(request.user)
    if not gminas:
        raise PermissionDenied(str(services.indicators.ENTERERS_ONLY))
    _area_in_scope(request, request.GET.get("area", ""), policies.can_enter_values_at)
    choice = _choice(
        request, [(g.teryt, f"{g.name} ({g.teryt})") for g in gminas], with_period=True
    )
    context: dict[str, Any] = {"choice": choice}
    if choice.is_bound and choice.is_valid():
        programme, period = choice.cleaned_data["programme"], choice.cleaned_data["period"]
        gmina = _gmina(choice.cleaned_data["area"])
        form = ValueSheetForm(
            request.POST if request.method == "POST" else None,
            rows=selectors.value_sheet(programme, gmina, period),
        )
        context.update(form=form, gmina=gmina, programme=programme, period=period)
        if request.method == "POST" and form.is_valid():
            rows = [
                services.ValueRow(indicator=i, value=value, lock_version=v)
                for i, value, v in form.entries()
            ]
            try:
                written = services.enter_values(
                    actor=request.user,  # type: ignore[arg-type]
                    programme=programme,
                    gmina=gmina,
                    period=period,
                    rows=rows,
                    context=RequestContext.of(request),
                )
            except DomainError as refusal:
                show_refusal(form, refusal)
                return render(request, "monitoring/value_edit.html", context, status=refusal.status)
            messages.success(
                request, _("Values saved: %(count)s changed.") % {"count": len(written)}
            )
            return redirect(request.get_full_path())
        if request.method == "POST":
            return render(request, "monitoring/value_edit.html", context, status=422)
    return render(request, "monitoring/value_edit.html", context)
