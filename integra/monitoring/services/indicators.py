"""Targets of indicators (baseline and target per programme and territory: the country's and the
voivodeships' set by the ministry, the gminas' by their region) and the values of entered
indicators (what Integra cannot count), entered by the gmina's coordinator. The pages and the API
write a whole area (or a gmina's period) at once: every problem at its field, nothing written
while one remains, and `lock_version` per row so that nobody overwrites an edit they never saw."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import Problem, RulesBroken
from integra.monitoring import rules
from integra.monitoring.models import Indicator, IndicatorValue, Target
from integra.monitoring.policies import can_enter_values_at, can_set_targets_at
from integra.territories.models import Territory

SETTERS_ONLY = gettext_lazy(
    "Only the ministry sets the targets of the country and the voivodeships, and only the "
    "regional office those of its gminas."
)
ENTERERS_ONLY = gettext_lazy("Only the gmina's coordinator enters its indicator values.")
CHANGED_MEANWHILE = gettext_lazy(
    "Someone changed this row since you opened the page: reload it and enter your change again."
)
AMOUNT_MAX = Decimal("9999999999999999.99")


class IndicatorInputInvalid(RulesBroken):
    code = "indicator_input_invalid"
    status = 422


class IndicatorEditConflict(RulesBroken):
    """A row changed since the user read it (its `lock_version` moved): nothing is written."""

    code = "indicator_edit_conflict"
    status = 409


@dataclass(frozen=True)
class TargetRow:
    """One indicator's row of an area's targets as the user sent it. `target` None: no target
    (allowed only where none is set); `lock_version` 0: the user saw no target yet."""

    indicator: Indicator
    target: Decimal | None
    baseline: Decimal | None
    lock_version: int


@dataclass(frozen=True)
class ValueRow:
    """One entered indicator's value of a gmina's period as the user sent it (`value` None: not
    entered; `lock_version` 0: the user saw no value yet)."""

    indicator: Indicator
    value: Decimal | None
    lock_version: int


def _amount_problems(prefix: str = "", **amounts: Decimal | None) -> list[Problem]:
    return [
        Problem(_("Give a number from 0 to %(max)s.") % {"max": AMOUNT_MAX}, field=prefix + name)
        for name, amount in amounts.items()
        if amount is not None and not Decimal(0) <= amount <= AMOUNT_MAX
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
    if not created:
        Target.objects.filter(pk=found.pk).update(lock_version=F("lock_version") + 1)
        found.refresh_from_db(fields=["lock_version"])
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
    require(actor, lambda user: can_enter_values_at(user, gmina.teryt), str(ENTERERS_ONLY))
    problems = rules.period_problems(period) + _amount_problems(value=value)
    if indicator.source != Indicator.Source.ENTERED:
        problems.append(Problem(_("This indicator is computed from the data."), field="indicator"))
    if gmina.level != Territory.Level.GMINA:
        problems.append(Problem(_("A value is entered for a gmina."), field="gmina"))
    _refuse(problems)
    parsed = rules.parse_period(period)
    assert parsed is not None
    found, created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        programme=programme,
        gmina=gmina,
        period=parsed.code,
        defaults={"value": value, "ends_on": parsed.ends_on},
    )
    if not created:
        IndicatorValue.objects.filter(pk=found.pk).update(lock_version=F("lock_version") + 1)
        found.refresh_from_db(fields=["lock_version"])
    record_event(
        actor=actor,
        action="monitoring.indicator_value.entered",
        target=found,
        territory_teryt=gmina.teryt,
        context=context,
        changes={"after": {"period": parsed.code, "value": value}},
    )
    return found


def _area_problems(teryt: str) -> list[Problem]:
    if (
        teryt
        and not Territory.objects.filter(
            teryt=teryt, level__in=(Territory.Level.VOIVODESHIP, Territory.Level.GMINA)
        ).exists()
    ):
        return [Problem(_("No voivodeship or gmina has this code."), field="teryt")]
    return []


def _target_row_problems(row: TargetRow, current: Target | None) -> list[Problem]:
    code = row.indicator.code
    problems = rules.target_row_problems(
        code, row.target, row.baseline, has_target=current is not None
    )
    return problems + _amount_problems(f"{code}-", target=row.target, baseline=row.baseline)


def _conflicts(rows: Sequence[Any], current: dict[int, Any], field: str) -> list[Problem]:
    problems = []
    for row in rows:
        found = current.get(row.indicator.pk)
        seen = 0 if found is None else found.lock_version
        if seen != row.lock_version:
            problems.append(Problem(str(CHANGED_MEANWHILE), field=f"{row.indicator.code}-{field}"))
    return problems


def _refuse_conflicts(problems: list[Problem]) -> None:
    if problems:
        raise IndicatorEditConflict(problems[0].message, problems)


@transaction.atomic
def set_targets(
    *,
    actor: Actor,
    programme: Any,
    teryt: str,
    rows: Sequence[TargetRow],
    context: RequestContext | None = None,
) -> list[Target]:
    """Every target of an area at once (the country '', a voivodeship, a gmina): rows whose
    figures did not change are left as they are, the others are created or changed, each with
    its audit event. Raises IndicatorInputInvalid (every problem at its field `<code>-target` or
    `<code>-baseline`) or IndicatorEditConflict (the rows changed meanwhile), writing nothing;
    PermissionDenied outside the actor's rights."""
    require(actor, lambda user: can_set_targets_at(user, teryt), str(SETTERS_ONLY))
    _refuse(_area_problems(teryt))
    current = {
        t.indicator_id: t
        for t in Target.objects.select_for_update().filter(programme=programme, teryt=teryt)
    }
    problems = [p for row in rows for p in _target_row_problems(row, current.get(row.indicator.pk))]
    _refuse(problems)
    _refuse_conflicts(_conflicts(rows, current, "target"))
    written = []
    for row in rows:
        if row.target is None:
            continue
        baseline = row.baseline or Decimal(0)
        found = current.get(row.indicator.pk)
        if found is not None and (found.target, found.baseline) == (row.target, baseline):
            continue
        before = None if found is None else {"target": found.target, "baseline": found.baseline}
        if found is None:
            found = Target.objects.create(
                indicator=row.indicator,
                programme=programme,
                teryt=teryt,
                target=row.target,
                baseline=baseline,
            )
        else:
            found.target, found.baseline = row.target, baseline
            found.lock_version += 1
            found.save(update_fields=["target", "baseline", "lock_version"])
        record_event(
            actor=actor,
            action="monitoring.target." + ("created" if before is None else "changed"),
            target=found,
            territory_teryt=teryt,
            context=context,
            changes={"before": before, "after": {"target": row.target, "baseline": baseline}},
        )
        written.append(found)
    return written


@transaction.atomic
def enter_values(
    *,
    actor: Actor,
    programme: Any,
    gmina: Territory,
    period: str,
    rows: Sequence[ValueRow],
    context: RequestContext | None = None,
) -> list[IndicatorValue]:
    """Every entered indicator of a gmina's period at once: unchanged rows are left, the others
    created or changed, each with its audit event. Raises IndicatorInputInvalid (the period at
    `period`, a value at `<code>-value`) or IndicatorEditConflict, writing nothing;
    PermissionDenied unless the actor coordinates the gmina."""
    require(actor, lambda user: can_enter_values_at(user, gmina.teryt), str(ENTERERS_ONLY))
    period = period.strip().upper()
    parsed = rules.parse_period(period)
    problems = rules.period_problems(period)
    if gmina.level != Territory.Level.GMINA:
        problems.append(Problem(_("A value is entered for a gmina."), field="gmina"))
    current = {
        v.indicator_id: v
        for v in IndicatorValue.objects.select_for_update().filter(
            programme=programme, gmina=gmina, period=parsed.code if parsed else period
        )
    }
    for row in rows:
        code = row.indicator.code
        if row.indicator.source != Indicator.Source.ENTERED:
            problems.append(
                Problem(_("This indicator is computed from the data."), field=f"{code}-value")
            )
        else:
            problems += rules.value_row_problems(
                code, row.value, has_value=row.indicator.pk in current
            )
        problems += _amount_problems(f"{code}-", value=row.value)
    _refuse(problems)
    assert parsed is not None
    _refuse_conflicts(_conflicts(rows, current, "value"))
    written = []
    for row in rows:
        found = current.get(row.indicator.pk)
        if row.value is None or (found is not None and found.value == row.value):
            continue
        before = None if found is None else {"value": found.value}
        if found is None:
            found = IndicatorValue.objects.create(
                indicator=row.indicator,
                programme=programme,
                gmina=gmina,
                period=parsed.code,
                ends_on=parsed.ends_on,
                value=row.value,
            )
        else:
            found.value = row.value
            found.lock_version += 1
            found.save(update_fields=["value", "lock_version", "entered_at"])
        record_event(
            actor=actor,
            action="monitoring.indicator_value." + ("entered" if before is None else "changed"),
            target=found,
            territory_teryt=gmina.teryt,
            context=context,
            changes={"before": before, "after": {"period": parsed.code, "value": row.value}},
        )
        written.append(found)
    return written
