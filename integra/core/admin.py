"""The Django admin is a read-only window (ADR 0009): every change goes through the services,
which check the policy and write the audit trail; the admin could do neither."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """No add, change or delete — nor bulk actions — whatever the user's Django permissions."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(
        self, request: HttpRequest, action_location: Any = ActionLocation.CHANGE_LIST
    ) -> dict[str, Any]:
        return {}


def make_read_only(site: admin.AdminSite) -> None:
    """Swap each registered ModelAdmin for a read-only subclass of itself (idempotent)."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, ReadOnlyAdminMixin):
            continue
        read_only = type(
            f"ReadOnly{type(model_admin).__name__}", (ReadOnlyAdminMixin, type(model_admin)), {}
        )
        site._registry[model] = read_only(model, site)
