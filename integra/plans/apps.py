from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "integra.plans"
    verbose_name = _("Strategies and Action Plans")
