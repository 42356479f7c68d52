"""API of the indicator targets (`/indicator-targets`) and the entered values
(`/indicator-values`): read by everyone who reads the dashboards, within their scope; an area's
targets written at once by the ministry (the country, a voivodeship) or the regional office (its
gminas), a gmina's values of a period by its coordinator. The same services as the pages: every
problem at its field (422), a row changed meanwhile 409, nothing written."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.core.errors import RulesBroken
from integra.monitoring import policies, services
from integra.monitoring.api.schemas import (
    TargetFilters,
    TargetOut,
    TargetSheetIn,
    ValueFilters,
    ValueOut,
    ValueSheetIn,
)
from integra.monitoring.models import Indicator, IndicatorValue, Target
from integra.monitoring.selectors import targets as selectors
from integra.programmes.models import Programme
from integra.territories.models import Territory

targets_router = Router(tags=["indicators"])
values_router = Router(tags=["indicators"])


def _programme(code: str) -> Programme:
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        raise RulesBroken.at("programme", _("No programme has this code."))
    return programme


def _indicators(codes: list[str], field: str) -> dict[str, Indicator]:
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for n, code in enumerate(codes):
        if code not in found:
            raise RulesBroken.at(f"{field}.{n}.indicator", _("No indicator has this code."))
    if len(set(codes)) != len(codes):
        raise RulesBroken.at(field, _("Give each indicator once."))
    return found


def _visible(request: HttpRequest, teryt: str) -> None:
    """404 for an area the caller does not read (its existence is not disclosed)."""
    if not policies.can_view_indicators_at(caller(request), teryt):
        raise Http404


@targets_router.get("", response=list[TargetOut], summary="List indicator targets")
@paginate(PageNumberPagination)
def indicator_targets_list(request: HttpRequest, filters: Query[TargetFilters]) -> QuerySet[Target]:
    programme = (
        Programme.objects.filter(code=filters.programme).first() if filters.programme else None
    )
    if filters.programme and programme is None:
        return Target.objects.none()
    area = filters.area
    return selectors.list_targets(
        user=caller(request), programme=programme, teryt="" if area == "PL" else area
    )


@targets_router.put("", response=list[TargetOut], summary="Set an area's indicator targets")
def indicator_targets_set(request: HttpRequest, data: TargetSheetIn) -> Any:
    teryt = "" if data.area == "PL" else data.area
    _visible(request, teryt)
    programme = _programme(data.programme)
    indicators = _indicators([row.indicator for row in data.targets], "targets")
    services.set_targets(
        actor=caller(request),
        programme=programme,
        teryt=teryt,
        rows=[
            services.TargetRow(
                indicator=indicators[row.indicator],
                target=row.target,
                baseline=row.baseline,
                lock_version=row.lock_version,
            )
            for row in data.targets
        ],
        context=RequestContext.of(request),
    )
    return list(
        selectors.list_targets(user=caller(request), programme=programme, teryt=teryt).filter(
            teryt=teryt
        )
    )


@values_router.get("", response=list[ValueOut], summary="List entered indicator values")
@paginate(PageNumberPagination)
def indicator_values_list(
    request: HttpRequest, filters: Query[ValueFilters]
) -> QuerySet[IndicatorValue]:
    programme = (
        Programme.objects.filter(code=filters.programme).first() if filters.programme else None
    )
    if filters.programme and programme is None:
        return IndicatorValue.objects.none()
    return selectors.list_values(
        user=caller(request),
        programme=programme,
        teryt=filters.area or "",
        period=filters.period or "",
    )


@values_router.put("", response=list[ValueOut], summary="Enter a gmina's indicator values")
def indicator_values_set(request: HttpRequest, data: ValueSheetIn) -> Any:
    _visible(request, data.gmina)
    gmina = Territory.objects.filter(teryt=data.gmina, level=Territory.Level.GMINA).first()
    if gmina is None:
        raise Http404
    programme = _programme(data.programme)
    indicators = _indicators([row.indicator for row in data.values], "values")
    services.enter_values(
        actor=caller(request),
        programme=programme,
        gmina=gmina,
        period=data.period,
        rows=[
            services.ValueRow(
                indicator=indicators[row.indicator], value=row.value, lock_version=row.lock_version
            )
            for row in data.values
        ],
        context=RequestContext.of(request),
    )
    return list(
        selectors.list_values(
            user=caller(request), programme=programme, teryt=gmina.teryt, period=data.period
        )
    )
