"""No two accounts share a sign-in identifier, in either field and in any case (issue 10).

Before the constraints are added, existing clashes are resolved deterministically, the earlier
account (lower id) always keeping what it has:
- a username containing "@" (it could equal someone's e-mail address) becomes its part before the
  "@" followed by "-<id>", e.g. `admin@example.org` (id 7) → `admin-7`;
- a username equal, ignoring case, to the username or e-mail of an earlier account becomes
  `<username>-<id>` (`Admin` id 9 → `Admin-9`);
- an e-mail address equal, ignoring case, to the username or e-mail of an earlier account is
  cleared (the account keeps its username; a ministry administrator can set a new address).
Each change is recorded in the audit trail as `accounts.user.identity_resolved`, with the values
before and after, by the actor "migration accounts.0003". The constraints follow in 0004 (a
transaction of their own: PostgreSQL alters no table with pending trigger events). Going
backwards leaves the names as they are.
"""

from __future__ import annotations

from django.db import migrations

MAX_LENGTH = 150
ACTOR = "migration accounts.0003"


def _free(base: str, pk: int, avoid: set[str]) -> str:
    suffix = f"-{pk}"
    candidate = base[: MAX_LENGTH - len(suffix)] + suffix
    while candidate.lower() in avoid:
        suffix += "x"
        candidate = base[: MAX_LENGTH - len(suffix)] + suffix
    return candidate


def resolve_clashes(apps, schema_editor):
    from integra.audit.services import record_event
    from integra.core.actors import SystemActor

    User = apps.get_model("accounts", "User")
    taken: set[str] = set()
    # A new name is also kept apart from every name now in use (even of later accounts).
    existing = {name.lower() for name in User.objects.values_list("username", flat=True)}
    changes = []
    for user in User.objects.order_by("pk"):
        before = {"username": user.username, "email": user.email}
        if "@" in user.username:
            user.username = _free(user.username.split("@")[0] or "user", user.pk, taken | existing)
        elif user.username.lower() in taken:
            user.username = _free(user.username, user.pk, taken | existing)
        taken.add(user.username.lower())
        if user.email and user.email.lower() in taken:
            user.email = ""
        if user.email:
            taken.add(user.email.lower())
        after = {"username": user.username, "email": user.email}
        if after != before:
            changes.append((user, before, after))
    for user, before, after in changes:
        # One at a time, so that no intermediate state breaks the unique e-mail constraint.
        user.save(update_fields=["username", "email"])
    actor = SystemActor(ACTOR)
    for user, before, after in changes:
        record_event(
            actor=actor,
            action="accounts.user.identity_resolved",
            target=user,
            changes={"before": before, "after": after},
        )


class Migration(migrations.Migration):
    atomic = True

    dependencies = [
        ("accounts", "0002_api_tokens"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(resolve_clashes, migrations.RunPython.noop),
    ]
