from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "integra.outreach"
    verbose_name = _("Training, experts and the campaign")

    def ready(self) -> None:
        from integra.core.navigation import USER, MenuEntry, register
        from integra.monitoring.selectors.indicators import register_source
        from integra.outreach.policies import (
            can_open_practices,
            can_open_training,
            can_see_notifications,
        )
        from integra.outreach.selectors import training_indicator_rows, unread_count

        register(
            MenuEntry(
                "training",
                _("Trainings"),
                "outreach:session-list",
                120,
                can_open_training,
                group=_("Programmes"),
            ),
            MenuEntry(
                "experts",
                _("Expert support"),
                "outreach:request-list",
                121,
                can_open_training,
                group=_("Programmes"),
            ),
            MenuEntry(
                "campaign",
                _("Campaign events"),
                "outreach:event-list",
                122,
                can_open_training,
                group=_("Programmes"),
            ),
            MenuEntry(
                "practices",
                _("Good practices"),
                "outreach:practice-list",
                123,
                can_open_practices,
                group=_("Programmes"),
            ),
            # Every signed-in user has reminders; the count of unread ones shows in the menu.
            MenuEntry(
                "notifications",
                _("Notifications"),
                "outreach:notification-list",
                1,
                can_see_notifications,
                place=USER,
                badge=unread_count,
            ),
        )
        # Training counts feed monitoring's one computation of indicators (it lies below).
        register_source("outreach.training", training_indicator_rows)
