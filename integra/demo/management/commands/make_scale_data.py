"""`manage.py make_scale_data --factor N`: N times the real programme on PostgreSQL, for the
benches (bench/contracts.py, bench/dashboards.py) — a programme `SCALE-N` over N × 500
synthetic gminas (synthetic voivodeships 40, 42, … with 10 powiats of 50 gminas each, with their
population), a published allocation of N × 40 mln EUR, and through the demo's generators the
providers, approved plans, rounds, offers, contracts and provider reports of each gmina (about
21 contracts and, with the people reached spread over the four age bands, about 10 rows of reach
a contract: at 10, 5,000 gminas, ~105,000 contracts, ~1,000,000 rows of reach).

And the money, through finance's services and their bulk paths (every limit of the one-by-one
services checked as an invariant, the same rows and ledger entries): the published allocation
posted (`post_allocations`), the tranches scheduled (three a year from the programme's start);
per batch of gminas the contracts' commitments (`post_commitments`), the tranches of the plan
years (2007 and 2008) transferred in April at the NBP rate (`transfer_many`), and the payments
in date order (`pay_many`): each contract's advance on its due day, its second instalment on
its due day against an invoice once both reports are accepted — as far as the money received
and the NBP rates loaded allow (the refused ones are counted and printed: without the tables
of 2009 the instalments of the 2008 contracts stay unpaid). `verify_ledger` prints OK after it.

Written with `bulk_create` in batches of gminas (memory stays flat), deterministic (every choice
from generators seeded by TERYT codes, every payment from the data). `--money-only` posts the
money of a build made without it. Refuses SQLite: the figures are meant for PostgreSQL, and
SQLite would take the machine's afternoon. Needs `seed_demo` first (the catalogue and the NBP
rates of 2007–2008)."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from integra.action_plans import demo as action_plans_demo
from integra.action_plans.services.versions import PlanRateMissing
from integra.allocations.models import AllocationResult, AllocationRun, Tranche
from integra.allocations.services.published import schedule_tranches
from integra.catalog.models import ServiceType, TargetGroup
from integra.contracts import demo as contracts_demo
from integra.contracts import models as contract_models
from integra.core.actors import SystemActor
from integra.dashboards.services import summaries as measures_summaries
from integra.finance import models as finance_models
from integra.finance.demo import DEMO_NIP, _transfer_day
from integra.finance.services.allocation import post_allocations
from integra.finance.services.bulk import BulkPayment, BulkTransfer, pay_many, transfer_many
from integra.finance.services.commitments import post_commitments
from integra.monitoring.services import summaries as monitoring_summaries
from integra.programmes.models import Participation, Programme
from integra.programmes.selectors import RateMissing, find_rate
from integra.providers import demo as providers_demo
from integra.providers.models import Provider
from integra.territories.models import PopulationRecord, Territory

GMINAS_PER_FACTOR = 500
POWIATS = 10  # one synthetic voivodeship: 10 powiats of 50 gminas
BUDGET_PER_FACTOR = Decimal("40000000")
BATCH_GMINAS = 250
TABLES = (
    Territory,
    PopulationRecord,
    Participation,
    AllocationResult,
    Provider,
    contract_models.ProcurementRound,
    contract_models.Offer,
    contract_models.Contract,
    contract_models.ContractService,
    contract_models.Instalment,
    contract_models.ProviderReport,
    contract_models.ReportReach,
    Tranche,
    finance_models.TransferRequest,
    finance_models.Invoice,
    finance_models.Payment,
    finance_models.Account,
    finance_models.Transaction,
    finance_models.Entry,
)
ACTOR = SystemActor("make_scale_data")
PLAN_YEARS = (2007, 2008)  # the years the generated plans cover: their tranches are transferred


class Command(BaseCommand):
    help = (
        "Build N times the real programme on PostgreSQL (N × 500 gminas, ~21 contracts each, "
        "their reports and people reached), for the benches. Refuses SQLite."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--factor", type=int, default=1, help="N: 1 to 20 (default 1).")
        parser.add_argument(
            "--money-only",
            action="store_true",
            help="Post the money (allocation, commitments, transfers, payments) of SCALE-N "
            "built before without it.",
        )
        parser.add_argument(
            "--gminas-per-factor",
            type=int,
            default=GMINAS_PER_FACTOR,
            help="Gminas per factor, a multiple of 10 (default 500; fewer for tests).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        factor, per_factor = self._check(options)
        code = f"SCALE-{factor}"
        built = Programme.objects.filter(code=code).first()
        if options["money_only"]:
            if built is None:
                raise CommandError(f"{code} is not built: run without --money-only first.")
        elif built is not None:
            raise CommandError(f"{code} is already built; drop the database to build it again.")
        before = {model: model.objects.count() for model in TABLES}
        started = time.perf_counter()
        if built is None:
            programme, gminas = self._territory(factor, code, per_factor // POWIATS)
            self.stdout.write(f"territory and allocation: {time.perf_counter() - started:.1f} s")
        else:
            programme = built
            gminas = list(
                Territory.objects.filter(
                    pk__in=AllocationResult.objects.filter(run__programme=programme).values(
                        "gmina_id"
                    )
                ).order_by("teryt")
            )
        self._allocation(programme)
        self.stdout.write(
            f"allocation posted, tranches scheduled: {time.perf_counter() - started:.1f} s"
        )
        groups = dict(TargetGroup.objects.values_list("pk", "code"))
        allocations = dict(
            AllocationResult.objects.filter(run__programme=programme).values_list(
                "gmina_id", "amount_eur"
            )
        )
        contracts = 0
        refused: Counter[str] = Counter()
        paid = 0
        for start in range(0, len(gminas), BATCH_GMINAS):
            batch = gminas[start : start + BATCH_GMINAS]
            with transaction.atomic():
                if built is None:
                    contracts += self._contracts(programme, batch, allocations, groups)
                paid += self._money(programme, batch, refused)
            self.stdout.write(
                f"  gminas {start + len(batch):>6}/{len(gminas)}: {contracts:>8} contracts, "
                f"{paid:>8} payments, {time.perf_counter() - started:.1f} s",
            )
        # The planner's statistics of the tables just filled: without them (autovacuum lags far
        # behind bulk loading on a busy machine) PostgreSQL plans the dashboards' aggregates as
        # nested loops over "one row" and runs them for minutes instead of a second — the
        # summaries' own build first of all (over 25 minutes instead of 2½ without them).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # The indicator summary of the programme, whole (the bulk paths send no signals).
        summary_rows = monitoring_summaries.build(programme)
        self.stdout.write(f"  indicator summary: {summary_rows} rows per gmina and quarter")
        measures = measures_summaries.build(programme)
        self.stdout.write(f"  the maps' measures: {measures} rows, one a gmina")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # and of the summaries just written
        seconds = time.perf_counter() - started
        self.stdout.write(f"{code}: built and analysed in {seconds:.1f} s. Rows added per table:")
        for model in TABLES:
            added = model.objects.count() - before[model]
            self.stdout.write(f"  {model._meta.db_table:<36} {added:>10,}")
        self.stdout.write("Documents the limits left out (counted, not written):")
        for reason, count in sorted(refused.items()):
            self.stdout.write(f"  {reason:<40} {count:>10,}")

    def _check(self, options: dict[str, Any]) -> tuple[int, int]:
        factor = options["factor"]
        if not isinstance(factor, int) or not 1 <= factor <= 20:
            raise CommandError("--factor must be a whole number from 1 to 20.")
        per_factor = options["gminas_per_factor"]
        if not isinstance(per_factor, int) or not 10 <= per_factor <= 990 or per_factor % 10:
            raise CommandError("--gminas-per-factor must be a multiple of 10 from 10 to 990.")
        if connection.vendor != "postgresql":
            raise CommandError(
                "make_scale_data builds scale data on PostgreSQL only; this database is "
                f"{connection.vendor}. Set DATABASE_URL=postgres://… and run it again."
            )
        if not ServiceType.objects.exists():
            raise CommandError("No catalogue: run `manage.py seed_demo` first.")
        return factor, per_factor

    def _contracts(
        self,
        programme: Programme,
        batch: list[Territory],
        allocations: dict[int, Decimal],
        groups: dict[int, str],
    ) -> int:
        """Providers, approved plans, rounds, contracts and reports of a batch of gminas."""
        providers_demo.generate_providers(gminas=batch)
        counts = {g.pk: random.Random(f"contracts:{g.teryt}").randint(17, 25) for g in batch}
        try:
            action_plans_demo.generate_plans(
                programme=programme,
                allocations={g.pk: allocations[g.pk] for g in batch},
                services_per_gmina=counts,
            )
        except PlanRateMissing as missing:
            raise CommandError(f"{missing} Run `manage.py seed_demo` first.") from missing
        seed = contracts_demo.seed_volume(
            programme=programme,
            skip=None,
            group_codes=groups,
            gmina_ids=[g.pk for g in batch],
            every_band=True,
        )
        return seed.contracts

    @transaction.atomic
    def _allocation(self, programme: Programme) -> None:
        """The published allocation in the ledger and its tranches (once)."""
        post_allocations(actor=ACTOR, programme=programme)
        run = AllocationRun.objects.get(
            programme=programme, status=AllocationRun.Status.PUBLISHED.value
        )
        if not Tranche.objects.filter(result__run=run).exists():
            schedule_tranches(run)

    def _money(self, programme: Programme, batch: list[Territory], refused: Counter[str]) -> int:
        """The batch's commitments, transfers of the plan years' tranches and payments; the
        number of payments paid."""
        ids = [g.pk for g in batch]
        post_commitments(actor=ACTOR, programme=programme, gmina_ids=ids)
        rates: dict[dt.date, Decimal | None] = {}

        def rate_of(day: dt.date) -> Decimal | None:
            if day not in rates:
                try:
                    rates[day] = find_rate(currency="EUR", operation_on=day).mid
                except RateMissing:
                    rates[day] = None
            return rates[day]

        transfers = []
        for tranche in Tranche.objects.filter(
            programme=programme,
            gmina_id__in=ids,
            year__in=PLAN_YEARS,
            status=Tranche.Status.PLANNED.value,
        ).order_by("gmina__teryt", "number"):
            day = _transfer_day(tranche.year)
            mid = rate_of(day)
            if mid is None:
                refused["no NBP rate (transfer)"] += 1
                continue
            pln = (tranche.amount_eur * mid).quantize(Decimal("0.01"), ROUND_DOWN)
            transfers.append(BulkTransfer(tranche=tranche, amount_pln=pln, transferred_on=day))
        outcome = transfer_many(
            actor=ACTOR, programme=programme, transfers=transfers, skip_refused=True
        )
        refused.update({f"{reason} (transfer)": n for reason, n in outcome.refused.items()})
        outcome = pay_many(
            actor=ACTOR,
            programme=programme,
            payments=_payments(programme, ids),
            skip_refused=True,
        )
        refused.update(outcome.refused)
        return outcome.done

    @transaction.atomic
    def _territory(
        self, factor: int, code: str, per_powiat: int
    ) -> tuple[Programme, list[Territory]]:
        country = Territory.objects.get(level=Territory.Level.COUNTRY)
        rng = random.Random(f"scale:{factor}")
        gminas: list[Territory] = []
        voivodeships = []
        # Synthetic voivodeship codes above the real ones (40, 42, …), skipping those an earlier
        # run of another factor took.
        taken = set(Territory.objects.filter(level="voivodeship").values_list("teryt", flat=True))
        free = [f"{code:02d}" for code in range(40, 100, 2) if f"{code:02d}" not in taken]
        if len(free) < factor:
            raise CommandError("No synthetic voivodeship codes left: drop the database first.")
        for woj in free[:factor]:
            voivodeship = Territory(
                teryt=woj,
                level=Territory.Level.VOIVODESHIP.value,
                name=f"WOJEWÓDZTWO SKALI {woj}",
                parent=country,
            )
            voivodeships.append(voivodeship)
        Territory.objects.bulk_create(voivodeships)
        powiats = []
        for voivodeship in voivodeships:
            for p in range(1, POWIATS + 1):
                powiats.append(
                    Territory(
                        teryt=f"{voivodeship.teryt}{p:02d}",
                        level=Territory.Level.POWIAT.value,
                        name=f"powiat {voivodeship.teryt}{p:02d}",
                        parent=voivodeship,
                    )
                )
        Territory.objects.bulk_create(powiats)
        for powiat in powiats:
            for g in range(1, per_powiat + 1):
                kind = "2" if g % 3 else "3"
                gminas.append(
                    Territory(
                        teryt=f"{powiat.teryt}{g:02d}{kind}",
                        level=Territory.Level.GMINA.value,
                        gmina_type=kind,
                        name=f"Gmina Skali {powiat.teryt}{g:02d}",
                        parent=powiat,
                    )
                )
        Territory.objects.bulk_create(gminas, batch_size=2000)
        population = {g.pk: rng.randint(2500, 25000) for g in gminas}
        PopulationRecord.objects.bulk_create(
            [
                PopulationRecord(
                    territory=g,
                    year=2010,
                    total=total,
                    age_0_17=total // 5,
                    working_age=total * 3 // 5,
                    post_working_age=total - total // 5 - total * 3 // 5,
                )
                for g, total in ((g, population[g.pk]) for g in gminas)
            ],
            batch_size=5000,
        )
        programme = Programme.objects.create(
            code=code,
            name=f"Program Integracji Społecznej × {factor} (dane do pomiarów)",
            starts_on=dt.date(2006, 1, 1),
            ends_on=dt.date(2010, 12, 31),
            budget_eur=BUDGET_PER_FACTOR * factor,
        )
        programme.voivodeships.set(voivodeships)
        Participation.objects.bulk_create(
            [
                Participation(programme=programme, gmina=g, selection_rank=rank)
                for rank, g in enumerate(gminas, start=1)
            ],
            batch_size=5000,
        )
        run = AllocationRun.objects.create(
            programme=programme,
            method=AllocationRun.Method.POPULATION.value,
            data_year=2010,
            budget_eur=BUDGET_PER_FACTOR * factor,
            created_by_label="make_scale_data",
            status=AllocationRun.Status.PUBLISHED.value,
            published_at=timezone.now(),
        )
        total = sum(population.values())
        AllocationResult.objects.bulk_create(
            [
                AllocationResult(
                    run=run,
                    gmina=g,
                    amount_eur=(BUDGET_PER_FACTOR * factor * population[g.pk] / total).quantize(
                        Decimal("1")
                    ),
                )
                for g in gminas
            ],
            batch_size=5000,
        )
        return programme, gminas


PAID = (
    contract_models.Contract.Status.FINAL_REPORT_ACCEPTED,
    contract_models.Contract.Status.SETTLED,
    contract_models.Contract.Status.CLOSED,
)


def _payments(programme: Programme, gmina_ids: list[int]) -> list[BulkPayment]:
    """The payments the gminas' contracts would have had, in date order: the advance on its due
    day; the second instalment on its due day, against the provider's invoice of five days
    before, once both reports are accepted."""
    contracts = {
        c.pk: c
        for c in contract_models.Contract.objects.filter(
            programme=programme, gmina_id__in=gmina_ids
        )
    }
    payments = []
    for instalment in contract_models.Instalment.objects.filter(
        contract_id__in=list(contracts)
    ).order_by("due_on", "contract_id", "number"):
        contract = contracts[instalment.contract_id]
        if instalment.is_advance:
            payments.append(
                BulkPayment(
                    contract=contract,
                    kind="advance",
                    amount_pln=instalment.amount_pln,
                    paid_on=instalment.due_on,
                )
            )
        elif contract.status in PAID:
            payments.append(
                BulkPayment(
                    contract=contract,
                    kind="instalment",
                    instalment=instalment,
                    amount_pln=instalment.amount_pln,
                    paid_on=instalment.due_on,
                    invoice_number=f"FV/{contract.pk}/{instalment.number}/{instalment.due_on:%Y}",
                    issued_on=instalment.due_on - dt.timedelta(days=5),
                    issuer_nip=DEMO_NIP,
                )
            )
    return payments
