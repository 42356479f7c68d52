"""`manage.py send_reminders [--date YYYY-MM-DD]`: the daily reminders by hand (what the daily
task does); a second run on the same day sends nothing more."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from integra.outreach.services.reminders import SYSTEM, send_reminders


class Command(BaseCommand):
    help = "Send the day's reminders (notifications and e-mails); each reminder goes once."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to remind for (YYYY-MM-DD); today by default.")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(_("Give the date as YYYY-MM-DD.")) from error
        run = send_reminders(actor=SYSTEM, today=today)
        self.stdout.write(
            _("Reminders: %(created)s new notifications, %(emailed)s e-mails.")
            % {"created": run.created, "emailed": run.emailed}
        )
