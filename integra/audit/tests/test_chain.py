"""The audit trail is append-only and hash-chained: any edit or deletion is detected."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from integra.audit.models import AuditEvent
from integra.audit.services import RequestContext, record_event, verify_chain
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db


def three_events():
    with transaction.atomic():
        for n in range(3):
            record_event(
                actor=SystemActor("test"),
                action="core.thing.changed",
                changes={"n": n},
                territory_teryt="10",
                context=RequestContext("req-12345678", "127.0.0.1"),
            )


def test_events_link_to_their_predecessor_and_verify(capsys):
    three_events()
    first, second, _third = AuditEvent.objects.order_by("id")
    assert second.previous_hash == first.hash
    assert first.request_id == "req-12345678" and first.actor_label == "test"
    call_command("verify_audit")
    assert capsys.readouterr().out.strip() == "OK 3"


def test_editing_a_row_in_the_database_breaks_the_chain():
    three_events()
    middle = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET changes = %s WHERE id = %s", ['{"n": 99}', middle.pk]
        )
    count, problem = verify_chain()
    assert count == 1 and f"event {middle.pk}" in problem
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("verify_audit")


@pytest.mark.parametrize("position", [0, 1, 2])
def test_deleting_any_row_breaks_the_chain(position):
    three_events()
    victim = AuditEvent.objects.order_by("id")[position]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    _count, problem = verify_chain()
    assert problem is not None


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_event(actor=SystemActor("test"), action="core.thing.changed")
