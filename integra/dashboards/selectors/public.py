"""Reads of the public pages (`/public/`, no sign-in): only what is public by nature — published
allocations, contracts with the names of organisations (a natural person is "osoba fizyczna"),
published good practices, the campaign's events and the published invitations. Nothing here
takes a user: the public sees the same thing as everyone, and never personal data.

Each read runs a fixed number of queries, whatever the number of gminas or contracts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum

from integra.allocations import selectors as allocation_selectors
from integra.allocations.models import AllocationAmendment, AllocationResult, AllocationRun
from integra.contracts.models import (
    Contract,
    ContractBeneficiaries,
    ContractService,
    ProcurementRound,
    ProviderReport,
)
from integra.dashboards.selectors.programmes import (
    ProgrammeFigures,
    _gmina_figures,
    _voivodeship_figures,
)
from integra.finance import selectors as finance_selectors
from integra.finance.models import Transaction
from integra.outreach.models import CampaignEvent, GoodPractice
from integra.programmes.models import Participation, Programme
from integra.providers.models import Provider
from integra.territories.models import Territory

ZERO = Decimal("0.00")
# Contracts that count (signed and on): a terminated one is shown apart.
DONE_STATUSES = (
    Contract.Status.FINAL_REPORT_ACCEPTED,
    Contract.Status.SETTLED,
    Contract.Status.CLOSED,
)


def public_programmes() -> QuerySet[Programme]:
    """The programmes with a published allocation, by code."""
    published = AllocationRun.objects.filter(status=AllocationRun.Status.PUBLISHED)
    return Programme.objects.filter(pk__in=published.values("programme_id")).order_by("code")


def public_programme(code: str) -> Programme:
    """Programme.DoesNotExist unless it has a published allocation."""
    programme: Programme = public_programmes().get(code=code)
    return programme


def public_run(programme: Programme) -> AllocationRun | None:
    run: AllocationRun | None = (
        AllocationRun.objects.filter(programme=programme, status=AllocationRun.Status.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )
    return run


def public_figures(programme: Programme) -> ProgrammeFigures:
    """The programme's published allocation by gmina and voivodeship (as the ministry's overview
    shows it: the same arithmetic, without the unpublished runs)."""
    run = public_run(programme)
    participating = (
        Participation.objects.filter(programme=programme)
        .exclude(status=Participation.Status.WITHDRAWN)
        .count()
    )
    figures = ProgrammeFigures(programme=programme, run=run, participating=participating)
    if run is not None:
        figures.gminas = _gmina_figures(run, programme.training_percent)
    figures.voivodeships = _voivodeship_figures(programme, figures.gminas)
    for gmina in figures.gminas:
        figures.totals.add(gmina)
    return figures


@dataclass
class ContractFigures:
    count: int = 0
    value_pln: Decimal = ZERO
    done: int = 0
    terminated: int = 0
    reports_accepted: int = 0
    reports_due: int = 0

    @property
    def done_percent(self) -> int | None:
        counting = self.count - self.terminated
        return round(100 * self.done / counting) if counting > 0 else None


def contract_figures(programme: Programme, gmina: Territory | None = None) -> ContractFigures:
    """Counts and sums of the programme's contracts (of one gmina, or all)."""
    contracts = Contract.objects.of_gminas().filter(programme=programme)
    reports = ProviderReport.objects.filter(contract__programme=programme)
    if gmina is not None:
        contracts = contracts.filter(gmina=gmina)
        reports = reports.filter(contract__gmina=gmina)
    sums = contracts.aggregate(
        count=Count("pk"),
        value=Sum("value_pln", filter=~Q(status=Contract.Status.TERMINATED)),
        done=Count("pk", filter=Q(status__in=DONE_STATUSES)),
        terminated=Count("pk", filter=Q(status=Contract.Status.TERMINATED)),
    )
    report_sums = reports.aggregate(
        accepted=Count("pk", filter=Q(status="accepted")), due=Count("pk")
    )
    return ContractFigures(
        count=sums["count"] or 0,
        value_pln=(sums["value"] or ZERO).quantize(Decimal("0.01")),
        done=sums["done"] or 0,
        terminated=sums["terminated"] or 0,
        reports_accepted=report_sums["accepted"] or 0,
        reports_due=report_sums["due"] or 0,
    )


def provider_label(kind: str, name: str) -> str:
    """An organisation's name; a natural person's name is personal data and never shown."""
    if kind == Provider.Kind.NATURAL_PERSON:
        return str(Provider.Kind.NATURAL_PERSON.label)
    return name


@dataclass
class PublicContract:
    number: str
    provider: str
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    value_pln: Decimal
    status: str
    services: list[str] = field(default_factory=list)


@dataclass
class GroupServices:
    """A target group's services in the gmina: their types, the contracted PLN split to them and
    the people the contracts plan to reach."""

    code: str
    name: str
    services: set[str] = field(default_factory=set)
    value_pln: Decimal = ZERO
    people: int = 0


@dataclass
class GminaPage:
    gmina: Territory
    programme: Programme
    allocation: Any
    balance: Any
    contracts: list[PublicContract]
    groups: list[GroupServices]
    figures: ContractFigures
    practices: list[GoodPractice]
    rounds: list[ProcurementRound]


def public_gmina(teryt: str) -> Territory:
    """A gmina of a published allocation; Territory.DoesNotExist otherwise."""
    published = AllocationResult.objects.filter(
        gmina__teryt=teryt, run__status=AllocationRun.Status.PUBLISHED
    )
    gmina: Territory = (
        Territory.objects.filter(level=Territory.Level.GMINA, pk__in=published.values("gmina_id"))
        .select_related("parent__parent")
        .get(teryt=teryt)
    )
    return gmina


def gmina_page(gmina: Territory, programme: Programme) -> GminaPage:
    """What the public reads of one gmina in one programme."""
    contracts = list(
        Contract.objects.filter(programme=programme, gmina=gmina)
        .select_related("provider")
        .order_by("-signed_on", "number")
        .values_list(
            "pk",
            "number",
            "provider__kind",
            "provider__name",
            "signed_on",
            "starts_on",
            "ends_on",
            "value_pln",
            "status",
        )
    )
    status_labels = dict(Contract.Status.choices)
    services = ContractService.objects.filter(
        contract__programme=programme, contract__gmina=gmina
    ).exclude(contract__status=Contract.Status.TERMINATED)
    by_contract: dict[int, set[str]] = defaultdict(set)
    groups: dict[str, GroupServices] = {}
    rows = services.values_list(
        "contract_id",
        "amount_pln",
        "planned_service__service_type__name_pl",
        "planned_service__groups__code",
        "planned_service__groups__name_pl",
        "planned_service__groups__position",
    )
    positions: dict[str, int] = {}
    for contract_id, amount, service_name, group_code, group_name, position in rows:
        by_contract[contract_id].add(service_name)
        if group_code:
            group = groups.setdefault(group_code, GroupServices(group_code, group_name))
            group.services.add(service_name)
            group.value_pln += amount
            positions[group_code] = position or 0
    for group_code, people in (
        ContractBeneficiaries.objects.filter(contract__programme=programme, contract__gmina=gmina)
        .exclude(contract__status=Contract.Status.TERMINATED)
        .values("group__code", "group__name_pl", "group__position")
        .annotate(total=Sum("people"))
        .values_list("group__code", "total")
    ):
        if group_code in groups:
            groups[group_code].people += people or 0
    public = [
        PublicContract(
            number=number,
            provider=provider_label(kind, name),
            signed_on=signed_on,
            starts_on=starts_on,
            ends_on=ends_on,
            value_pln=value,
            status=str(status_labels.get(status, status)),
            services=sorted(by_contract.get(pk, set())),
        )
        for pk, number, kind, name, signed_on, starts_on, ends_on, value, status in contracts
    ]
    return GminaPage(
        gmina=gmina,
        programme=programme,
        allocation=allocation_selectors.gmina_allocation(programme, gmina),
        balance=finance_selectors.gmina_balance(programme, gmina.teryt),
        contracts=public,
        groups=sorted(groups.values(), key=lambda g: (positions.get(g.code, 0), g.code)),
        figures=contract_figures(programme, gmina),
        practices=list(
            GoodPractice.objects.published().filter(gmina=gmina).order_by("-published_at")
        ),
        rounds=list(
            open_invitations().filter(gmina=gmina, programme=programme).order_by("-published_at")
        ),
    )


def open_invitations() -> QuerySet[ProcurementRound]:
    """Published invitations still open for offers (the contracts app's public pages show
    them whole)."""
    return (
        ProcurementRound.objects.public()
        .filter(status=ProcurementRound.Status.PUBLISHED)
        .select_related("gmina", "programme")
        .order_by("deadline_at", "pk")
    )


def public_events(*, year: int | None = None) -> QuerySet[CampaignEvent]:
    """The campaign's events: what, when, where, who organised them, participants and reach
    (no costs and no materials: those are the register's, inside Integra)."""
    events = CampaignEvent.objects.select_related("organiser", "programme")
    if year:
        events = events.filter(held_on__year=year)
    return events.order_by("-held_on", "pk")


def last_change() -> dt.datetime | None:
    """When any public figure last changed: the Last-Modified of the public pages and feeds."""
    moments = [
        AllocationRun.objects.aggregate(m=Max("published_at"))["m"],
        AllocationAmendment.objects.aggregate(m=Max("amended_at"))["m"],
        Contract.objects.aggregate(m=Max("updated_at"))["m"],
        ProcurementRound.objects.aggregate(m=Max("updated_at"))["m"],
        ProviderReport.objects.aggregate(m=Max("updated_at"))["m"],
        GoodPractice.objects.aggregate(m=Max("updated_at"))["m"],
        CampaignEvent.objects.aggregate(m=Max("created_at"))["m"],
        Transaction.objects.aggregate(m=Max("created_at"))["m"],
    ]
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None
