"""Targets of indicators (baseline and target per programme and territory) and the values of
entered indicators (what Integra cannot count), set by the ministry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import Problem, RulesBroken
from integra.monitoring import rules
from integra.monitoring.models import Indicator, IndicatorValue, Target
from integra.monitoring.policies import can_set_targets_at
from integra.territories.models import Territory

SETTERS_ONLY = gettext_lazy("Only the ministry sets indicator targets and values.")
AMOUNT_MAX = Decimal("9999999999999999.99")


class IndicatorInputInvalid(RulesBroken):
    code = "indicator_input_invalid"
    status = 422


def _amount_problems(**amounts: Decimal) -> list[Problem]:
    return [
        Problem(_("Give a number from 0 to %(max)s.") % {"max": AMOUNT_MAX}, field=name)
        for name, amount in amounts.items()
        if not Decimal(0) <= amount <= AMOUNT_MAX
    ]


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise IndicatorInputInvalid(problems[0].message, problems)


@transaction.atomic
def set_target(
    *,
    actor: Actor,
    indicator: Indicator,
    programme: Any,
    teryt: str,
    target: Decimal,
    baseline: Decimal = Decimal(0),
    context: RequestContext | None = None,
) -> Target:
    """The indicator's baseline and target in the programme for the country (`teryt` ''), a
    voivodeship or a gmina; a second call replaces them."""
    require(actor, lambda user: can_set_targets_at(user, teryt), str(SETTERS_ONLY))
    problems = _amount_problems(target=target, baseline=baseline)
    if (
        teryt
        and not Territory.objects.filter(teryt=teryt, level__in=("voivodeship", "gmina")).exists()
    ):
        problems.append(Problem(_("No voivodeship or gmina has this code."), field="teryt"))
    _refuse(problems)
    found, created = Target.objects.update_or_create(
        indicator=indicator,
        programme=programme,
        teryt=teryt,
        defaults={"target": target, "baseline": baseline},
    )
    record_event(
        actor=actor,
        action="monitoring.target." + ("created" if created else "changed"),
        target=found,
        territory_teryt=teryt,
        context=context,
        changes={"after": {"target": target, "baseline": baseline}},
    )
    return found


@transaction.atomic
def enter_value(
    *,
    actor: Actor,
    indicator: Indicator,
    programme: Any,
    gmina: Territory,
    period: str,
    value: Decimal,
    context: RequestContext | None = None,
) -> IndicatorValue:
    """The value of an entered indicator for a gmina and a period (a second call replaces it)."""
    require(actor, lambda user: can_set_targets_at(user, gmina.teryt), str(SETTERS_ONLY))
    problems = rules.period_problems(period) + _amount_problems(value=value)
    if indicator.source != Indicator.Source.ENTERED:
        problems.append(Problem(_("This indicator is computed from the data."), field="indicator"))
    if gmina.level != Territory.Level.GMINA:
        problems.append(Problem(_("A value is entered for a gmina."), field="gmina"))
    _refuse(problems)
    parsed = rules.parse_period(period)
    assert parsed is not None
    found, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        programme=programme,
        gmina=gmina,
        period=parsed.code,
        defaults={"value": value, "ends_on": parsed.ends_on},
    )
    record_event(
        actor=actor,
        action="monitoring.indicator_value.entered",
        target=found,
        territory_teryt=gmina.teryt,
        context=context,
        changes={"after": {"period": parsed.code, "value": value}},
    )
    return found
