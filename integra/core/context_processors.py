"""Navigation entries for the layout, chosen by the signed-in user's roles."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request):
    items = [
        {"label": _("Territories"), "url": reverse("territories:territory-list"), "key": "territories"},
        {"label": _("Map of Poland"), "url": reverse("territories:voivodeship-map"), "key": "map"},
        {"label": _("API"), "url": "/api/v1/docs", "key": "api"},
    ]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "key": "admin"})
    return {"nav_items": items}
