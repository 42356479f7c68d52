"""Navigation entries for the layout: those the apps registered (core.navigation) that the
signed-in user's roles open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from integra.core.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    items = [
        {"label": entry.label, "url": entry.url or reverse(entry.url_name), "key": entry.key}
        for entry in entries_for(user)
    ]
    if user is not None and user.is_authenticated and user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "key": "admin"})
    _mark_current(items, getattr(request, "path", ""))
    return {"nav_items": items}


def _mark_current(items: list[dict], path: str) -> None:
    """Flag the entry whose address is the longest prefix of the path: /terytorium/mapa/ is the
    map, not the territory list that shares its beginning."""
    matches = [item for item in items if path.startswith(item["url"])]
    current = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["current"] = item is current
