"""The programme's volume for the demo: rounds, offers, contracts and provider reports for every
gmina with an approved plan and no round yet (the other 499 of the demo programme), at the real
programme's scale — about 21 contracts a gmina, 10,500 in all, ≈ 36 mln EUR — so that registers,
the board and the maps show realistic figures.

Written in bulk (`bulk_create` in batches), not through the services: the services' locks,
checks and audit events per document would take minutes for 250,000 rows. What the services
guarantee is kept by construction and proven by a test on the generated rows: each planned
service carries at most its planned cost (one contract each, 88–98 % of it), so no gmina's line
passes its allocation (the plans take at most 97 % of it); each contract's instalments sum to
its value, the advance is 30 %, its shares sum to its value. Deterministic: each gmina's choices
come from a generator seeded by its TERYT code.

What happens to the contracts (a share of each, by the gmina's generator): most are delivered,
both reports accepted and settled; some wait for settlement long after their final report; some
final reports are overdue (due, never submitted), and of those some partial reports were
returned for corrections.
"""

from __future__ import annotations

import datetime as dt
import enum
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from integra.action_plans.models import PlannedService, PlanVersion
from integra.contracts import rules
from integra.contracts.models import (
    Contract,
    ContractBeneficiaries,
    ContractService,
    Criterion,
    Instalment,
    Offer,
    OfferCostLine,
    OfferGroup,
    ProcurementRound,
    ProviderReport,
    ReportCost,
    ReportReach,
    RoundService,
)
from integra.providers.models import Provider

CENT = Decimal("0.01")
ADVANCE = Decimal("0.30")
BATCH = 2000
# Shares of the contracts' fates (the rest: delivered, reports accepted, settled).
SETTLEMENT_MISSING = 0.04
FINAL_OVERDUE = 0.05
PARTIAL_RETURNED = 0.3  # of the contracts whose final report is overdue
# People reached: the age band where each group lives; counts split between women and men.
BANDS = {"OS": "60_65_plus", "DM": "7_17", "RD": "18_59_64", "SP": "18_59_64"}
Sex = ReportReach.Sex


@dataclass(frozen=True)
class VolumeSeed:
    note: str
    gminas: int = 0
    contracts: int = 0
    value_eur: Decimal = Decimal(0)
    rows: int = 0


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _split(total: int, rng: random.Random) -> tuple[int, int]:
    women = (total * rng.randint(45, 65)) // 100
    return women, total - women


class _Rows:
    """Every row to write, by model, in the order the foreign keys need."""

    def __init__(self) -> None:
        self.rows: dict[type, list[Any]] = defaultdict(list)

    def add(self, row: Any) -> Any:
        self.rows[type(row)].append(row)
        return row

    def write(self, model: type, **parents: str) -> int:
        rows = self.rows.get(model, [])
        choices = [f.attname for f in model._meta.concrete_fields if f.choices]  # type: ignore[attr-defined]
        for row in rows:
            for field, attribute in parents.items():
                setattr(row, f"{field}_id", getattr(row, attribute).pk)
            # Plain strings: PostgreSQL's bulk insert (UNNEST arrays) would write an enum's name.
            for name in choices:
                value = getattr(row, name)
                if isinstance(value, enum.Enum):
                    setattr(row, name, value.value)
        model.objects.bulk_create(rows, batch_size=BATCH)  # type: ignore[attr-defined]
        return len(rows)


def _services_by_version(
    programme: Any, skip: Any, gmina_ids: list[int] | None = None
) -> dict[int, list[PlannedService]]:
    rounds = ProcurementRound.objects.filter(
        programme=programme, gmina_id=OuterRef("plan__gmina_id")
    )
    versions = (
        PlanVersion.objects.filter(plan__programme=programme, status=PlanVersion.Status.APPROVED)
        .exclude(plan__gmina=skip)
        .filter(~Exists(rounds))
    )
    if gmina_ids is not None:
        versions = versions.filter(plan__gmina_id__in=gmina_ids)
    services = (
        PlannedService.objects.filter(version__in=versions)
        .select_related("version__plan__gmina", "service_type")
        .order_by("version__plan__gmina__teryt", "version__plan__year", "position")
    )
    group_of = dict(
        PlannedService.groups.through.objects.filter(plannedservice__version__in=versions)
        .order_by("targetgroup_id")
        .values_list("plannedservice_id", "targetgroup_id")
    )
    by_version: dict[int, list[PlannedService]] = defaultdict(list)
    for service in services:
        service.demo_group_id = group_of.get(service.pk)  # type: ignore[attr-defined]
        if service.demo_group_id is not None:  # type: ignore[attr-defined]
            by_version[service.version_id].append(service)
    return by_version


def seed_volume(
    *,
    programme: Any,
    skip: Any,
    group_codes: dict[int, str],
    gmina_ids: list[int] | None = None,
    every_band: bool = False,
) -> VolumeSeed:
    """The volume for every gmina of `programme` but `skip` (the demo gmina) that has an approved
    plan and no round (or only those of `gmina_ids`, for batches); `group_codes` maps target
    group ids to their codes (for age bands). `every_band` spreads the people reached over the
    four age bands (scale data: about ten rows of reach a contract) instead of the group's own."""
    by_version = _services_by_version(programme, skip, gmina_ids)
    if not by_version:
        return VolumeSeed("already present or no approved plans to build on")
    gmina_ids = {services[0].version.plan.gmina_id for services in by_version.values()}
    providers: dict[int, dict[str, Provider]] = defaultdict(dict)
    for provider in Provider.objects.current().filter(seat_gmina_id__in=gmina_ids):
        providers[provider.seat_gmina_id].setdefault(provider.kind, provider)
    rows = _Rows()
    contracts = 0
    value_eur = Decimal(0)
    numbers: dict[int, int] = defaultdict(int)
    for services in by_version.values():
        version = services[0].version
        plan, gmina = version.plan, version.plan.gmina
        own = providers.get(gmina.pk, {})
        if "association" not in own:
            continue
        rng = random.Random(f"volume:{gmina.teryt}:{plan.year}")
        numbers[gmina.pk] += 1
        built = _round(rows, programme, version, numbers[gmina.pk])
        for position, service in enumerate(services):
            provider = own.get("school") if position % 5 == 4 else None
            provider = provider or (own.get("firm") if position % 7 == 6 else None)
            provider = provider or own["association"]
            value = (service.planned_cost_pln * Decimal(rng.randint(88, 98)) / 100).quantize(
                CENT, ROUND_DOWN
            )
            if value <= 0:
                continue
            eur = version.eur(value) or Decimal(0)
            _contract(
                rows,
                rng,
                programme,
                built,
                position,
                service,
                provider,
                value,
                eur,
                group_codes,
                every_band,
            )
            contracts += 1
            value_eur += eur
    written = rows.write(ProcurementRound)
    written += rows.write(Criterion, round="round")
    written += rows.write(RoundService, round="round")
    written += rows.write(Offer, round="round", lot="lot")
    written += rows.write(OfferCostLine, offer="offer")
    written += rows.write(OfferGroup, offer="offer")
    written += rows.write(Contract, offer="offer")
    written += rows.write(ContractService, contract="contract")
    written += rows.write(Instalment, contract="contract")
    written += rows.write(ContractBeneficiaries, contract="contract")
    written += rows.write(ProviderReport, contract="contract")
    written += rows.write(ReportReach, report="report")
    written += rows.write(ReportCost, report="report")
    return VolumeSeed(
        "rounds, offers, contracts and reports generated",
        len({s[0].version.plan.gmina_id for s in by_version.values()}),
        contracts,
        value_eur,
        written,
    )


def _round(rows: _Rows, programme: Any, version: Any, number: int) -> ProcurementRound:
    year = version.plan.year
    published = _at(dt.date(year, 5, 20))
    round_ = rows.add(
        ProcurementRound(
            programme=programme,
            gmina=version.plan.gmina,
            plan=version.plan,
            built_from=version,
            number=number,
            title=f"Usługi społeczne Programu Integracji Społecznej {year}",
            invitation="Gmina zaprasza do składania ofert na usługi społeczne.",
            deadline_at=_at(dt.date(year, 6, 15)),
            meeting_at=_at(dt.date(year, 6, 5), 10),
            meeting_place=f"Urząd Gminy {version.plan.gmina.name}",
            status=ProcurementRound.Status.RESULTS_PUBLISHED,
            published_at=published,
            closed_at=_at(dt.date(year, 6, 15), 16),
            evaluated_at=_at(dt.date(year, 6, 22)),
            results_published_at=_at(dt.date(year, 6, 25)),
        )
    )
    rows.add(Criterion(round=round_, position=0, name="Cena", weight=60))
    rows.add(Criterion(round=round_, position=1, name="Jakość usługi", weight=40))
    return round_


def _contract(
    rows: _Rows,
    rng: random.Random,
    programme: Any,
    round_: ProcurementRound,
    position: int,
    service: Any,
    provider: Provider,
    value: Decimal,
    eur: Decimal,
    group_codes: dict[int, str],
    every_band: bool = False,
) -> None:
    year = round_.plan.year
    group = service.demo_group_id
    people = service.planned_beneficiaries
    lot = rows.add(
        RoundService(
            round=round_,
            planned_service=service,
            service_key=service.key,
            position=position,
            title=service.title,
            budget_pln=service.planned_cost_pln,
        )
    )
    offer = rows.add(
        Offer(
            round=round_,
            lot=lot,
            provider=provider,
            channel=Offer.Channel.PAPER,
            status=Offer.Status.SELECTED,
            received_at=_at(dt.date(year, 6, 14), 9),
            actions=service.title,
            expected_results=f"{people} osób objętych usługą",
            non_duplication_declared=True,
            total_pln=value,
            formally_valid=True,
            score=Decimal(rng.randint(70, 100)),
            rank=1,
        )
    )
    rows.add(OfferCostLine(offer=offer, name="Koszty usługi", amount_pln=value))
    rows.add(OfferGroup(offer=offer, group_id=group, people=people))
    fate = rng.random()
    unsettled = fate < SETTLEMENT_MISSING
    overdue = SETTLEMENT_MISSING <= fate < SETTLEMENT_MISSING + FINAL_OVERDUE
    returned = overdue and rng.random() < PARTIAL_RETURNED
    if overdue:
        status = Contract.Status.IN_DELIVERY
    elif unsettled:
        status = Contract.Status.FINAL_REPORT_ACCEPTED
    else:
        status = Contract.Status.SETTLED if year == 2008 else Contract.Status.CLOSED
    arrangement = provider.kind in rules.GMINA_UNIT_KINDS
    contract = rows.add(
        Contract(
            programme=programme,
            gmina=round_.gmina,
            provider=provider,
            offer=offer,
            kind=rules.ARRANGEMENT if arrangement else rules.AGREEMENT,
            number=f"{'POR' if arrangement else 'UM'}/{round_.number}/{position + 1}/{year}",
            signed_on=dt.date(year, 7, 2),
            gmina_representative="Wójt Gminy",
            provider_representative="Prezes / Dyrektor",
            starts_on=dt.date(year, 7, 2),
            ends_on=dt.date(year, 12, 31),
            value_pln=value,
            status=status,
        )
    )
    rows.add(
        ContractService(
            contract=contract,
            plan=round_.plan,
            service_key=service.key,
            planned_service=service,
            line=service.service_type.line,
            amount_pln=value,
            amount_eur=eur,
        )
    )
    advance = (value * ADVANCE).quantize(CENT, ROUND_DOWN)
    rows.add(
        Instalment(
            contract=contract,
            number=1,
            due_on=dt.date(year, 7, 16),
            amount_pln=advance,
            is_advance=True,
        )
    )
    rows.add(
        Instalment(
            contract=contract, number=2, due_on=dt.date(year + 1, 1, 31), amount_pln=value - advance
        )
    )
    rows.add(ContractBeneficiaries(contract=contract, group_id=group, people=people))
    band = BANDS.get(group_codes.get(group, ""), "18_59_64")
    bands = tuple(ReportReach.AgeBand.values) if every_band else (band,)
    reached = max(1, (people * rng.randint(85, 110)) // 100)
    partial_due, final_due = dt.date(year, 10, 15), dt.date(year + 1, 1, 15)
    partial = _report(rows, contract, "partial", 1, partial_due, returned=returned)
    _reach(rows, rng, partial, group, bands, max(1, reached * 6 // 10))
    _cost(rows, partial, value, (value / 2).quantize(CENT, ROUND_HALF_UP))
    final = _report(rows, contract, "final", 2, final_due, open_=overdue)
    if not overdue:
        _reach(rows, rng, final, group, bands, reached)
        _cost(rows, final, value, value)


def _report(
    rows: _Rows,
    contract: Contract,
    kind: str,
    number: int,
    due_on: dt.date,
    *,
    returned: bool = False,
    open_: bool = False,
) -> ProviderReport:
    if open_:
        return rows.add(
            ProviderReport(
                contract=contract, kind=kind, number=number, due_on=due_on, overdue_since=due_on
            )
        )
    submitted = _at(due_on - dt.timedelta(days=3))
    if returned:
        return rows.add(
            ProviderReport(
                contract=contract,
                kind=kind,
                number=number,
                due_on=due_on,
                status=ProviderReport.Status.RETURNED,
                actions_done="Działania zgodnie z ofertą.",
                submitted_at=submitted,
                return_comment="Proszę uzupełnić listę dokumentów księgowych.",
            )
        )
    return rows.add(
        ProviderReport(
            contract=contract,
            kind=kind,
            number=number,
            due_on=due_on,
            status=ProviderReport.Status.ACCEPTED,
            actions_done="Działania zgodnie z ofertą.",
            results="Rezultaty zgodne z ofertą.",
            submitted_at=submitted,
            accepted_at=submitted + dt.timedelta(days=7),
        )
    )


def _reach(
    rows: _Rows,
    rng: random.Random,
    report: ProviderReport,
    group: int,
    bands: tuple[str, ...],
    people: int,
) -> None:
    women, men = _split(people, rng)
    for sex, total in ((Sex.FEMALE, women), (Sex.MALE, men)):
        share, rest = divmod(total, len(bands))
        for index, band in enumerate(bands):
            count = share + (1 if index < rest else 0)
            if count:
                rows.add(
                    ReportReach(report=report, group_id=group, sex=sex, age_band=band, people=count)
                )


def _cost(rows: _Rows, report: ProviderReport, budget: Decimal, spent: Decimal) -> None:
    rows.add(ReportCost(report=report, name="Koszty usługi", budget_pln=budget, spent_pln=spent))
