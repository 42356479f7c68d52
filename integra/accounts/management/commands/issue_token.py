"""`manage.py issue_token`: issue a personal API token for a user and print it (once)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from integra.accounts.models import User
from integra.accounts.services.tokens import issue_token
from integra.core.actors import SystemActor
from integra.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Issue an API token with the user's rights. The token is printed alone on the last line "
        "of the output, so that a script can take it with `tail -n 1`; it is never shown again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--name", default="manage.py issue_token", help="what it is for")
        parser.add_argument(
            "--expires-on",
            type=dt.date.fromisoformat,
            help=(
                "YYYY-MM-DD, the first day it no longer works, at most 365 days ahead "
                "(default: INTEGRA_TOKEN_DAYS from today)"
            ),
        )
        parser.add_argument(
            "--read-only", action="store_true", help="only safe calls (GET); changes refused"
        )

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(_("No user is named %(name)s.") % {"name": options["username"]})
        try:
            token, secret = issue_token(
                actor=SystemActor("manage.py issue_token"),
                user=user,
                name=options["name"],
                expires_on=options["expires_on"],
                read_only=options["read_only"],
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            _("Issued the token “%(name)s” (%(prefix)s…) of %(user)s; it is shown only now:")
            % {"name": token.name, "prefix": token.key_prefix, "user": user.get_username()}
        )
        self.stdout.write(secret)
