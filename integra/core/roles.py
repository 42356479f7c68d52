"""The roles of Integra. Defined here, below every app, so that any app's policies can name them
without importing accounts; accounts stores them in role assignments over a territory."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MINISTRY_ADMIN = "ministry_admin", _("ministry administrator")
    MINISTRY_ANALYST = "ministry_analyst", _("ministry analyst")
    REGIONAL_OFFICER = "regional_officer", _("regional officer (ROPS)")
    REGIONAL_CONSULTANT = "regional_consultant", _("regional consultant")
    REGIONAL_FINANCE = "regional_finance", _("regional finance officer")
    GMINA_COORDINATOR = "gmina_coordinator", _("gmina coordinator")
    GMINA_VIEWER = "gmina_viewer", _("gmina viewer")
    PROVIDER = "provider", _("service provider")
    EXPERT = "expert", _("trainer / expert")


MINISTRY_ROLES = frozenset({Role.MINISTRY_ADMIN, Role.MINISTRY_ANALYST})
REGIONAL_ROLES = frozenset({Role.REGIONAL_OFFICER, Role.REGIONAL_CONSULTANT, Role.REGIONAL_FINANCE})
GMINA_ROLES = frozenset({Role.GMINA_COORDINATOR, Role.GMINA_VIEWER})
# Roles that must sign in with a second factor (TOTP).
SECOND_FACTOR_ROLES = MINISTRY_ROLES | REGIONAL_ROLES
