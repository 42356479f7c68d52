"""`manage.py seed_demo`: the whole programme at work, each app adding its part through its own
`demo.py` (which calls that app's services), in the order of the apps, in one transaction.
Idempotent: a second run finds everything in place and changes nothing."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from integra.accounts import demo as accounts_demo
from integra.action_plans import demo as action_plans_demo
from integra.action_plans.services.versions import PlanRateMissing
from integra.allocations import demo as allocations_demo
from integra.allocations.models import AllocationResult, AllocationRun
from integra.catalog import demo as catalog_demo
from integra.catalog.models import TargetGroup
from integra.contracts import demo as contracts_demo
from integra.core.actors import SystemActor
from integra.core.errors import DomainError, ImportRefused
from integra.finance import demo as finance_demo
from integra.monitoring import demo as monitoring_demo
from integra.outreach import demo as outreach_demo
from integra.programmes import demo as programmes_demo
from integra.programmes.models import Programme
from integra.providers import demo as providers_demo
from integra.strategies import demo as strategies_demo
from integra.territories import demo as territories_demo
from integra.territories.models import COUNTRY_CODE, Territory
from integra.territories.services import ImportSummary

ACTOR = SystemActor("seed_demo")


@dataclass
class DemoReport:
    territory: territories_demo.TerritorySeed
    programme: Programme
    programme_created: bool
    logins: list[accounts_demo.Login]
    run: AllocationRun
    published_now: bool
    plans_note: str
    providers: providers_demo.ProvidersSeed | None = None
    finance: finance_demo.FinanceSeed | None = None
    finance_reports: finance_demo.ReportsSeed | None = None
    procurement: contracts_demo.ProcurementSeed | None = None
    monitoring: monitoring_demo.MonitoringSeed | None = None
    outreach: outreach_demo.OutreachSeed | None = None
    volume: contracts_demo.VolumeSeed | None = None
    imports: list[tuple[str, ImportSummary]] = field(default_factory=list)


def seed(data_dir: Path) -> DemoReport:
    """Every app's part, lowest first; all or nothing."""
    with transaction.atomic():
        territory = territories_demo.seed_territory(actor=ACTOR, data_dir=data_dir)
        programme, created = programmes_demo.seed_programme(
            actor=ACTOR, synthetic=territory.synthetic
        )
        gmina = programmes_demo.demo_gmina(programme)
        people = accounts_demo.demo_people(
            country=Territory.objects.get(teryt=COUNTRY_CODE),
            region=programmes_demo.demo_region(),
            gmina=gmina,
        )
        logins = accounts_demo.seed_users(actor=ACTOR, people=people)
        catalogue = catalog_demo.seed_catalogue(actor=ACTOR)
        run, published_now = allocations_demo.seed_allocation(actor=ACTOR, programme=programme)
        plans_note = _seed_plans(programme, gmina, data_dir)
        region = programmes_demo.demo_region()
        providers = providers_demo.seed_providers(
            actor=ACTOR,
            gminas=[
                p.gmina
                for p in programme.participations.filter(
                    gmina__teryt__startswith=region.scope_prefix
                ).select_related("gmina")
            ],
            demo_gmina=gmina,
        )
        procurement = contracts_demo.seed_procurement(
            actor=ACTOR, gmina=gmina, organisation=providers.organisation
        )
        volume = _seed_volume(programme, gmina)
        finance = finance_demo.seed_finance(programme, gmina)
        finance_reports = finance_demo.seed_reports(programme, gmina)
        monitoring = monitoring_demo.seed_monitoring(actor=ACTOR, programme=programme, gmina=gmina)
        outreach = outreach_demo.seed_outreach(
            actor=ACTOR, programme=programme, region=region, gmina=gmina
        )
    return DemoReport(
        territory=territory,
        programme=programme,
        programme_created=created,
        logins=logins,
        run=run,
        published_now=published_now,
        plans_note=plans_note,
        providers=providers,
        finance=finance,
        finance_reports=finance_reports,
        procurement=procurement,
        monitoring=monitoring,
        outreach=outreach,
        volume=volume,
        imports=[*territory.imports, ("catalogue.csv", catalogue)],
    )


def _seed_plans(programme: Programme, gmina: Territory, data_dir: Path) -> str:
    """The demo gmina's adopted strategy, then — when the NBP rates of 2007 are at hand — its
    Action Plans; a gmina that has a strategy is left as it is."""
    strategy = strategies_demo.seed_strategy(gmina=gmina)
    if strategy is None:
        return _("already present")
    if not programmes_demo.seed_rates(actor=ACTOR, data_dir=data_dir):
        return _("strategy only: no NBP rates of 2007 for the Action Plans")
    report = action_plans_demo.seed_action_plans(
        programme=programme, gmina=gmina, strategy=strategy
    )
    return report.note


# Contracts a generated gmina gets: about 21 on average, as in the real programme.
VOLUME_CONTRACTS = (17, 25)


def _seed_volume(programme: Programme, gmina: Territory) -> contracts_demo.VolumeSeed | None:
    """The programme's volume for the other gminas: providers, approved plans of 2007 and 2008,
    then rounds, contracts and reports (each app's generator, in bulk). None without the NBP
    rates the plans need."""
    allocations = dict(
        AllocationResult.objects.filter(
            run__programme=programme, run__status=AllocationRun.Status.PUBLISHED
        )
        .exclude(gmina=gmina)
        .values_list("gmina_id", "amount_eur")
    )
    gminas = list(Territory.objects.filter(pk__in=list(allocations)).order_by("teryt"))
    counts = {
        g.pk: random.Random(f"contracts:{g.teryt}").randint(*VOLUME_CONTRACTS) for g in gminas
    }
    providers_demo.generate_providers(gminas=gminas)
    try:
        action_plans_demo.generate_plans(
            programme=programme, allocations=allocations, services_per_gmina=counts
        )
    except PlanRateMissing:
        return None
    groups = dict(TargetGroup.objects.values_list("pk", "code"))
    return contracts_demo.seed_volume(programme=programme, skip=gmina, group_codes=groups)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Plain-text columns; a column of numbers is right-aligned."""
    cells = [[str(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], int) for row in rows) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if right else v.ljust(w)
            for v, w, right in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(row) for row in cells)]


class Command(BaseCommand):
    help = (
        "Load demo data: the public files of INTEGRA_DATA_DIR (or a small synthetic territory), "
        "the programme PIS 2006–2010 with 500 gminas, one user per role, the catalogue, a "
        "published allocation in proportion to the 2010 population, and the demo gmina's "
        "strategy and Action Plans. Idempotent."
    )

    def handle(self, *args, **options):
        data_dir = Path(settings.INTEGRA_DATA_DIR)
        started = time.perf_counter()
        try:
            report = seed(data_dir)
        except ImportRefused as refusal:
            raise CommandError(refusal.report()) from refusal
        except DomainError as error:
            raise CommandError(error.message) from error
        self._print_source(report, data_dir)
        self._print_participants(report)
        self._print_allocation(report)
        self.stdout.write("")
        self.stdout.write(_("Demo plans: %(note)s") % {"note": report.plans_note})
        if report.providers is not None:
            self.stdout.write(
                _("Demo providers: %(created)s registered, %(existing)s already present")
                % {"created": report.providers.created, "existing": report.providers.existing}
            )
        if report.finance is not None:
            self.stdout.write(
                _(
                    "Demo finance: %(components)s components and %(items)s procurement-plan "
                    "items added, %(posted)s allocations posted, %(transferred)s transfers"
                )
                % {
                    "components": report.finance.components.components,
                    "items": report.finance.components.items,
                    "posted": report.finance.posted,
                    "transferred": report.finance.transferred,
                }
            )
        if report.finance_reports is not None:
            self.stdout.write(
                _(
                    "Demo sources and uses: %(funded)s fundings and %(paid)s component payments "
                    "posted, %(settled)s settlements accepted"
                )
                % {
                    "funded": report.finance_reports.funded,
                    "paid": report.finance_reports.paid,
                    "settled": report.finance_reports.settled,
                }
            )
        if report.procurement is not None:
            self.stdout.write(_("Demo procurement: %(note)s") % {"note": report.procurement.note})
        if report.volume is not None:
            self.stdout.write(
                _(
                    "Demo volume: %(note)s — %(gminas)s gminas, %(contracts)s contracts, "
                    "%(value)s EUR, %(rows)s rows"
                )
                % {
                    "note": report.volume.note,
                    "gminas": report.volume.gminas,
                    "contracts": report.volume.contracts,
                    "value": report.volume.value_eur,
                    "rows": report.volume.rows,
                }
            )
        if report.monitoring is not None:
            self.stdout.write(_("Demo monitoring: %(note)s") % {"note": report.monitoring.note})
        if report.outreach is not None:
            self.stdout.write(
                _("Demo outreach: %(created)s created, %(existing)s already present")
                % {"created": report.outreach.created, "existing": report.outreach.existing}
            )
        self._print_logins(report)
        self.stdout.write(
            _("seed_demo took %(seconds).1f s") % {"seconds": time.perf_counter() - started}
        )

    def _print_source(self, report: DemoReport, data_dir: Path) -> None:
        if report.territory.synthetic:
            self.stdout.write(
                self.style.WARNING(
                    _("Demo data folder not found: built a small synthetic territory")
                )
            )
            self.stdout.write(
                _("(missing in %(dir)s: %(files)s)")
                % {"dir": data_dir, "files": ", ".join(report.territory.missing_files)}
            )
        else:
            self.stdout.write(_("Imported the public files of %(dir)s") % {"dir": data_dir})
        for name, s in report.imports:
            self.stdout.write(
                _(
                    "  %(file)s: created %(created)s, updated %(updated)s, unchanged "
                    "%(unchanged)s, retired %(retired)s, skipped %(skipped)s"
                )
                % {
                    "file": name,
                    "created": s.created,
                    "updated": s.updated,
                    "unchanged": s.unchanged,
                    "retired": s.retired,
                    "skipped": s.skipped,
                }
            )

    def _print_participants(self, report: DemoReport) -> None:
        state = _("created") if report.programme_created else _("already present")
        programme = report.programme
        self.stdout.write("")
        self.stdout.write(
            _("Programme %(name)s (%(code)s): %(state)s")
            % {"name": programme.name, "code": programme.code, "state": state}
        )
        participants = programmes_demo.participants_by_voivodeship(programme)
        rows = [(code, name, count) for code, name, count in participants]
        rows.append(("", _("total"), sum(count for _c, _n, count in participants)))
        for text in table([_("TERYT"), _("voivodeship"), _("gminas")], rows):
            self.stdout.write("  " + text)

    def _print_allocation(self, report: DemoReport) -> None:
        run = report.run
        total = sum(result.amount_eur for result in run.results.all())
        state = _("published") if report.published_now else _("already present")
        self.stdout.write("")
        self.stdout.write(
            _(
                "Allocation run %(id)s (population 2010): %(count)s gminas, "
                "%(total)s EUR — %(state)s"
            )
            % {"id": run.pk, "count": run.results.count(), "total": total, "state": state}
        )

    def _print_logins(self, report: DemoReport) -> None:
        self.stdout.write("")
        self.stdout.write(
            _("Demo logins (password: %(password)s)") % {"password": accounts_demo.DEMO_PASSWORD}
        )
        rows = [
            (
                login.username,
                login.role,
                login.territory,
                _("created") if login.created else _("already present"),
                login.totp_key or "—",
            )
            for login in report.logins
        ]
        headers = [_("username"), _("role"), _("territory"), _("state"), _("TOTP key")]
        for text in table(headers, rows):
            self.stdout.write("  " + text)
        self.stdout.write(
            _(
                "Ministry and regional users sign in with a one-time code: add the TOTP key to "
                "any authenticator app, or print the current code with "
                "`manage.py demo_code USERNAME`."
            )
        )
