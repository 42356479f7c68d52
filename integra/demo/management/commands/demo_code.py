"""`manage.py demo_code USER`: the one-time code a demo user's authenticator would show now, for
trying the demo without an authenticator app at hand. Demo accounts only."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts.demo import current_code, is_demo_account
from integra.accounts.models import User


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo user (demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None or not is_demo_account(user):
            raise CommandError(_("%(name)s is not a demo account.") % {"name": options["username"]})
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(
                _("%(name)s has no second factor: the role does not need one.")
                % {"name": user.username}
            )
        self.stdout.write(current_code(device))
