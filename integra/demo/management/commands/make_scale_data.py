"""`manage.py make_scale_data --factor N`: N times the real programme on PostgreSQL, for the
benches (bench/contracts.py, the dashboards' benches) — a programme `SCALE-N` over N × 500
synthetic gminas (synthetic voivodeships 40, 42, … with 10 powiats of 50 gminas each, with their
population), a published allocation of N × 40 mln EUR, and through the demo's generators the
providers, approved plans, rounds, offers, contracts and provider reports of each gmina (about
21 contracts and, with the people reached spread over the four age bands, about 10 rows of reach
a contract: at 10, 5,000 gminas, ~105,000 contracts, ~1,000,000 rows of reach).

Written with `bulk_create` in batches of gminas (memory stays flat). Payments and ledger entries
are not written: finance has no bulk path for payments yet — the hook is `finance.services`
posting a contract's payments; until then the board and the maps read the contracts' payment
schedules (dashboards.selectors.measures). Refuses SQLite: the figures are meant for
PostgreSQL, and SQLite would take the machine's afternoon. Needs `seed_demo` first (the
catalogue and the NBP rates of 2007–2008)."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from integra.action_plans import demo as action_plans_demo
from integra.action_plans.services.versions import PlanRateMissing
from integra.allocations.models import AllocationResult, AllocationRun
from integra.catalog.models import ServiceType, TargetGroup
from integra.contracts import demo as contracts_demo
from integra.contracts import models as contract_models
from integra.programmes.models import Participation, Programme
from integra.providers import demo as providers_demo
from integra.providers.models import Provider
from integra.territories.models import PopulationRecord, Territory

GMINAS_PER_FACTOR = 500
POWIATS, GMINAS_PER_POWIAT = 10, 50  # one synthetic voivodeship: 500 gminas
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
)


class Command(BaseCommand):
    help = (
        "Build N times the real programme on PostgreSQL (N × 500 gminas, ~21 contracts each, "
        "their reports and people reached), for the benches. Refuses SQLite."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--factor", type=int, default=1, help="N: 1 to 20 (default 1).")

    def handle(self, *args: object, **options: object) -> None:
        factor = options["factor"]
        if not isinstance(factor, int) or not 1 <= factor <= 20:
            raise CommandError("--factor must be a whole number from 1 to 20.")
        if connection.vendor != "postgresql":
            raise CommandError(
                "make_scale_data builds scale data on PostgreSQL only; this database is "
                f"{connection.vendor}. Set DATABASE_URL=postgres://… and run it again."
            )
        if not ServiceType.objects.exists():
            raise CommandError("No catalogue: run `manage.py seed_demo` first.")
        code = f"SCALE-{factor}"
        if Programme.objects.filter(code=code).exists():
            raise CommandError(f"{code} is already built; drop the database to build it again.")
        before = {model: model.objects.count() for model in TABLES}
        started = time.perf_counter()
        programme, gminas = self._territory(factor, code)
        self.stdout.write(f"territory and allocation: {time.perf_counter() - started:.1f} s")
        groups = dict(TargetGroup.objects.values_list("pk", "code"))
        allocations = dict(
            AllocationResult.objects.filter(run__programme=programme).values_list(
                "gmina_id", "amount_eur"
            )
        )
        contracts = 0
        for start in range(0, len(gminas), BATCH_GMINAS):
            batch = gminas[start : start + BATCH_GMINAS]
            with transaction.atomic():
                providers_demo.generate_providers(gminas=batch)
                counts = {
                    g.pk: random.Random(f"contracts:{g.teryt}").randint(17, 25) for g in batch
                }
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
            contracts += seed.contracts
            self.stdout.write(
                f"  gminas {start + len(batch):>6}/{len(gminas)}: {contracts:>8} contracts, "
                f"{time.perf_counter() - started:.1f} s",
            )
        seconds = time.perf_counter() - started
        self.stdout.write(f"{code}: built in {seconds:.1f} s. Rows added per table:")
        for model in TABLES:
            added = model.objects.count() - before[model]
            self.stdout.write(f"  {model._meta.db_table:<36} {added:>10,}")
        self.stdout.write(
            "Payments and ledger entries: none — finance has no bulk path for contract "
            "payments yet (the board and the maps read the payment schedules meanwhile)."
        )

    @transaction.atomic
    def _territory(self, factor: int, code: str) -> tuple[Programme, list[Territory]]:
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
            for g in range(1, GMINAS_PER_POWIAT + 1):
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
