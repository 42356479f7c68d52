"""The read-replica router, proven against a second alias of the same test database (a mirror,
as Django's test runner makes it; ADR 0013): dashboard and export reads go to the replica,
writes and whatever runs inside a transaction stay on the primary."""

from __future__ import annotations

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integra.core.models import Job
from integra.core.routers import REPLICA, ReplicaRouter, replica_reads

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture
def replica_on(settings):
    settings.INTEGRA_READ_REPLICA = True


def test_reads_go_to_the_replica_only_when_asked_and_outside_transactions(replica_on):
    assert Job.objects.all().db == "default"
    with replica_reads():
        assert Job.objects.all().db == REPLICA
        with transaction.atomic():
            assert Job.objects.all().db == "default"
        assert Job.objects.all().db == REPLICA
    assert Job.objects.all().db == "default"


def test_writes_and_migrations_stay_on_the_primary(replica_on):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_write(Job) == "default"
    assert router.allow_migrate("default", "core")
    assert not router.allow_migrate(REPLICA, "core")


def test_without_a_replica_nothing_changes(settings):
    settings.INTEGRA_READ_REPLICA = False
    with replica_reads():
        assert Job.objects.all().db == "default"


def test_an_export_reads_from_the_replica_and_sees_committed_rows(replica_on, client, small_tree):
    name = small_tree["10"].name
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("territories:territory-export", args=["csv"]))
    assert response.status_code == 200
    assert name in response.content.decode("utf-8-sig")
    assert any("territories_territory" in q["sql"] for q in on_replica.captured_queries)
    assert not any("territories_territory" in q["sql"] for q in on_primary.captured_queries)


def test_other_pages_read_from_the_primary(replica_on, client):
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(reverse("territories:territory-list"))
    assert response.status_code == 200
    assert on_replica.captured_queries == []


def test_a_replica_page_still_asks_for_the_second_factor(replica_on, personas):
    """The middleware only marks the request: the second factor still guards a dashboard."""
    from django.test import Client

    client = Client()
    client.force_login(personas.officer)
    response = client.get(reverse("dashboards:programme-list"))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]
