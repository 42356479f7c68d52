"""`manage.py seed_demo`: load the demo territory, the PIS programme, its gminas and users."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from integra.core.errors import DomainError, ImportRefused
from integra.programmes.management.demo import DEMO_PASSWORD, PIS, SeedReport, seed_demo


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
        "the programme PIS 2006–2010 with 500 gminas and one user per role. Idempotent."
    )

    def handle(self, *args, **options):
        data_dir = Path(settings.INTEGRA_DATA_DIR)
        try:
            report = seed_demo(data_dir=data_dir)
        except ImportRefused as refusal:
            raise CommandError(refusal.report()) from refusal
        except DomainError as error:
            raise CommandError(error.message) from error
        self._print_source(report, data_dir)
        self._print_participants(report)
        self._print_logins(report)

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
