"""Users and their role assignments over a territory (and everything below it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core.roles import GMINA_ROLES, MINISTRY_ROLES, REGIONAL_ROLES, Role

__all__ = ["GMINA_ROLES", "MINISTRY_ROLES", "REGIONAL_ROLES", "Role", "RoleAssignment", "User"]


class User(AbstractUser):
    """A person signing in; what they may do comes only from their role assignments."""

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~Q(email=""),
                name="accounts_user_unique_email",
            )
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
