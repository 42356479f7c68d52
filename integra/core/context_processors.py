"""Navigation entries for the layout, chosen by the signed-in user's roles."""

from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

# Entries shown only to users whom the app's own policy lets in. The policies are named by their
# dotted path, as settings name middleware: core sits below every app and imports none of them.
GUARDED_ENTRIES = [
    ("users", _("Users"), "accounts:user-list", "integra.accounts.policies.can_manage_users"),
    ("audit", _("Audit"), "audit:event-list", "integra.audit.policies.can_search_audit"),
    (
        "allocations",
        _("Allocations"),
        "allocations:run-list",
        "integra.allocations.policies.can_view_allocation_runs",
    ),
    (
        "programmes",
        _("Programmes"),
        "dashboards:programme-list",
        "integra.allocations.policies.can_view_allocation_runs",
    ),
    (
        "catalog",
        _("Catalogue"),
        "catalog:service-type-list",
        "integra.catalog.policies.can_view_catalogue",
    ),
    (
        "strategies",
        _("Strategies"),
        "strategies:strategy-list",
        "integra.strategies.policies.can_view_any_strategy",
    ),
    (
        "action-plans",
        _("Action Plans"),
        "action_plans:action-plan-list",
        "integra.action_plans.policies.can_view_any_action_plan",
    ),
]


def navigation(request):
    items = [
        {
            "label": _("Territories"),
            "url": reverse("territories:territory-list"),
            "key": "territories",
        },
        {"label": _("Map of Poland"), "url": reverse("territories:voivodeship-map"), "key": "map"},
        {"label": _("API"), "url": "/api/v1/docs", "key": "api"},
    ]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        for key, label, url_name, policy in GUARDED_ENTRIES:
            if import_string(policy)(user):
                items.append({"label": label, "url": reverse(url_name), "key": key})
        if user.is_staff:
            items.append(
                {"label": _("Administration"), "url": reverse("admin:index"), "key": "admin"}
            )
    _mark_current(items, getattr(request, "path", ""))
    return {"nav_items": items}


def _mark_current(items: list[dict], path: str) -> None:
    """Flag the entry whose address is the longest prefix of the path: /terytorium/mapa/ is the
    map, not the territory list that shares its beginning."""
    matches = [item for item in items if path.startswith(item["url"])]
    current = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["current"] = item is current
