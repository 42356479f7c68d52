"""Writes of allocation runs: create a run from a programme's gminas, publish it (locking it and
scheduling its tranches)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.allocations.models import AllocationResult, AllocationRun, Tranche
from integra.allocations.policies import can_manage_allocation_runs
from integra.allocations.rules import AllocationRequest, allocate
from integra.allocations.services.published import TrancheTransferred, schedule_tranches
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, label_of, require, user_of
from integra.core.cache import invalidate, programme_group
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.money import MAX_AMOUNT
from integra.programmes.models import Participation, Programme
from integra.territories.models import PopulationRecord, Territory

# The PopulationRecord field behind each indicator.
INDICATOR_FIELDS = {
    AllocationRun.Indicator.TOTAL: "total",
    AllocationRun.Indicator.AGE_0_17: "age_0_17",
    AllocationRun.Indicator.POST_WORKING: "post_working_age",
}
# A weight of the weighted sum: 0 to MAX_WEIGHT with at most two decimal places, so that the
# weighted value of whole people is exact in an indicator value of two decimal places.
MAX_WEIGHT = Decimal("1000")
WEIGHT_STEP = Decimal("0.01")

if TYPE_CHECKING:
    from integra.accounts.models import User


class AllocationInputMissing(DomainError):
    code = "allocation_input_missing"


class AllocationImportInvalid(RulesBroken):
    """Imported amounts that do not fit the run; every problem is at the field `amounts`."""

    code = "allocation_import_invalid"
    status = 400


class AllocationWeightsInvalid(RulesBroken):
    """The weights of the weighted sum are missing, malformed, or given with another indicator;
    each problem names its field (`weights` or `weights.<indicator code>`)."""

    code = "allocation_weights_invalid"


class AllocationRunLocked(DomainError):
    code = "allocation_run_locked"
    status = 409


@dataclass(frozen=True)
class RunParameters:
    """How a run splits its budget (amounts in EUR)."""

    method: str
    indicator: str = AllocationRun.Indicator.TOTAL
    year: int = 2010
    budget: Decimal = Decimal("0")
    unit: Decimal = Decimal("100")
    floor: Decimal | None = None
    cap: Decimal | None = None
    # Indicator "weighted" only: {indicator code of INDICATOR_FIELDS: weight}, a missing code 0.
    weights: Mapping[str, Decimal] | None = None


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(sorted(codes))


def _weight(value: Any) -> Decimal | None:
    """The weight as a Decimal, or None when it is no number within the bounds and places."""
    try:
        weight = Decimal(str(value).strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not weight.is_finite() or not 0 <= weight <= MAX_WEIGHT:
        return None
    if weight != weight.quantize(WEIGHT_STEP):
        return None
    # One spelling per weight ("0.50", "5E-1" → "0.5", "-0" → "0"): values and stored inputs alike.
    return Decimal(_plain(abs(weight)))


def _weight_problems(weights: Mapping[str, Any]) -> tuple[list[Problem], dict[str, Decimal]]:
    problems, parsed = [], {}
    if unknown := weights.keys() - {code.value for code in INDICATOR_FIELDS}:
        problems.append(
            Problem(
                _("unknown indicator(s): %(codes)s; the weights are for %(known)s")
                % {"codes": _codes(map(str, unknown)), "known": _codes(INDICATOR_FIELDS)},
                field="weights",
            )
        )
    for code in INDICATOR_FIELDS:
        if code.value not in weights:
            continue
        weight = _weight(weights[code.value])
        if weight is None:
            problems.append(
                Problem(
                    _("the weight must be a number from 0 to %(max)s with at most two decimals")
                    % {"max": MAX_WEIGHT},
                    field=f"weights.{code.value}",
                )
            )
        else:
            parsed[code.value] = weight
    return problems, parsed


def check_weights(indicator: str, weights: Mapping[str, Any] | None) -> dict[str, Decimal] | None:
    """The weights of every indicator code (a missing code weighs 0) for the weighted sum, None for
    another indicator. AllocationWeightsInvalid lists every problem at once: weights missing for
    the weighted sum or given with another indicator, an unknown code, a weight that is no number
    from 0 to MAX_WEIGHT with at most two decimal places, no weight above zero."""
    if indicator != AllocationRun.Indicator.WEIGHTED:
        if weights:
            raise AllocationWeightsInvalid(
                _("Weights go with the weighted sum of indicators only; nothing was saved."),
                [Problem(_("weights are given for another indicator"), field="weights")],
            )
        return None
    if not weights:
        problems = [Problem(_("the weighted sum needs weights"), field="weights")]
        parsed: dict[str, Decimal] = {}
    else:
        problems, parsed = _weight_problems(weights)
    if not problems and not any(parsed.values()):
        problems.append(Problem(_("at least one weight must be above zero"), field="weights"))
    if problems:
        raise AllocationWeightsInvalid(
            _("The weights of the indicators are refused; nothing was saved."), problems
        )
    return {code.value: parsed.get(code.value, Decimal(0)) for code in INDICATOR_FIELDS}


def _plain(number: Decimal) -> str:
    """A decimal without trailing zeros nor exponent: 1.50 → "1.5", 100 → "100"."""
    return f"{number.normalize():f}"


def _population_values(
    teryts: set[str], *, indicator: str, year: int, weights: Mapping[str, Decimal] | None
) -> dict[str, Decimal]:
    records = PopulationRecord.objects.filter(territory__teryt__in=teryts, year=year)
    if weights is None:
        field = INDICATOR_FIELDS[AllocationRun.Indicator(indicator)]
        return {
            teryt: Decimal(value) for teryt, value in records.values_list("territory__teryt", field)
        }
    fields = [INDICATOR_FIELDS[AllocationRun.Indicator(code)] for code in weights]
    return {
        teryt: sum(
            (weight * Decimal(value) for weight, value in zip(weights.values(), row, strict=True)),
            Decimal(0),
        )
        for teryt, *row in records.values_list("territory__teryt", *fields)
    }


def indicator_values(
    gminas: Iterable[Territory],
    *,
    indicator: str,
    year: int,
    weights: Mapping[str, Decimal] | None = None,
) -> dict[str, Decimal]:
    """{TERYT: indicator value} for the year — for the weighted sum, Σ weight × population group
    of the gmina. Raises AllocationWeightsInvalid (see check_weights), AllocationInputMissing
    naming the gminas without a population record for that year."""
    checked = check_weights(AllocationRun.Indicator(indicator), weights)
    teryts = {gmina.teryt for gmina in gminas}
    values = _population_values(teryts, indicator=indicator, year=year, weights=checked)
    missing = teryts - values.keys()
    if missing:
        raise AllocationInputMissing(
            _("No population record for %(year)s for the gmina(s): %(codes)s.")
            % {"year": year, "codes": _codes(missing)}
        )
    return values


def _bounded(amount: Decimal) -> bool:
    amount = Decimal(amount)
    return amount.is_finite() and abs(amount) <= MAX_AMOUNT


def check_imported_amounts(
    amounts: Mapping[str, Decimal], *, teryts: Iterable[str], budget: Decimal, unit: Decimal
) -> None:
    """Imported amounts must cover exactly the gminas, be non-negative multiples of the unit and
    sum to the budget; AllocationImportInvalid lists the offending TERYT codes."""
    expected = set(teryts)
    messages = []
    if missing := expected - amounts.keys():
        messages.append(_("no amount for %(codes)s") % {"codes": _codes(missing)})
    if extra := amounts.keys() - expected:
        messages.append(
            _("amounts for gminas not taking part: %(codes)s") % {"codes": _codes(extra)}
        )
    # Bounded before the remainder: 1E+30 % 100 is no Decimal the context can hold.
    if huge := {teryt for teryt, amount in amounts.items() if not _bounded(amount)}:
        messages.append(
            _("not an amount up to %(max)s: %(codes)s") % {"max": MAX_AMOUNT, "codes": _codes(huge)}
        )
    bounded = {teryt: amount for teryt, amount in amounts.items() if teryt not in huge}
    if bad := {teryt for teryt, amount in bounded.items() if amount < 0 or amount % unit != 0}:
        messages.append(
            _("not a non-negative multiple of %(unit)s: %(codes)s")
            % {"unit": unit, "codes": _codes(bad)}
        )
    total = None if huge else sum(amounts.values(), Decimal(0))
    if total is not None and total != budget:
        messages.append(
            _("the amounts sum to %(total)s, not to the budget %(budget)s")
            % {"total": total, "budget": budget}
        )
    if messages:
        raise AllocationImportInvalid(
            _("Imported amounts refused; nothing was saved."),
            [Problem(message, field="amounts") for message in messages],
        )


def compute(
    params: RunParameters,
    gminas: Iterable[Territory],
    amounts: Mapping[str, Decimal] | None = None,
) -> tuple[dict[str, Decimal | None], dict[str, Decimal]]:
    """(indicator values, amounts) per TERYT for the method; writes nothing. Raises
    AllocationWeightsInvalid, AllocationInputMissing, AllocationImportInvalid or the engine's
    AllocationImpossible."""
    check_weights(params.indicator, params.weights)
    gminas = list(gminas)
    teryts = [gmina.teryt for gmina in gminas]
    if params.method == AllocationRun.Method.IMPORT:
        check_imported_amounts(amounts or {}, teryts=teryts, budget=params.budget, unit=params.unit)
        return dict.fromkeys(teryts), {teryt: Decimal(amounts[teryt]) for teryt in teryts}  # type: ignore[index]
    if params.method == AllocationRun.Method.EQUAL:
        weights: dict[str, Decimal] = dict.fromkeys(teryts, Decimal(1))
    else:
        weights = indicator_values(
            gminas, indicator=params.indicator, year=params.year, weights=params.weights
        )
    result = allocate(
        AllocationRequest(
            budget=params.budget,
            weights=weights,
            unit=params.unit,
            floor=params.floor,
            cap=params.cap,
        )
    )
    return dict(weights), result


def _participating_gminas(programme: Programme) -> list[Territory]:
    participations = (
        Participation.objects.filter(programme=programme)
        .exclude(status=Participation.Status.WITHDRAWN)
        .select_related("gmina")
        .order_by("gmina__teryt")
    )
    return [participation.gmina for participation in participations]


def require_run_manager(actor: Actor) -> None:
    """PermissionDenied unless the actor is the system or a ministry administrator (the API asks
    it first, so that a refusal comes before any lookup)."""
    require(
        actor,
        can_manage_allocation_runs,
        _("Only a ministry administrator may manage allocation runs."),
    )


def _normalised(params: RunParameters) -> RunParameters:
    indicator = AllocationRun.Indicator(params.indicator)
    return replace(
        params,
        method=AllocationRun.Method(params.method),
        indicator=indicator,
        budget=Decimal(params.budget),
        unit=Decimal(params.unit),
        weights=check_weights(indicator, params.weights),
    )


@transaction.atomic
def create_run(
    *,
    actor: Actor,
    programme: Programme,
    params: RunParameters,
    amounts: Mapping[str, Decimal] | None = None,
    context: RequestContext | None = None,
) -> AllocationRun:
    """Compute and store a draft run over the programme's gminas (participations not withdrawn).

    Raises PermissionDenied unless the actor is a ministry administrator, AllocationWeightsInvalid
    for weights that do not fit the indicator, AllocationInputMissing when a gmina has no
    population for the year, AllocationImportInvalid for bad imported amounts,
    AllocationImpossible (engine) when the parameters cannot be met.
    """
    require_run_manager(actor)
    params = _normalised(params)
    gminas = _participating_gminas(programme)
    values, result = compute(params, gminas, amounts)
    weights = {code: _plain(weight) for code, weight in (params.weights or {}).items()}
    run = AllocationRun.objects.create(
        programme=programme,
        method=params.method,
        indicator=params.indicator,
        indicator_weights=weights,
        data_year=params.year,
        budget_eur=params.budget,
        unit_eur=params.unit,
        floor_eur=params.floor,
        cap_eur=params.cap,
        created_by=cast("User | None", user_of(actor)),
        created_by_label=label_of(actor),
        inputs={
            teryt: str(result[teryt] if params.method == AllocationRun.Method.IMPORT else value)
            for teryt, value in values.items()
        },
    )
    AllocationResult.objects.bulk_create(
        AllocationResult(
            run=run,
            gmina=gmina,
            indicator_value=values[gmina.teryt],
            amount_eur=result[gmina.teryt],
        )
        for gmina in gminas
    )
    record_event(
        actor=actor,
        action="allocations.allocation_run.created",
        target=run,
        context=context,
        changes={
            "programme": programme.code,
            "method": params.method,
            "indicator": params.indicator,
            "indicator_weights": weights,
            "year": params.year,
            "budget_eur": params.budget,
            "unit_eur": params.unit,
            "floor_eur": params.floor,
            "cap_eur": params.cap,
            "gminas": len(gminas),
        },
    )
    return run


@transaction.atomic
def publish_run(
    *, actor: Actor, run: AllocationRun, context: RequestContext | None = None
) -> AllocationRun:
    """Publish a draft run, locking its amounts and giving every gmina its default schedule of
    tranches; the programme's previously published run becomes superseded. Raises
    PermissionDenied, AllocationRunLocked when the run is not a draft, TrancheTransferred when
    money of the published run has already been transferred (amend it instead)."""
    require_run_manager(actor)
    run = AllocationRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    if run.status != AllocationRun.Status.DRAFT:
        raise AllocationRunLocked(
            _("Run %(id)s is %(status)s: only a draft can be published.")
            % {"id": run.pk, "status": run.get_status_display()}
        )
    previous = list(
        AllocationRun.objects.select_for_update().filter(
            programme=run.programme, status=AllocationRun.Status.PUBLISHED
        )
    )
    if Tranche.objects.filter(result__run__in=previous, status=Tranche.Status.TRANSFERRED).exists():
        raise TrancheTransferred(
            _(
                "Tranches of the published run have already been transferred: change a gmina's "
                "amount by an amendment instead of publishing another run."
            )
        )
    AllocationRun.objects.filter(pk__in=[p.pk for p in previous]).update(
        status=AllocationRun.Status.SUPERSEDED
    )
    run.status = AllocationRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.save(update_fields=["status", "published_at"])
    tranches = schedule_tranches(run)
    invalidate(programme_group(run.programme_id))
    record_event(
        actor=actor,
        action="allocations.allocation_run.published",
        target=run,
        context=context,
        changes={
            "programme": run.programme.code,
            "superseded": [p.pk for p in previous],
            "tranches": tranches,
        },
    )
    return run
