"""`manage.py access_matrix`: print role × action × (own territory / below / elsewhere)."""

from django.core.management.base import BaseCommand

from integra.accounts.matrix import build, render


class Command(BaseCommand):
    help = "Print who may do what, and where, as the policies decide it."

    def handle(self, *args, **options):
        self.stdout.write(render(build()), ending="")
