"""The number of SQL queries of every list page and API list stays flat as its rows grow.

Each covered list is requested in a small world (one batch of rows of every kind on top of the
procurement tests' world) and again after two more batches (three times the rows): the number
of queries must be the same, and the answer must have grown (so the rows reached the list).
Lists are requested as the ministry admin, who sees every row, and again as a scoped role where
the selection differs by territory (the consultant of łódzkie, whose gminas the batches fill).
The two worlds are built once for the module and every list is measured in both; the
parametrised tests then compare, so a failure names the list and shows the queries it repeated.

Which addresses are lists (the completeness guard, `test_every_list_is_measured_or_excused`):
- a page is a list when its URL name ends in `-list`, `-queue` or `-export`, or its route takes
  no parameter but a format or a register's kind (an app's index page: registers, queues,
  boards, reports);
- an API operation is a list when it is a GET whose 200 answer is a JSON array or a page of
  `core.api.pagination` (`items` and `count`).
Each must be in PAGES / API_LISTS below (measured) or in EXCUSED with the reason. A new list
page gets covered by adding its name, persona and URL arguments to PAGES (or its operation to
API_LISTS) and, if its rows are of a new kind, one row of that kind to `grow`.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from conftest import PASSWORD, PERSONAS, verify_second_factor

# The worlds are built once per module: its tests run on one xdist worker (conftest.py).
XDIST_GROUP = "query_counts"

SYSTEM_LABEL = "test"
# The gmina of each growth batch: all in łódzkie (the consultant's scope), the first and the
# third in the coordinator's gmina.
BATCH_GMINAS = ("1001022", "1001033", "1001022")


@dataclass(frozen=True)
class Target:
    persona: str
    kwargs: Any = None  # URL kwargs (pages) or path parameters (API): a dict or world → dict
    query: str = ""
    # False for a fixed set of rows (voivodeships, a programme's lines) over growing data.
    grows: bool = True


@dataclass
class Measure:
    status: int
    queries: list[str] = field(default_factory=list)
    rows: int = 0


def _kwargs(target: Target, world) -> dict:
    return target.kwargs(world) if callable(target.kwargs) else dict(target.kwargs or {})


CSV = {"fmt": "csv"}

# Pages: URL name → how to request it (persona, URL kwargs). A scoped persona gets its own key
# `<name>@<persona>`, a register's kind `<name>/<kind>`.
PAGES: dict[str, Target] = {}
# API list operations: operationId → (persona, path parameters, query).
API_LISTS: dict[str, Target] = {}
# List pages not measured: URL name → why.
EXCUSED: dict[str, str] = {}


def _admin_and(name: str, persona: str = "consultant", **kwargs: Any) -> None:
    """The page as the admin and as a scoped persona (`<name>@<persona>`)."""
    PAGES[name] = Target("admin", kwargs or None)
    PAGES[f"{name}@{persona}"] = Target(persona, kwargs or None)


def _run_ids(world) -> dict:
    return {"a": world.published.pk, "b": world.draft.pk, "fmt": "csv"}


# Registers, queues and lists of each app, and their exports (CSV: the formats share the rows).
_admin_and("accounts:user-list", "officer")
_admin_and("accounts:user-export", "officer", fmt="csv")
for _name in (
    "action_plans:action-plan-list",
    "contracts:round-list",
    "contracts:report-overdue",
    "strategies:strategy-list",
    "monitoring:report-list",
    "outreach:request-list",
    "outreach:practice-list",
    "finance:payments",
    "finance:transfers",
    "finance:refunds",
):
    _admin_and(_name)
for _name in (
    "action_plans:action-plan-export",
    "strategies:strategy-export",
    "monitoring:report-export",
    "outreach:request-export",
    "outreach:practice-export",
    "finance:payment-export",
):
    _admin_and(_name, fmt="csv")
_admin_and("finance:settlements", "finance")
_admin_and("finance:settlement-export", "finance", fmt="csv")
_admin_and("outreach:session-list", "officer")
_admin_and("outreach:session-export", "officer", fmt="csv")
_admin_and("outreach:event-list", "officer")
_admin_and("outreach:event-export", "officer", fmt="csv")
for _kind in ("nabory", "oferty", "umowy", "sprawozdania"):
    PAGES[f"contracts:register/{_kind}"] = Target("admin", {"kind": _kind})
    PAGES[f"contracts:register/{_kind}@consultant"] = Target("consultant", {"kind": _kind})
    PAGES[f"contracts:register-export/{_kind}"] = Target("admin", {"kind": _kind, "fmt": "csv"})
PAGES.update(
    {
        "action_plans:review-queue": Target("consultant"),
        "action_plans:review-queue-export": Target("consultant", CSV),
        "dashboards:board": Target("consultant"),
        "dashboards:board-export": Target("consultant", CSV, grows=False),
        "dashboards:programme-list": Target("admin"),
        "audit:event-list": Target("admin"),
        "audit:event-export": Target("admin", CSV),
        "allocations:run-list": Target("admin"),
        "allocations:run-export": Target("admin", CSV),
        "allocations:run-results-export": Target(
            "admin", lambda w: {"pk": w.published.pk, "fmt": "csv"}
        ),
        "allocations:compare-gminas-export": Target("admin", _run_ids),
        "allocations:compare-voivodeships-export": Target("admin", _run_ids, grows=False),
        "allocations:tranche-export": Target(
            "admin", {"teryt": "1001022", "code": "PIS", "fmt": "csv"}
        ),
        "catalog:service-type-list": Target("admin"),
        "catalog:service-type-export": Target("admin", CSV),
        "territories:territory-list": Target("admin", query="parent=1001"),
        "territories:territory-export": Target("admin", CSV, query="parent=1001"),
        "providers:provider-list": Target("admin"),
        "providers:provider-export": Target("admin", CSV),
        "finance:components": Target("admin"),
        "finance:procurement-export": Target("admin", CSV),
        "finance:balances": Target("admin"),
        "outreach:roster": Target("admin"),
        "outreach:notification-list": Target("admin"),
        "outreach:registrations-export": Target(
            "officer", lambda w: {"pk": w.session.pk, "fmt": "csv"}
        ),
        "contracts:public-round-list": Target("admin"),
        "finance:funding": Target("admin"),
        "finance:statements": Target("admin"),
        "finance:statement-export": Target("admin", CSV),
        "finance:statement-review": Target("admin"),
        # The gmina's coordinator reviews: each line offers the payments it could match.
        "finance:statement-review@coordinator": Target("coordinator"),
        "finance:funding-export": Target("admin", CSV),
        "monitoring:target-list": Target("admin"),
        "monitoring:target-export": Target("admin", CSV),
        "monitoring:value-list": Target("admin"),
        "monitoring:value-export": Target("admin", CSV),
        "monitoring:value-list@consultant": Target("consultant"),
        "accounts:profile": Target("admin"),  # the user's API tokens
        # Each role's home page is its work: the ministry's programmes and runs, a reviewer's
        # queue, a gmina's path to its reports.
        "dashboards:home": Target("admin"),
        "dashboards:home@consultant": Target("consultant", grows=False),  # counts of the queue
        "dashboards:home@coordinator": Target("coordinator"),
        "dashboards:public-home": Target("admin"),  # a row per programme
        # The open data files of each programme with a published allocation (the batches'
        # programmes have none): flat over the growing contracts and allocations.
        "dashboards:public-data": Target("admin", grows=False),
        "territories:voivodeship-map": Target("admin", grows=False),
        "dashboards:indicators-national": Target("admin", grows=False),
        "dashboards:programme-overview-export": Target(
            "admin", {"code": "PIS", "fmt": "csv"}, grows=False
        ),
        "dashboards:allocation-map-export": Target("admin", {"code": "PIS", "fmt": "csv"}),
        "dashboards:public-events": Target("admin"),
        "dashboards:public-practice-list": Target("admin"),
        "dashboards:public-practice-export": Target("admin", CSV),
        "dashboards:public-invitations": Target("admin"),
        "dashboards:public-allocations-export": Target("admin", {"code": "PIS", "fmt": "csv"}),
        "dashboards:public-contracts-export": Target("admin", {"code": "PIS", "fmt": "csv"}),
        # A row per indicator: a fixed list, computed from the growing rows.
        "dashboards:indicators-national-export": Target("admin", CSV, grows=False),
        "dashboards:indicators-voivodeship-export": Target(
            "admin", {"teryt": "10", "fmt": "csv"}, grows=False
        ),
        "dashboards:indicators-gmina-export": Target(
            "admin", {"teryt": "1001022", "fmt": "csv"}, grows=False
        ),
    }
)

for _op in (
    "users_list",
    "audit_events_list",
    "participations_list",
    "allocation_runs_list",
    "target_groups_list",
    "service_types_list",
    "programmes_list",
    "providers_list",
    "components_list",
    "procurement_items_list",
    "territories_list",
):
    API_LISTS[_op] = Target("admin")
for _op in (
    "strategies_list",
    "action_plans_list",
    "procurement_rounds_list",
    "offers_list",
    "contracts_list",
    "provider_reports_list",
    "transfer_requests_list",
    "payments_list",
    "invoices_list",
    "settlements_list",
    "sessions_list",
    "requests_list",
    "events_list",
    "practices_list",
    "progress_reports_list",
):
    API_LISTS[_op] = Target("admin")
    API_LISTS[f"{_op}@consultant"] = Target("consultant")
API_LISTS.update(
    {
        "action_plans_review_queue": Target("consultant"),
        "notifications_list": Target("admin"),
        # Personal data: the organiser's staff (the region) and the registering gmina's only.
        "registrations_list": Target("officer"),
        "registrations_list@coordinator": Target("coordinator"),
        "accounts_tokens_list": Target("admin"),
        "ledger_balances": Target("admin", query="programme=PIS"),
        "financial_reports_programme": Target(
            "admin", query="programme=PIS&until=2009-12-31", grows=False
        ),
        "territories_children": Target("admin", {"teryt": "1001"}),
        "allocation_runs_amendments_list": Target("admin", lambda w: {"run_id": w.published.pk}),
        "allocation_runs_tranches_list": Target(
            "admin", lambda w: {"run_id": w.published.pk, "teryt": "1001022"}
        ),
        "action_plans_versions_list": Target("admin", lambda w: {"plan_id": w.version.plan_id}),
        "indicator_targets_list": Target("admin"),
        "funding_list": Target("admin", query="programme=PIS"),
        "procurement_status_list": Target("admin", query="programme=PIS"),
        "bank_statements_list": Target("admin"),
        "bank_statements_lines": Target("admin", lambda w: {"statement_id": w.statement.pk}),
        "indicator_values_list": Target("admin"),
        "indicator_values_list@consultant": Target("consultant"),
        "procurement_rounds_committee_list": Target("admin", lambda w: {"round_id": w.round.pk}),
        "procurement_rounds_attendance_list": Target("admin", lambda w: {"round_id": w.round.pk}),
    }
)

FORM = "a form to fill in, not a list"
EXCUSED.update(
    {
        "core:healthz": "a probe: one query whatever the data",
        "core:readyz": "a probe: one query per backend whatever the data",
        "accounts:login": FORM,
        "accounts:logout": "signs out",
        "accounts:password-reset": FORM,
        "accounts:password-reset-done": "a message",
        "accounts:password-reset-complete": "a message",
        "accounts:password-change": FORM,
        "accounts:otp-setup": FORM,
        "accounts:otp-verify": FORM,
        "accounts:api-token-create": FORM,
        "accounts:user-create": FORM,
        "catalog:service-type-create": FORM,
        "strategies:strategy-create": FORM,
        "action_plans:action-plan-new": FORM,
        "providers:provider-create": FORM,
        "contracts:round-create": FORM,
        "monitoring:report-create": FORM,
        "outreach:session-create": FORM,
        "outreach:request-create": FORM,
        "outreach:event-create": FORM,
        "outreach:practice-create": FORM,
        "outreach:notification-read-all": "a POST that marks the user's notifications read",
        "set_language": "the language switch",
        "finance:reports": "the forms that start the financial reports (background jobs)",
        "finance:report-interim": "a POST starting the report's background job",
        "finance:report-programme": "a POST starting the report's background job",
        "finance:report-statement": "a POST starting the report's background job",
        "monitoring:programme-report": "a report form and its background job",
    }
)
EXCUSED.update(
    {
        "finance:statement-upload": FORM,
        "monitoring:target-edit": "a sheet to fill in for one area: a fixed list of indicators",
        "monitoring:value-edit": "a sheet to fill in for one gmina: a fixed list of indicators",
    }
)
# API lists not measured: operationId → why (none: every one is measured).
EXCUSED_API: dict[str, str] = {}


# The worlds ------------------------------------------------------------------------------------

_numbers = itertools.count(1)


def _personas(tree) -> SimpleNamespace:
    from integra.accounts.services import create_user
    from integra.core.actors import SystemActor

    return SimpleNamespace(
        **{
            name: create_user(
                actor=SystemActor(SYSTEM_LABEL),
                username=name,
                email=f"{name}@example.org",
                password=PASSWORD,
                assignments=[(role, tree[code]) for role, code in assignments],
            )
            for name, assignments in PERSONAS.items()
        }
    )


def build_world() -> SimpleNamespace:
    """The procurement tests' world (PIS, a 2007 plan approved in 1001022, four providers) with
    the allocation's tranches, the ledger posted, a draft run to compare, a finance component and
    a training session to register for."""
    from integra.allocations.models import AllocationRun
    from integra.allocations.services.published import schedule_tranches
    from integra.contracts.tests.factories import make_round, make_world
    from integra.core.actors import SystemActor
    from integra.finance.models import BankStatement, Component
    from integra.finance.services.allocation import post_allocations
    from integra.monitoring.importers.indicators import load_definitions
    from integra.outreach.tests.factories import make_session
    from integra.territories import demo
    from integra.territories.models import Territory

    demo.load_synthetic(actor=SystemActor(SYSTEM_LABEL), shape=demo.SyntheticShape())
    tree = {t.teryt: t for t in Territory.objects.all()}
    load_definitions()
    world = make_world(_personas(tree), tree)
    world.tree = tree
    world.published = AllocationRun.objects.get(programme=world.programme, status="published")
    schedule_tranches(world.published)
    post_allocations(actor=SystemActor(SYSTEM_LABEL), programme=world.programme)
    world.draft = AllocationRun.objects.create(
        programme=world.programme,
        method="equal",
        data_year=2010,
        budget_eur=Decimal("24000"),
        created_by_label=SYSTEM_LABEL,
    )
    world.component = Component.objects.create(
        programme=world.programme, code="C", name="Komponent C", budget_eur=Decimal("100000")
    )
    world.session = make_session(world.programme, "10")
    world.round = make_round(world, status="published")
    world.statement = BankStatement.objects.create(
        gmina=world.gmina,
        account="PL61109010140000071219812874",
        format=BankStatement.Format.CSV,
        number="1/2007",
        starts_on=dt.date(2007, 7, 1),
        ends_on=dt.date(2007, 7, 31),
        file_name="wyciag.csv",
        file_digest="0" * 64,
        imported_by_label=SYSTEM_LABEL,
    )
    return world


def grow(world, batch: int) -> None:
    """One more row of every kind the lists show, in the batch's gmina (BATCH_GMINAS)."""
    from integra.core.actors import SystemActor
    from integra.finance.services.allocation import post_allocations

    for part in (
        _grow_reference,
        _grow_people,
        _grow_plans,
        _grow_contracts,
        _grow_finance,
        _grow_outreach,
        _grow_monitoring,
    ):
        part(world, batch, world.tree[BATCH_GMINAS[batch - 1]])
    # The newcomers' allocations posted: their accounts in the ledger's balances.
    post_allocations(actor=SystemActor(SYSTEM_LABEL), programme=world.programme)


def _grow_reference(world, batch: int, gmina) -> None:
    from integra.allocations.models import (
        AllocationAmendment,
        AllocationResult,
        AllocationRun,
        Tranche,
    )
    from integra.catalog.models import ServiceType, TargetGroup
    from integra.finance.models import Component
    from integra.programmes.models import Participation, Programme
    from integra.territories.models import Territory

    newcomer = Territory.objects.create(
        teryt=f"10010{3 + batch}2",
        level=Territory.Level.GMINA,
        gmina_type=Territory.GminaType.RURAL,
        name=f"Gmina przybyła {batch}",
        parent=world.tree["1001"],
        register_on=world.tree["1001022"].register_on,
    )
    group = TargetGroup.objects.create(
        code=f"G{batch}", name_pl=f"Grupa {batch}", name_en=f"Group {batch}", position=10 + batch
    )
    service_type = ServiceType.objects.create(
        code=f"OS-9{batch}", name_pl=f"Usługa {batch}", name_en=f"Service {batch}"
    )
    service_type.groups.set([group, world.catalogue.OS])
    programme = Programme.objects.create(
        code=f"P{batch}",
        name=f"Program {batch}",
        starts_on=dt.date(2011, 1, 1),
        ends_on=dt.date(2013, 12, 31),
        budget_eur=Decimal("1000"),
    )
    Participation.objects.create(programme=programme, gmina=gmina)
    run = AllocationRun.objects.create(
        programme=programme,
        method="equal",
        data_year=2010,
        budget_eur=Decimal("1000"),
        created_by_label=SYSTEM_LABEL,
    )
    AllocationResult.objects.create(run=run, gmina=gmina, amount_eur=Decimal("1000"))
    Participation.objects.create(programme=world.programme, gmina=newcomer)
    for allocation in (world.published, world.draft):
        AllocationResult.objects.create(
            run=allocation, gmina=newcomer, amount_eur=Decimal(1000 * batch)
        )
    Tranche.objects.create(
        result=AllocationResult.objects.get(run=world.published, gmina__teryt="1001022"),
        programme=world.programme,
        gmina=world.tree["1001022"],
        number=10 + batch,
        year=2009,
        amount_eur=Decimal("100.00"),
    )
    Component.objects.create(
        programme=world.programme,
        code=f"K{batch}",
        name=f"Komponent {batch}",
        budget_eur=Decimal("1000"),
    )
    AllocationAmendment.objects.create(
        run=world.published,
        gmina=gmina,
        amount_before_eur=Decimal("10000"),
        amount_after_eur=Decimal("10000"),
        reason=f"Korekta {batch}",
        actor_label=SYSTEM_LABEL,
    )


def _grow_people(world, batch: int, gmina) -> None:
    from integra.accounts.services import create_user
    from integra.accounts.services.tokens import issue_token
    from integra.core.actors import SystemActor
    from integra.outreach.models import ExpertProfile, Notification

    system = SystemActor(SYSTEM_LABEL)
    user = create_user(
        actor=system,
        username=f"person{batch}",
        email=f"person{batch}@example.org",
        password=PASSWORD,
        assignments=[("gmina_coordinator", gmina), ("expert", world.tree["10"])],
    )
    ExpertProfile.objects.create(user=user, skills=f"Usługi społeczne {batch}")
    issue_token(actor=system, user=world.people.admin, name=f"token {batch}")
    for person in (world.people.admin, world.people.consultant):
        Notification.objects.create(
            user=person,
            kind=Notification.Kind.PLAN_DUE,
            key=f"batch-{batch}",
            message=f"Plan do złożenia {batch}",
            link="/",
            due_on=dt.date(2007, 3, batch),
        )


def _grow_plans(world, batch: int, gmina) -> None:
    from integra.action_plans.models import ActionPlan, PlannedService, PlanVersion
    from integra.monitoring.models import ProgressReport
    from integra.strategies.tests.factories import (
        DiagnosisEntryFactory,
        OperationalGoalFactory,
        ParticipationEventFactory,
        StrategicGoalFactory,
        StrategyFactory,
        TeamMemberFactory,
    )

    strategy = StrategyFactory(gmina=gmina, title=f"Strategia {batch}")
    goal = StrategicGoalFactory(strategy=strategy, code="1", title="Cel")
    OperationalGoalFactory(parent=goal, code="1.1", title="Cel operacyjny")
    DiagnosisEntryFactory(strategy=strategy, target_group=world.catalogue.OS)
    TeamMemberFactory(strategy=strategy)
    ParticipationEventFactory(strategy=strategy)
    plan = ActionPlan.objects.create(programme=world.programme, gmina=gmina, year=2007 + batch)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        as_of=dt.date(2007, 3, 2),
        status=PlanVersion.Status.SUBMITTED,
        submitted_at=timezone.now() - dt.timedelta(days=batch),
        rate_pln_per_eur=Decimal("4.0000"),
    )
    PlannedService.objects.create(
        version=version,
        service_type=world.catalogue.care,
        title=f"Opieka {batch}",
        planned_beneficiaries=10,
        planned_cost_pln=Decimal("1000.00"),
        provider_kind="ngo",
    )
    PlanVersion.objects.create(
        plan=world.version.plan,
        number=10 + batch,
        as_of=dt.date(2007, 3, 2),
        status=PlanVersion.Status.SUPERSEDED,
        approved_at=timezone.now(),
        approval_letter_number=f"ROPS/{10 + batch}/2007",
        approval_letter_on=dt.date(2007, 4, 2),
        rate_pln_per_eur=Decimal("4.0000"),
    )
    ProgressReport.objects.create(
        programme=world.programme,
        gmina=gmina,
        period=f"2007-Q{batch}",
        starts_on=dt.date(2007, 3 * batch - 2, 1),
        ends_on=dt.date(2007, 3 * batch, 28),
    )


def _grow_contracts(world, batch: int, gmina) -> None:
    from integra.contracts.models import Instalment, ProviderReport
    from integra.contracts.tests.factories import make_contract, make_offer, make_round
    from integra.providers.tests.factories import make_provider

    provider = make_provider(gmina, name=f"Stowarzyszenie {batch}")
    world.__dict__.setdefault("providers", []).append(provider)
    round_ = make_round(
        world,
        status="published",
        gmina=gmina,
        deadline_at=timezone.now() + dt.timedelta(days=10 + batch),
    )
    make_offer(round_, provider)
    contract = make_contract(world, gmina=gmina, provider=provider, value=Decimal("1000.00"))
    world.__dict__.setdefault("contracts", []).append(contract)
    Instalment.objects.create(
        contract=contract, number=1, due_on=dt.date(2007, 7, 1), amount_pln=Decimal("1000.00")
    )
    ProviderReport.objects.create(
        contract=contract,
        kind=ProviderReport.Kind.PARTIAL,
        number=1,
        due_on=dt.date(2007, 9, batch),
        status=ProviderReport.Status.DUE,
        overdue_since=dt.date(2007, 9, batch + 1),
    )


def _grow_finance(world, batch: int, gmina) -> None:
    from integra.allocations.models import Tranche
    from integra.core.actors import SystemActor
    from integra.finance.models import (
        Invoice,
        Payment,
        PaymentInvoice,
        ProcurementItem,
        Refund,
        Settlement,
        TransferRequest,
    )
    from integra.finance.services.funding import record_funding

    contract = world.contracts[-1]
    invoice = Invoice.objects.create(
        provider=contract.provider,
        contract=contract,
        number=f"FV/{batch}/2007",
        issued_on=dt.date(2007, 7, batch),
        issuer_nip=contract.provider.nip,
        amount_pln=Decimal("500.00"),
        eligible_pln=Decimal("500.00"),
        ineligible_pln=Decimal("0.00"),
        line=Invoice.Line.SERVICES,
    )
    payment = Payment.objects.create(
        contract=contract,
        kind=Payment.Kind.ADVANCE,
        amount_pln=Decimal("300.00"),
        recorded_by=world.people.finance,
        recorded_by_label="finance",
    )
    PaymentInvoice.objects.create(payment=payment, invoice=invoice, amount_pln=Decimal("300.00"))
    Refund.objects.create(
        kind=Refund.Kind.PROVIDER,
        programme=world.programme,
        gmina=gmina,
        contract=contract,
        amount_pln=Decimal("10.00"),
        received_on=dt.date(2007, 10, batch),
        reason=f"Zwrot {batch}",
        rate=Decimal("4.0000"),
        eur_equivalent=Decimal("2.50"),
        recorded_by_label="finance",
    )
    Settlement.objects.create(
        programme=world.programme, gmina=gmina, year=2006 + batch, created_by_label=SYSTEM_LABEL
    )
    tranche = Tranche.objects.filter(result__run=world.published, gmina=gmina).order_by("number")[
        batch // 2
    ]
    TransferRequest.objects.create(
        tranche=tranche,
        programme=world.programme,
        gmina=gmina,
        amount_eur=tranche.amount_eur,
        requested_by_label="coordinator",
    )
    record_funding(
        actor=SystemActor(SYSTEM_LABEL),
        programme=world.programme,
        source="loan",
        amount_eur=Decimal("1000.00"),
        received_on=dt.date(2007, 9, 2 + batch),
        reference=f"WA-{batch}",
    )
    item = ProcurementItem.objects.create(
        component=world.component,
        reference=f"C/{batch}",
        description=f"Zamówienie {batch}",
        method="qcbs",
        review="prior",
        estimated_cost_eur=Decimal("1000.00"),
    )
    # The plan's status lists each item's contracts: the batch's newest contract linked.
    from integra.finance.services.procurement import link_contract

    link_contract(actor=SystemActor(SYSTEM_LABEL), item=item, contract=contract)


def _grow_monitoring(world, batch: int, gmina) -> None:
    from integra.contracts.models import CommitteeMember, MeetingAttendance
    from integra.finance.models import BankStatement, StatementLine
    from integra.monitoring.models import Indicator, IndicatorValue, Target

    statement = BankStatement.objects.create(
        gmina=gmina,
        account="PL61109010140000071219812874",
        format=BankStatement.Format.CSV,
        number=f"{1 + batch}/2007",
        starts_on=dt.date(2007, 8, 1),
        ends_on=dt.date(2007, 8, 31),
        file_name=f"wyciag{batch}.csv",
        file_digest=f"{batch}" * 64,
        imported_by_label=SYSTEM_LABEL,
    )
    for where in (world.statement, statement):
        StatementLine.objects.create(
            statement=where,
            position=batch,
            file_line=batch,
            value_on=dt.date(2007, 8, batch),
            amount=Decimal("-100.00"),
            currency="PLN",
            counterparty_account="PL27114020040000300201355387",
            counterparty_name=f"Stowarzyszenie {batch}",
            title=f"Przelew {batch}",
            bank_reference=f"REF{batch}-{where.pk}",
            key=f"line-{batch}-{where.pk}",
            decided_by_label="",
        )
    CommitteeMember.objects.create(round=world.round, name=f"Członek komisji {batch}")
    MeetingAttendance.objects.create(
        round=world.round, provider=world.providers[-1], representative=f"Osoba {batch}"
    )
    Target.objects.create(
        indicator=Indicator.objects.order_by("code")[batch],
        programme=world.programme,
        teryt="10",
        target=Decimal(10 * batch),
    )
    IndicatorValue.objects.create(
        indicator=Indicator.objects.filter(source=Indicator.Source.ENTERED).order_by("code")[0],
        programme=world.programme,
        gmina=gmina,
        period=f"2007-Q{batch}",
        ends_on=dt.date(2007, 3 * batch, 28),
        value=Decimal(batch),
    )


def _grow_outreach(world, batch: int, gmina) -> None:
    from integra.outreach.models import (
        CampaignEvent,
        ExpertRequest,
        GoodPractice,
        Registration,
    )

    Registration.objects.create(
        session=world.session,
        gmina=gmina,
        full_name=f"Uczestnik {batch}",
        function="pracownik socjalny",
        email=f"uczestnik{batch}@example.org",
    )
    from integra.outreach.tests.factories import make_session

    make_session(world.programme, BATCH_GMINAS[batch - 1], topic=f"Szkolenie {batch}")
    ExpertRequest.objects.create(
        programme=world.programme, gmina=gmina, topic=f"Temat {batch}", need="Potrzeba"
    )
    CampaignEvent.objects.create(
        programme=world.programme,
        kind=CampaignEvent.Kind.GMINA_MEETING,
        title=f"Spotkanie {batch}",
        held_on=dt.date(2007, 5, batch),
        organiser=gmina,
        participants=10,
    )
    practice = GoodPractice.objects.create(
        programme=world.programme,
        gmina=gmina,
        title=f"Praktyka {batch}",
        service_type=world.catalogue.care,
        what_was_done="Opieka",
        results="Wyniki",
        people_reached=10,
        contact_office="Urząd Gminy",
        status=GoodPractice.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    practice.groups.set([world.catalogue.OS])


# Measuring -------------------------------------------------------------------------------------


def _page_path(name: str, target: Target, world) -> str:
    path = reverse(_base(name), kwargs=_kwargs(target, world))
    return f"{path}?{target.query}" if target.query else path


@functools.cache
def _api_routes() -> dict[str, tuple[str, str]]:
    """operationId → (method, route) of every API operation."""
    from integra.api.router import api

    schema = api.get_openapi_schema()
    return {
        operation["operationId"]: (method, route)
        for route, item in schema["paths"].items()
        for method, operation in item.items()
    }


def _api_path(name: str, target: Target, world) -> str:
    _method, route = _api_routes()[name.split("@")[0]]
    path = route.format(**_kwargs(target, world))
    return f"{path}?{target.query}" if target.query else path


def _rows(response) -> int:
    """How much the answer holds: a page's item count, a list's length, else its size."""
    if response.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        if isinstance(body, dict) and "count" in body:
            return body["count"]
        if isinstance(body, list):
            return len(body)
    return len(b"".join(response) if response.streaming else response.content)


def _measure(client: Client, path: str) -> Measure:
    # The first request fills what the process keeps (content types, translations); the cache
    # is emptied before the measured one so that no answer comes from it.
    cache.clear()
    client.get(path)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        rows = _rows(response)
    return Measure(response.status_code, [q["sql"] for q in captured.captured_queries], rows)


def _clients(world) -> tuple[dict[str, Client], dict[str, Client]]:
    from integra.accounts.services.tokens import issue_token
    from integra.core.actors import SystemActor

    pages, api = {}, {}
    for name in PERSONAS:
        user = getattr(world.people, name)
        client = Client()
        client.cookies["django_language"] = "en"
        client.force_login(user)
        verify_second_factor(client, user)
        pages[name] = client
        _token, secret = issue_token(actor=SystemActor(SYSTEM_LABEL), user=user, name="counts")
        api[name] = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    return pages, api


def _measure_all(world, clients) -> dict[str, Measure]:
    pages, api = clients
    found = {}
    for name, target in PAGES.items():
        found[name] = _measure(pages[target.persona], _page_path(name, target, world))
    for name, target in API_LISTS.items():
        found[f"api:{name}"] = _measure(api[target.persona], _api_path(name, target, world))
    return found


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """(small, large): every list measured in the small world and in the world three times
    larger. Built once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), translation.override("en"), transaction.atomic():
        world = build_world()
        grow(world, 1)
        clients = _clients(world)
        small = _measure_all(world, clients)
        grow(world, 2)
        grow(world, 3)
        large = _measure_all(world, clients)
        transaction.set_rollback(True)
    return small, large


def _repeated(small: list[str], large: list[str]) -> list[str]:
    """The statements the large world ran more often, numbers blanked."""

    def shape(sql: str) -> str:
        numbers = re.sub(r"'[^']*'|\b\d+\b", "N", sql)
        return re.sub(r"\(N(, N)*\)", "(N…)", numbers)

    grown = Counter(map(shape, large)) - Counter(map(shape, small))
    return [f"{n}× {sql[:300]}" for sql, n in grown.most_common(5)]


TARGETS = {**PAGES, **{f"api:{name}": target for name, target in API_LISTS.items()}}
MEASURED = sorted(TARGETS)


# The mark makes pytest-django set the test database up for the module's fixture.
@pytest.mark.django_db
@pytest.mark.parametrize("name", MEASURED)
def test_the_number_of_queries_stays_flat_as_the_rows_grow(measured, name):
    small, large = (world[name] for world in measured)

    assert (small.status, large.status) == (200, 200)
    if TARGETS[name].grows:
        assert large.rows > small.rows, f"{name}: the rows did not reach the list"
    assert len(large.queries) == len(small.queries), "\n".join(
        [
            f"{name}: {len(small.queries)} → {len(large.queries)} queries",
            *_repeated(small.queries, large.queries),
        ]
    )


# The completeness guard ------------------------------------------------------------------------

LIST_SUFFIXES = ("-list", "-queue", "-export")
LIST_PARAMETERS = {"fmt", "kind"}


def _routes(entries, namespace: str = "", prefix: str = ""):
    """(namespaced name, route) of every named URL pattern, included ones too."""
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def list_pages() -> set[str]:
    """Every page that is a list by the rule of the module docstring."""
    found = set()
    for name, route in _routes(get_resolver().url_patterns):
        if name.startswith(("api:", "admin:")):
            continue
        parameters = set(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))
        names = {a or b for a, b in parameters}
        if name.endswith(LIST_SUFFIXES) or names <= LIST_PARAMETERS:
            found.add(name)
    return found


def list_operations() -> set[str]:
    """Every API operation that is a list by the rule of the module docstring."""
    from integra.api.router import api

    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    found = set()
    for item in schema["paths"].values():
        operation = item.get("get")
        if operation is None:
            continue
        responses = operation["responses"]
        answer = responses.get(200) or responses.get("200") or {}  # int keys before JSON
        body = answer.get("content", {}).get("application/json", {}).get("schema", {})
        if "$ref" in body:
            body = components[body["$ref"].rsplit("/", 1)[-1]]
        if body.get("type") == "array" or {"items", "count"} <= set(body.get("properties", {})):
            found.add(operation["operationId"])
    return found


def _base(name: str) -> str:
    return name.split("@")[0].split("/")[0]


def test_every_list_is_measured_or_excused():
    # The rules see what they must: a register, a queue, an export, a page and an array.
    assert {"contracts:register", "action_plans:review-queue", "audit:event-export"} <= list_pages()
    assert {"contracts_list", "target_groups_list"} <= list_operations()
    measured_pages = {_base(name) for name in PAGES}
    measured_api = {_base(name) for name in API_LISTS}

    assert sorted(list_pages() - measured_pages - set(EXCUSED)) == []
    assert sorted(list_operations() - measured_api - set(EXCUSED_API)) == []
    # Nothing is both, and nothing listed is gone.
    assert measured_pages & set(EXCUSED) == set()
    assert measured_api & set(EXCUSED_API) == set()
    assert set(EXCUSED) <= list_pages()
    assert measured_api | set(EXCUSED_API) <= set(_api_routes())
