"""The one computation of indicators: reports, dashboards and the API all read it, so they agree.

Every computed indicator is counted per gmina (a row keyed by its TERYT code) from the lower apps'
data, cumulatively up to the end of the asked period; an area (the country '', a voivodeship's
2 digits, a gmina's 7) then takes the rows whose code starts with its prefix:

- `sum` (counts and amounts): the sum of the rows, so national = Σ voivodeships = Σ gminas;
- `ratio` (a share in %): the sums of numerator and denominator divided at the area's level;
- `distinct` (training sessions): the union of the rows' sets of ids — a session attended from
  two gminas counts once; sessions organised by a region or the ministry are keyed by the
  organiser's code and count only where it lies.

Training lies in `outreach`, above this app: outreach fills the registry of `SOURCES` from its
AppConfig.ready (`register_source`), so the computation stays here and reads its figures without
importing it (docs/adr/0014). Entered indicators take each gmina's latest value up to the period.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from integra.catalog.models import TargetGroup
from integra.contracts.models import Contract, ContractService, ReportCost, ReportReach
from integra.core.cache import cached, programme_group
from integra.finance.selectors import allocated_by_teryt
from integra.monitoring.models import Indicator, IndicatorValue, Target
from integra.monitoring.policies import can_view_indicators_at
from integra.monitoring.rules import Period
from integra.programmes.models import Participation, Programme
from integra.providers import rules as provider_rules
from integra.providers.models import Provider
from integra.strategies.models import Strategy
from integra.territories.models import PUBLIC_PAGES, Territory

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
NEW_ORGANISATION_KINDS = (
    provider_rules.ASSOCIATION,
    provider_rules.FOUNDATION,
    provider_rules.INFORMAL_GROUP,
)

# Codes of the computed indicators (the packaged CSV defines them; data/indicators.csv).
CONTRACTS = "CONTRACTS"
CONTRACT_VALUE = "CONTRACT_VALUE"
SERVICES = "SERVICES"
PROVIDERS = "PROVIDERS"
NEW_NGOS = "NEW_NGOS"
PARTNERSHIPS = "PARTNERSHIPS"
TRAINING_SESSIONS = "TRAINING_SESSIONS"
TRAINING_PARTICIPANTS = "TRAINING_PARTICIPANTS"
STRATEGIES_UPDATED = "STRATEGIES_UPDATED"
PEOPLE_REACHED = "PEOPLE_REACHED"
ALLOCATION_SPENT = "ALLOCATION_SPENT"


@dataclass(frozen=True)
class Scope:
    """What a computation counts: a programme, up to a day, within a TERYT prefix, optionally
    for one target group (the indicators that know groups; the others ignore it)."""

    programme: Any
    ends_on: dt.date
    prefix: str = ""
    group: str = ""
    # The area is exactly the prefix's unit (a summary refreshing one gmina's rows).
    exact: bool = False
    # Count per TERYT key and day of the event (see "The per-gmina counts").
    by_day: bool = False


@dataclass
class Rows:
    """One indicator's figures per TERYT key: amounts (sum), pairs (ratio) or id sets
    (distinct), with breakdowns per dimension and key (additive: counted per gmina as well)."""

    sums: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    denominators: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    sets: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))
    breakdown: dict[str, dict[str, dict[str, Decimal]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(Decimal)))
    )

    def add(self, key: str, amount: Any) -> None:
        self.sums[key] += Decimal(amount or 0)

    def split(self, key: str, dimension: str, value: str, amount: Any) -> None:
        self.breakdown[key][dimension][value] += Decimal(amount or 0)


Source = Callable[[Scope], dict[str, Rows]]
# Sources filled by apps above monitoring (outreach), by indicator code: {code: Rows}.
SOURCES: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """An upper app's figures: `source(scope)` returns {indicator code: Rows}. Registering a
    name again replaces it (a re-run of ready() changes nothing)."""
    SOURCES[name] = source


@dataclass
class Figure:
    """An indicator's value over an area: what pages, exports and the API show."""

    code: str
    name_pl: str
    name_en: str
    level: str
    unit: str
    aggregation: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    target: Decimal | None = None
    baseline: Decimal | None = None
    breakdown: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @property
    def is_additive(self) -> bool:
        return self.aggregation == Indicator.Aggregation.SUM

    @property
    def target_percent(self) -> Decimal | None:
        """How far the value came towards the target (from the baseline), in %."""
        if self.value is None or self.target is None:
            return None
        base = self.baseline or ZERO
        if self.target == base:
            return None
        return ((self.value - base) * HUNDRED / (self.target - base)).quantize(CENT, ROUND_HALF_UP)


# The per-gmina counts ------------------------------------------------------------------------
# The costly ones (contracts, NGOs, people reached, spending) can also count per gmina and day
# (`Scope.by_day`: keys "teryt@YYYY-MM-DD", a provider or an NGO on the day of its first
# contract): `selectors.summaries` builds its rows from them, so that both read one code.


def _in_area(scope: Scope, field_name: str) -> Q:
    """The rows whose territory `field_name` lies in the scope's area (or is it, when exact)."""
    lookup = "teryt" if scope.exact else "teryt__startswith"
    return Q(**{f"{field_name}__{lookup}": scope.prefix})


def _day(scope: Scope, field_name: str) -> tuple[str, ...]:
    """The event's day among the grouped fields, when counting per day."""
    return (field_name,) if scope.by_day else ()


def _key(scope: Scope, teryt: str, on: list[Any]) -> str:
    return f"{teryt}@{on[0].isoformat()}" if scope.by_day else teryt


def _contracts(scope: Scope) -> dict[str, Rows]:
    counting = Contract.objects.counting().filter(
        _in_area(scope, "gmina"), programme=scope.programme, signed_on__lte=scope.ends_on
    )
    day = _day(scope, "signed_on")
    contracts, values, partnerships, providers = Rows(), Rows(), Rows(), Rows()
    for teryt, *on, number, value in counting.values_list("gmina__teryt", *day).annotate(
        Count("pk"), Sum("value_pln")
    ):
        contracts.add(_key(scope, teryt, on), number)
        # To the cent on every database (SQLite sums decimals as floating point).
        values.add(_key(scope, teryt, on), Decimal(value or 0).quantize(CENT, ROUND_HALF_UP))
    for teryt, *on, number in (
        counting.filter(offer__has_partnership=True)
        .values_list("gmina__teryt", *day)
        .annotate(Count("pk"))
    ):
        partnerships.add(_key(scope, teryt, on), number)
    # A provider counts once in each gmina it works for (an engagement), from its first contract.
    if scope.by_day:
        for teryt, _provider, kind, first in counting.values_list(
            "gmina__teryt", "provider", "provider__kind"
        ).annotate(Min("signed_on")):
            providers.add(_key(scope, teryt, [first]), 1)
            providers.split(_key(scope, teryt, [first]), "kind", kind, 1)
    else:
        for teryt, kind, number in counting.values_list("gmina__teryt", "provider__kind").annotate(
            Count("provider", distinct=True)
        ):
            providers.add(teryt, number)
            providers.split(teryt, "kind", kind, number)
    services = Rows()
    contracted = ContractService.objects.filter(contract__in=counting)
    if scope.group:
        contracted = contracted.filter(planned_service__groups__code=scope.group)
    day = _day(scope, "contract__signed_on")
    for teryt, *on, category, number in contracted.values_list(
        "contract__gmina__teryt", *day, "planned_service__service_type__code"
    ).annotate(Count("pk", distinct=True)):
        services.add(_key(scope, teryt, on), number)
        services.split(_key(scope, teryt, on), "category", category, number)
    for teryt, *on, group, number in contracted.values_list(
        "contract__gmina__teryt", *day, "planned_service__groups__code"
    ).annotate(Count("pk", distinct=True)):
        if group and (not scope.group or group == scope.group):
            services.split(_key(scope, teryt, on), "group", group, number)
    return {
        CONTRACTS: contracts,
        CONTRACT_VALUE: values,
        PARTNERSHIPS: partnerships,
        PROVIDERS: providers,
        SERVICES: services,
    }


def _new_organisations(scope: Scope) -> dict[str, Rows]:
    """NGOs and informal groups a gmina brought into the register (it registered them) that
    took a contract of the programme by the period's end: organisations the programme drew in."""
    rows = Rows()
    contracted = Contract.objects.counting().filter(
        programme=scope.programme, signed_on__lte=scope.ends_on
    )
    if scope.by_day:
        firsts = (
            contracted.filter(
                _in_area(scope, "provider__brought_by"),
                provider__kind__in=NEW_ORGANISATION_KINDS,
                provider__merged_into__isnull=True,
            )
            .values_list("provider__brought_by__teryt", "provider", "provider__kind")
            .annotate(Min("signed_on"))
        )
        for teryt, _provider, kind, first in firsts:
            rows.add(_key(scope, teryt, [first]), 1)
            rows.split(_key(scope, teryt, [first]), "kind", kind, 1)
        return {NEW_NGOS: rows}
    found = Provider.objects.filter(
        _in_area(scope, "brought_by"),
        kind__in=NEW_ORGANISATION_KINDS,
        merged_into__isnull=True,
        pk__in=contracted.values("provider"),
    )
    for teryt, kind, number in found.values_list("brought_by__teryt", "kind").annotate(Count("pk")):
        rows.add(teryt, number)
        rows.split(teryt, "kind", kind, number)
    return {NEW_NGOS: rows}


def _strategies(scope: Scope) -> dict[str, Rows]:
    """Strategies updated, by the date of the council's resolution on the update."""
    rows = Rows()
    updated = Strategy.objects.filter(
        _in_area(scope, "gmina"),
        status=Strategy.Status.UPDATED,
        resolution_on__lte=scope.ends_on,
    )
    for teryt, number in updated.values_list("gmina__teryt").annotate(Count("pk")):
        rows.add(teryt, number)
    return {STRATEGIES_UPDATED: rows}


def _people(scope: Scope) -> dict[str, Rows]:
    """People reached, from the provider reports the gmina accepted (counts, never persons)."""
    rows = Rows()
    reach = ReportReach.objects.filter(
        _in_area(scope, "report__contract__gmina"),
        report__status="accepted",
        report__contract__programme=scope.programme,
        report__accepted_at__date__lte=scope.ends_on,
    )
    if scope.group:
        reach = reach.filter(group__code=scope.group)
    day = _day(scope, "report__accepted_at__date")
    for teryt, *on, group, sex, band, people in reach.values_list(
        "report__contract__gmina__teryt", *day, "group__code", "sex", "age_band"
    ).annotate(Sum("people")):
        key = _key(scope, teryt, on)
        rows.add(key, people)
        rows.split(key, "group", group, people)
        rows.split(key, "sex", sex, people)
        rows.split(key, "age_band", band, people)
    return {PEOPLE_REACHED: rows}


def _allocated(scope: Scope, rows: Rows) -> None:
    """The allocation posted to the ledger (both lines of each gmina): the denominator of the
    allocation spent."""
    for teryt, allocated in allocated_by_teryt(
        scope.programme, scope.prefix, exact=scope.exact
    ).items():
        rows.denominators[teryt] += allocated


def _spent(scope: Scope) -> dict[str, Rows]:
    """Spent: the costs of accepted provider reports in EUR, at the contract's own rate (the EUR
    of its services over their PLN), rounded to the cent on each contract's total up to the day
    (per day, the change of that rounded total: the days add up to the same cents)."""
    rows = Rows()
    contracts = Contract.objects.filter(_in_area(scope, "gmina"), programme=scope.programme)
    costs = ReportCost.objects.filter(
        report__contract__in=contracts,
        report__status="accepted",
        report__accepted_at__date__lte=scope.ends_on,
    )
    spent: dict[int, list[tuple[Any, Decimal]]] = defaultdict(list)
    for contract, *on, pln in (
        costs.values_list("report__contract", *_day(scope, "report__accepted_at__date"))
        .annotate(Sum("spent_pln"))
        .order_by()
    ):
        spent[contract].append((on, Decimal(pln or 0)))
    if not spent:
        return {ALLOCATION_SPENT: rows}
    # The contracts as a subquery, not their ids as a list (tens of thousands at scale).
    charged = ContractService.objects.filter(contract__in=contracts).values_list(
        "contract", "contract__gmina__teryt"
    )
    for contract, teryt, pln, eur in charged.annotate(Sum("amount_pln"), Sum("amount_eur")):
        if not pln or contract not in spent:
            continue
        total, counted = ZERO, ZERO
        for on, amount in sorted(spent[contract], key=lambda item: item[0]):
            total += amount
            rounded = (total * eur / pln).quantize(CENT, ROUND_HALF_UP)
            rows.add(_key(scope, teryt, on), rounded - counted)
            counted = rounded
    return {ALLOCATION_SPENT: rows}


# The costly sources, which `selectors.summaries` keeps per gmina and quarter.
SUMMED: tuple[Source, ...] = (_contracts, _new_organisations, _people, _spent)
# The codes whose figures depend on the target group asked.
BY_GROUP = frozenset({SERVICES, PEOPLE_REACHED})


def _entered(scope: Scope, codes: Iterable[str]) -> dict[str, Rows]:
    """Each gmina's latest entered value of each entered indicator, up to the period's end."""
    found: dict[str, Rows] = {}
    values = (
        IndicatorValue.objects.filter(
            programme=scope.programme,
            indicator__code__in=list(codes),
            gmina__teryt__startswith=scope.prefix,
            ends_on__lte=scope.ends_on,
        )
        .order_by("indicator__code", "gmina__teryt", "ends_on")
        .values_list("indicator__code", "gmina__teryt", "value")
    )
    latest: dict[tuple[str, str], Decimal] = {}
    for code, teryt, value in values:
        latest[(code, teryt)] = value
    for (code, teryt), value in latest.items():
        found.setdefault(code, Rows()).add(teryt, value)
    return found


# The computation -----------------------------------------------------------------------------


def definitions(code: str | None = None) -> list[Indicator]:
    indicators = Indicator.objects.all()
    if code is not None:
        indicators = indicators.filter(code=code)
    return list(indicators)


def plain_rows(scope: Scope) -> dict[str, Rows]:
    """The costly indicators' rows counted from the data itself (what the summary must equal)."""
    rows: dict[str, Rows] = {}
    for source in SUMMED:
        rows.update(source(scope))
    return rows


def gmina_rows(
    scope: Scope, indicators: list[Indicator], *, detail: bool = True
) -> dict[str, Rows]:
    """Every indicator's rows per TERYT key within the scope, by code: the costly ones from the
    programme's summary rows when they can answer (`selectors.summaries.read`; with `detail`
    False, the country's per voivodeship), else from the data; the others from the data."""
    from integra.monitoring.selectors import summaries  # it builds on this module's sources

    wanted = {i.code for i in indicators}
    found = summaries.read(scope, detail=detail)
    rows = plain_rows(scope) if found is None else found
    for source in (_strategies, *SOURCES.values()):
        rows.update(source(scope))
    _allocated(scope, rows.setdefault(ALLOCATION_SPENT, Rows()))
    rows = {code: found for code, found in rows.items() if code in wanted}
    entered = [i.code for i in indicators if i.source == Indicator.Source.ENTERED]
    if entered:
        rows.update(_entered(scope, entered))
    return rows


def _within(keys: Iterable[str], prefix: str) -> list[str]:
    return [key for key in keys if key.startswith(prefix)]


EMPTY = Rows()  # read only


def combine(
    indicator: Indicator, rows: Rows | None, prefix: str, *, breakdown: bool = True
) -> Figure:
    """The indicator over the area `prefix`, from its rows (see the module's docstring); with
    `breakdown` False its value only (a unit of a table)."""
    figure = Figure(
        code=indicator.code,
        name_pl=indicator.name_pl,
        name_en=indicator.name_en,
        level=indicator.level,
        unit=indicator.unit,
        aggregation=indicator.aggregation,
        value=ZERO,
    )
    rows = rows or EMPTY
    if indicator.aggregation == Indicator.Aggregation.DISTINCT:
        union: set[Any] = set()
        for key in _within(rows.sets, prefix):
            union |= rows.sets[key]
        figure.value = Decimal(len(union))
        return figure
    keys = _within(set(rows.sums) | set(rows.denominators), prefix)
    total = sum((rows.sums.get(key, ZERO) for key in keys), ZERO)
    if indicator.aggregation == Indicator.Aggregation.RATIO:
        denominator = sum((rows.denominators.get(key, ZERO) for key in keys), ZERO)
        figure.numerator, figure.denominator = total, denominator
        figure.value = (
            (total * HUNDRED / denominator).quantize(CENT, ROUND_HALF_UP) if denominator else None
        )
        return figure
    if indicator.aggregation == Indicator.Aggregation.MEAN:
        figure.value = (total / len(keys)).quantize(CENT, ROUND_HALF_UP) if keys else None
        return figure
    figure.value = total
    if not breakdown:
        return figure
    parts_of: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for key in _within(rows.breakdown, prefix):
        for dimension, parts in rows.breakdown[key].items():
            for part, amount in parts.items():
                parts_of[dimension][part] += amount
    figure.breakdown = {d: dict(sorted(parts.items())) for d, parts in parts_of.items()}
    return figure


def _targets(programme: Any, prefix: str) -> dict[str, Target]:
    return {
        t.indicator.code: t
        for t in Target.objects.filter(programme=programme, teryt=prefix).select_related(
            "indicator"
        )
    }


def indicator_values(
    programme: Any,
    period: Period | dt.date,
    level: str = "",
    code: str | None = None,
    *,
    group: str = "",
) -> list[Figure]:
    """Every indicator (or the one `code`) over the area `level` — '' for the country, a
    voivodeship's or a gmina's TERYT code — cumulative to the end of `period`, with the area's
    target. No scope check: pages and the API ask the policy first (`area_figures`)."""
    ends_on = period.ends_on if isinstance(period, Period) else period
    indicators = definitions(code)
    rows = gmina_rows(Scope(programme, ends_on, level, group), indicators, detail=False)
    return _area(programme, level, indicators, rows)


def _area(
    programme: Any, level: str, indicators: list[Indicator], rows: dict[str, Rows]
) -> list[Figure]:
    """Each indicator over the area `level`, from its rows, with the area's target."""
    targets = _targets(programme, level)
    figures = []
    for indicator in indicators:
        figure = combine(indicator, rows.get(indicator.code), level)
        if (target := targets.get(indicator.code)) is not None:
            figure.target, figure.baseline = target.target, target.baseline
        figures.append(figure)
    return figures


# The cached dashboards: every reader allowed an area sees the same figures, dropped by any
# write to what they are computed from (integra.monitoring.apps connects those writes).
FIGURES = "monitoring.figures"


def dashboard_values(
    *,
    user: Any,
    programme: Any,
    period: Period | dt.date,
    level: str,
    units: Iterable[str],
    group: str = "",
) -> tuple[list[Figure], dict[str, list[Figure]]]:
    """What a dashboard shows — `area_figures` of the area and `unit_values` of the units below
    it — from one computation over the area instead of two (the same rows: both count within
    the area's prefix). AreaNotVisible outside the user's scope. Computed once per generation
    of the figures' data (integra.core.cache) and language (names are in it)."""
    if not can_view_indicators_at(user, level):
        raise AreaNotVisible(level)
    ends_on = period.ends_on if isinstance(period, Period) else period
    units = list(units)
    key = ":".join(
        [
            str(getattr(programme, "pk", programme)),
            level or "PL",
            ends_on.isoformat(),
            group,
            get_language() or "",
            hashlib.sha256(",".join(units).encode()).hexdigest()[:16],
        ]
    )
    return cached(
        FIGURES,
        f"dashboard:{key}",
        lambda: _dashboard_values(programme, ends_on, level, units, group),
        also=(PUBLIC_PAGES, programme_group(getattr(programme, "pk", programme))),
    )


def _dashboard_values(
    programme: Any, ends_on: dt.date, level: str, units: list[str], group: str
) -> tuple[list[Figure], dict[str, list[Figure]]]:
    indicators = definitions()
    rows = gmina_rows(Scope(programme, ends_on, level, group), indicators, detail=_detailed(units))
    values = _unit_figures(indicators, rows, units)
    return _area(programme, level, indicators, rows), values


def unit_values(
    programme: Any,
    period: Period | dt.date,
    level: str,
    units: Iterable[str],
    *,
    group: str = "",
) -> dict[str, list[Figure]]:
    """Every indicator for each of the `units` below `level` (the voivodeships of the country,
    the gminas of a voivodeship), from one computation over `level`: the tables beside charts."""
    ends_on = period.ends_on if isinstance(period, Period) else period
    indicators, units = definitions(), list(units)
    rows = gmina_rows(Scope(programme, ends_on, level, group), indicators, detail=_detailed(units))
    return _unit_figures(indicators, rows, units)


def _detailed(units: list[str]) -> bool:
    """Whether the units ask for more than the voivodeships' rows (any unit below one)."""
    return any(len(unit) > 2 for unit in units)


def _by_unit(rows: Rows, units: list[str]) -> dict[str, Rows]:
    """The rows of each unit (the keys under its code), split in one pass over the keys — units
    of one level share a code length — instead of every unit scanning every key (500 gminas of
    a voivodeship × their keys). Breakdowns stay with the area (a unit shows its value)."""
    lengths = {len(unit) for unit in units}
    if len(lengths) != 1:  # mixed levels: each unit filters the keys itself
        return {unit: rows for unit in units}
    size, wanted = lengths.pop(), set(units)
    parts: dict[str, Rows] = {}
    for own, found in (
        ("sums", rows.sums),
        ("denominators", rows.denominators),
        ("sets", rows.sets),
    ):
        for key, value in found.items():
            if (unit := key[:size]) in wanted:
                part = parts.get(unit) or parts.setdefault(unit, Rows())
                getattr(part, own)[key] = value
    return parts


def _unit_figures(
    indicators: list[Indicator], rows: dict[str, Rows], units: list[str]
) -> dict[str, list[Figure]]:
    split = {code: _by_unit(found, units) for code, found in rows.items()}
    empty: dict[str, Rows] = {}
    # A unit's figure carries its value; the breakdowns are the area's (tables of units show
    # values, and the summary keeps breakdowns per voivodeship, not per gmina).
    return {
        unit: [
            combine(indicator, split.get(indicator.code, empty).get(unit), unit, breakdown=False)
            for indicator in indicators
        ]
        for unit in units
    }


class AreaNotVisible(ObjectDoesNotExist):
    """The area lies outside the user's scope (a 404: its figures are not disclosed)."""


def area_figures(
    *,
    user: Any,
    programme: Any,
    period: Period,
    level: str,
    code: str | None = None,
    group: str = "",
) -> list[Figure]:
    """`indicator_values` for a reader of the area: AreaNotVisible outside their scope."""
    if not can_view_indicators_at(user, level):
        raise AreaNotVisible(level)
    return indicator_values(programme, period, level, code, group=group)


def target_groups() -> list[tuple[str, str]]:
    return list(TargetGroup.objects.order_by("position", "code").values_list("code", "name_pl"))


@dataclass(frozen=True)
class Area:
    teryt: str
    name: str
    level: str
    today: dt.date


def find_area(teryt: str) -> Area:
    """The country ('') or the voivodeship or gmina of the code; Territory.DoesNotExist else."""
    today = timezone.localdate()
    if not teryt:
        return Area("", str(_("Poland")), "country", today)
    level = Territory.Level.VOIVODESHIP if len(teryt) == 2 else Territory.Level.GMINA
    unit = Territory.objects.get(teryt=teryt, level=level)
    return Area(unit.teryt, unit.name, unit.level, today)


def find_programme(code: str | None) -> Programme:
    """The programme of the code, or the latest one; Programme.DoesNotExist when none is."""
    programmes = Programme.objects.order_by("-starts_on", "code")
    if code:
        return programmes.get(code=code)
    found = programmes.first()
    if found is None:
        raise Programme.DoesNotExist
    return found


def child_units(programme: Any, teryt: str) -> list[tuple[str, str]]:
    """The units a dashboard's table lists: the voivodeships of the country, or the
    programme's gminas of a voivodeship (a gmina's dashboard lists none)."""
    if not teryt:
        return list(
            Territory.objects.filter(level=Territory.Level.VOIVODESHIP)
            .order_by("teryt")
            .values_list("teryt", "name")
        )
    if len(teryt) == 2:
        return list(
            Participation.objects.filter(programme=programme, gmina__teryt__startswith=teryt)
            .order_by("gmina__teryt")
            .values_list("gmina__teryt", "gmina__name")
        )
    return []
