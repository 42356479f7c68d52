"""Wiping a whole development or test database (flush) still works on SQLite, whose triggers
refuse deleting ledger rows one by one; outside flush a delete stays refused."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from integra.finance.models import Entry, Transaction
from integra.finance.tests.factories import open_account, post_pair


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_ledger_but_a_plain_delete_is_refused(pis):
    posted = post_pair(pis, open_account(pis, "a"), open_account(pis, "b"), "5", "k")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(transaction=posted).delete()
    call_command("flush", interactive=False, verbosity=0)
    assert not Transaction.objects.exists() and not Entry.objects.exists()
