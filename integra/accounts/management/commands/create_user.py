"""`manage.py create_user`: create a user with role assignments, e.g. the first administrator."""

from __future__ import annotations

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from integra.accounts.models import Role
from integra.accounts.services import create_user
from integra.core.actors import SystemActor
from integra.core.errors import DomainError
from integra.territories.models import Territory


class Command(BaseCommand):
    help = (
        "Create an active user. Give roles as --role ROLE --territory TERYT pairs, repeated as "
        f"needed; roles: {', '.join(Role.values)}; TERYT 'PL' is the whole country."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True, help="e-mail address ('' for none)")
        parser.add_argument(
            "--password", help="the password; omit it to be asked (keeps it out of the history)"
        )
        parser.add_argument("--role", action="append", default=[], dest="roles", metavar="ROLE")
        parser.add_argument(
            "--territory", action="append", default=[], dest="territories", metavar="TERYT"
        )
        parser.add_argument(
            "--superuser", action="store_true", help="also open the Django admin to the user"
        )

    def handle(self, *args, **options) -> None:
        assignments = self._assignments(options["roles"], options["territories"])
        password = options["password"] or self._ask_password()
        try:
            user = create_user(
                actor=SystemActor("manage.py create_user"),
                username=options["username"],
                email=options["email"],
                password=password,
                assignments=assignments,
                is_superuser=options["superuser"],
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        roles = ", ".join(f"{role} @ {territory.teryt}" for role, territory in assignments)
        self.stdout.write(
            _("Created the user %(name)s (%(roles)s).")
            % {"name": user.get_username(), "roles": roles or _("no roles")}
        )

    def _assignments(self, roles: list[str], codes: list[str]) -> list[tuple[str, Territory]]:
        if len(roles) != len(codes):
            raise CommandError(_("Give --role and --territory in pairs, one territory per role."))
        territories = {t.teryt: t for t in Territory.objects.filter(teryt__in=codes)}
        assignments = []
        for role, code in zip(roles, codes, strict=True):
            if role not in Role.values:
                raise CommandError(
                    _("Unknown role %(role)s; the roles are: %(roles)s.")
                    % {"role": role, "roles": ", ".join(Role.values)}
                )
            if code not in territories:
                raise CommandError(
                    _(
                        "Unknown territory %(code)s: no unit has this TERYT code (import the "
                        "register with manage.py import_teryt)."
                    )
                    % {"code": code}
                )
            assignments.append((role, territories[code]))
        return assignments

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(_("Give --password, or run the command in a terminal to be asked."))
        password = getpass.getpass(_("Password: "))
        if password != getpass.getpass(_("Password (again): ")):
            raise CommandError(_("The passwords differ."))
        return password
