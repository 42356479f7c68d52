"""Navigation entries for the layout: those the apps registered (core.navigation) that the
signed-in user's roles open — the bar's entries and drop-downs, the user's own menu and the
footer's links."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from integra.core.navigation import FOOTER, USER, entries_for


def navigation(request):
    user = getattr(request, "user", None)
    entries = entries_for(user)
    signed_in = user is not None and user.is_authenticated
    items = [
        {
            "label": entry.label,
            "url": _address(entry, user),
            "key": entry.key,
            "group": entry.group,
            "place": entry.place,
            "badge": entry.badge(user) if entry.badge is not None and signed_in else 0,
        }
        for entry in entries
    ]
    user_items = []
    if signed_in:
        user_items.append(
            {"label": _("Your profile"), "url": reverse("accounts:profile"), "key": "profile"}
        )
        if user.is_staff:
            user_items.append(
                {"label": _("Administration"), "url": reverse("admin:index"), "key": "admin"}
            )
    user_items += [item for item in items if item["place"] == USER]
    path = getattr(request, "path", "")
    _mark_current(items + user_items, path)
    return {
        "nav_items": items + user_items,
        "nav_bar": _bar([item for item in items if item["place"] not in (FOOTER, USER)]),
        "nav_user": user_items,
        "nav_badge": sum(item.get("badge", 0) for item in user_items),
        "nav_footer": [item for item in items if item["place"] == FOOTER],
    }


def _address(entry, user) -> str:
    if entry.href is not None:
        return entry.href(user)
    return entry.url or reverse(entry.url_name)


def _bar(items: list[dict]) -> list[dict]:
    """The bar's entries in order; a group's entries gathered into one drop-down where the first
    of them stands."""
    bar: list[dict] = []
    groups: dict[str, dict] = {}
    for item in items:
        if not item["group"]:
            bar.append(item)
            continue
        key = str(item["group"])
        if key not in groups:
            groups[key] = {"label": item["group"], "key": f"group-{item['key']}", "children": []}
            bar.append(groups[key])
        groups[key]["children"].append(item)
    for group in groups.values():
        group["current"] = any(child["current"] for child in group["children"])
    return bar


def _mark_current(items: list[dict], path: str) -> None:
    """Flag the entry whose address is the longest prefix of the path: /terytorium/mapa/ is the
    map, not the territory list that shares its beginning."""
    matches = [item for item in items if path.startswith(item["url"])]
    current = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["current"] = item is current
