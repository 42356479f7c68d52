"""0003/0004: existing look-alike accounts are resolved (the earlier account keeps its
identifiers, the later one yields, each change audited) before the constraints arrive."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from integra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0002_api_tokens")]
AFTER = [("accounts", "0004_identifier_constraints")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_look_alikes_are_renamed_or_cleared_and_recorded():
    old = migrate(BEFORE)
    User = old.get_model("accounts", "User")
    try:
        admin = User.objects.create(username="admin", email="admin@example.org")
        # The squatters of issue 10: a case variant, and the admin's e-mail as a username.
        upper = User.objects.create(username="Admin", email="")
        mail_like = User.objects.create(username="admin@example.org", email="other@example.org")
        # An e-mail address equal to an earlier username (possible before: no check).
        echo = User.objects.create(username="echo", email="ADMIN")
        untouched = User.objects.create(username="ola", email="ola@example.org")

        new = migrate(AFTER)
        User = new.get_model("accounts", "User")
        names = dict(User.objects.values_list("pk", "username"))
        emails = dict(User.objects.values_list("pk", "email"))
        assert names[admin.pk] == "admin" and emails[admin.pk] == "admin@example.org"
        assert names[upper.pk] == f"Admin-{upper.pk}"
        assert names[mail_like.pk] == f"admin-{mail_like.pk}"
        assert emails[mail_like.pk] == "other@example.org"
        assert (names[echo.pk], emails[echo.pk]) == ("echo", "")
        assert (names[untouched.pk], emails[untouched.pk]) == ("ola", "ola@example.org")

        events = AuditEvent.objects.filter(action="accounts.user.identity_resolved")
        recorded = {int(e.target_id): e.changes for e in events}
        assert set(recorded) == {upper.pk, mail_like.pk, echo.pk}
        assert recorded[mail_like.pk] == {
            "before": {"username": "admin@example.org", "email": "other@example.org"},
            "after": {"username": f"admin-{mail_like.pk}", "email": "other@example.org"},
        }
        assert {e.actor_label for e in events} == {"migration accounts.0003"}

        # From now on the database itself refuses a look-alike.
        for username in ["ADMIN", "someone@example.org"]:
            with pytest.raises(IntegrityError), transaction.atomic():
                User.objects.create(username=username, email="")
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
