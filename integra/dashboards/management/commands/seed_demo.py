"""`manage.py seed_demo`: the demo territory, the PIS programme, its gminas, its published
allocation and one user per role. In dashboards: it spans programmes and allocations."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from integra.action_plans.demo import PlansReport, seed_plans
from integra.allocations.models import AllocationRun
from integra.allocations.services import RunParameters, create_run, publish_run
from integra.catalog.services import load_catalogue
from integra.core.actors import SystemActor
from integra.core.errors import DomainError, ImportRefused
from integra.programmes.management.demo import (
    DEMO_PASSWORD,
    PIS,
    SeedReport,
    demo_gmina,
    seed_demo,
)
from integra.programmes.models import Programme


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
        "the programme PIS 2006–2010 with 500 gminas, a published allocation of its budget in "
        "proportion to the 2010 population, and one user per role. Idempotent."
    )

    def handle(self, *args, **options):
        data_dir = Path(settings.INTEGRA_DATA_DIR)
        try:
            report = seed_demo(data_dir=data_dir)
            report.imports.append(("catalogue.csv", load_catalogue(actor=SystemActor("seed_demo"))))
            programme = Programme.objects.get(code=PIS.code)
            run, published_now = publish_demo_allocation(programme)
            plans_report = seed_plans(
                programme=programme, gmina=demo_gmina(programme), data_dir=data_dir
            )
        except ImportRefused as refusal:
            raise CommandError(refusal.report()) from refusal
        except DomainError as error:
            raise CommandError(error.message) from error
        self._print_source(report, data_dir)
        self._print_participants(report)
        self._print_allocation(run, published_now)
        self._print_plans(plans_report)
        self._print_logins(report)

    def _print_allocation(self, run: AllocationRun, published_now: bool) -> None:
        total = sum(result.amount_eur for result in run.results.all())
        state = _("published") if published_now else _("already present")
        self.stdout.write("")
        self.stdout.write(
            _(
                "Allocation run %(id)s (population 2010): %(count)s gminas, "
                "%(total)s EUR — %(state)s"
            )
            % {"id": run.pk, "count": run.results.count(), "total": total, "state": state}
        )

    def _print_plans(self, report: PlansReport) -> None:
        self.stdout.write("")
        self.stdout.write(_("Demo plans: %(note)s") % {"note": report.note})

    def _print_source(self, report: SeedReport, data_dir: Path) -> None:
        if report.synthetic:
            self.stdout.write(
                self.style.WARNING(
                    _("Demo data folder not found: built a small synthetic territory")
                )
            )
            self.stdout.write(
                _("(missing in %(dir)s: %(files)s)")
                % {"dir": data_dir, "files": ", ".join(report.missing_files)}
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

    def _print_participants(self, report: SeedReport) -> None:
        state = _("created") if report.programme_created else _("already present")
        self.stdout.write("")
        self.stdout.write(
            _("Programme %(name)s (%(code)s): %(state)s")
            % {"name": PIS.name, "code": PIS.code, "state": state}
        )
        rows = [(code, name, count) for code, name, count in report.participants]
        rows.append(("", _("total"), sum(count for _c, _n, count in report.participants)))
        for text in table([_("TERYT"), _("voivodeship"), _("gminas")], rows):
            self.stdout.write("  " + text)

    def _print_logins(self, report: SeedReport) -> None:
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password: %(password)s)") % {"password": DEMO_PASSWORD})
        rows = [
            (
                login.username,
                login.role,
                login.territory,
                _("created") if login.created else _("already present"),
            )
            for login in report.logins
        ]
        for text in table([_("username"), _("role"), _("territory"), _("state")], rows):
            self.stdout.write("  " + text)


@transaction.atomic
def publish_demo_allocation(programme: Programme) -> tuple[AllocationRun, bool]:
    """The programme's published run, creating one proportional to the 2010 population when
    there is none (the demo's stand-in for the Ministry's published amounts)."""
    published = programme.allocation_runs.filter(status=AllocationRun.Status.PUBLISHED).first()
    if published is not None:
        return published, False
    params = RunParameters(
        method=AllocationRun.Method.POPULATION,
        indicator=AllocationRun.Indicator.TOTAL,
        year=2010,
        budget=programme.budget_eur,
        unit=programme.rounding_unit_eur,
    )
    run = create_run(actor=SystemActor("seed_demo"), programme=programme, params=params)
    return publish_run(actor=SystemActor("seed_demo"), run=run), True
