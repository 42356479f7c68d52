"""Users and their role assignments over a territory (and everything below it)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.roles import GMINA_ROLES, MINISTRY_ROLES, REGIONAL_ROLES, Role

__all__ = ["GMINA_ROLES", "MINISTRY_ROLES", "REGIONAL_ROLES", "Role", "RoleAssignment", "User"]


class User(AbstractUser):
    """A person signing in; what they may do comes only from their role assignments."""

    objects = UserManager()  # type: ignore[misc]  # the stubs declare it a class variable

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # Sign-in matches either field in any case: no two accounts share an identifier, and a
        # username never looks like an e-mail address (rules.py; issue 10).
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="accounts_user_unique_email",
            ),
            models.UniqueConstraint(Lower("username"), name="accounts_user_unique_username_ci"),
            models.CheckConstraint(
                condition=~Q(username__contains="@"), name="accounts_user_username_without_at"
            ),
        ]

    def active_assignments(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return (
            self.assignments.filter(valid_from__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=on))
            .select_related("territory")
        )

    def role_scopes(self) -> dict[str, frozenset[str]]:
        """{role: TERYT prefixes} of today's assignments, computed once per user object.

        The country's prefix is '' (everything). Inactive users have no scope at all.
        """
        cached = getattr(self, "_role_scopes", None)
        if cached is None:
            scopes: dict[str, set[str]] = {}
            if self.is_active and self.pk is not None:
                for assignment in self.active_assignments():
                    scopes.setdefault(assignment.role, set()).add(assignment.territory.scope_prefix)
            cached = {role: frozenset(prefixes) for role, prefixes in scopes.items()}
            self._role_scopes = cached
        return cached

    def scope_prefixes(self, roles: Iterable[str] | None = None) -> frozenset[str]:
        """Prefixes where the user holds any of `roles` (any role at all when None)."""
        scopes = self.role_scopes()
        wanted = scopes.keys() if roles is None else set(roles) & scopes.keys()
        return frozenset().union(*(scopes[role] for role in wanted)) if wanted else frozenset()

    def has_role_over(self, teryt: str, roles: Iterable[str]) -> bool:
        """True when one of `roles` is held over the unit `teryt` or a unit above it."""
        return any(teryt.startswith(prefix) for prefix in self.scope_prefixes(roles))

    def forget_scopes(self) -> None:
        self.__dict__.pop("_role_scopes", None)


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None) -> RoleAssignmentQuerySet:
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=on)
        )


class RoleAssignment(models.Model):
    """One role over one territory and everything below it, valid from/until given dates."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("territory"),
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until (exclusive)"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="accounts_roleassignment_period_positive",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "territory", "valid_from"],
                name="accounts_roleassignment_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.territory.name}"


# A secret begins so, for secret scanners to recognise it.
SECRET_PREFIX = "itg_"
# "itg_" and four characters of the random part: enough to tell tokens apart, useless to guess.
SHOWN_LENGTH = 8


def hash_secret(secret: str) -> str:
    """How a token's secret is kept (`ApiToken.key_hash`): its SHA-256 hex digest. The secret has
    256 random bits, so no slow password hash is needed."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, on: dt.date | None = None) -> ApiTokenQuerySet:
        """Tokens neither revoked nor expired on the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gt=on)
        )


class ApiToken(models.Model):
    """A personal API token: its owner's rights, sent as `Authorization: Bearer <secret>`.

    Only a hash of the secret is kept; the secret is shown once, when the token is issued. A
    token stops working when revoked (also when its owner's password is set or changed), on its
    expiry day (INTEGRA_TOKEN_DAYS after its issue unless another day was chosen, at most
    MAX_TOKEN_DAYS), or when its owner is deactivated. A read-only token makes only safe calls.
    """

    class State(models.TextChoices):
        # A context of their own: "active" means something else for a participation.
        ACTIVE = "active", pgettext_lazy("API token state", "active")
        EXPIRED = "expired", pgettext_lazy("API token state", "expired")
        REVOKED = "revoked", pgettext_lazy("API token state", "revoked")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    key_prefix = models.CharField(
        _("beginning of the token"),
        max_length=8,
        help_text=_("Shown in lists so that the owner can tell tokens apart."),
    )
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("The first day it no longer works.")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    read_only = models.BooleanField(
        _("read only"),
        default=False,
        help_text=_("Only reads (GET): any change made with it is refused."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["user", "-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(fields=["key_hash"], name="accounts_apitoken_unique_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.name} ({self.key_prefix}…)"

    def state(self, on: dt.date | None = None) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_on is not None and self.expires_on <= (on or timezone.localdate()):
            return self.State.EXPIRED
        return self.State.ACTIVE

    def state_label(self) -> str:
        return str(self.State(self.state()).label)
