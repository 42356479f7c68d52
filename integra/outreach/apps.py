from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "integra.outreach"
    verbose_name = _("Training, experts and the campaign")

    def ready(self) -> None:
        from integra.core.navigation import MenuEntry, register
        from integra.outreach.policies import can_open_training

        register(
            MenuEntry(
                "training",
                _("Trainings"),
                "outreach:session-list",
                110,
                can_open_training,
                group=_("Outreach"),
            ),
            MenuEntry(
                "experts",
                _("Expert support"),
                "outreach:request-list",
                111,
                can_open_training,
                group=_("Outreach"),
            ),
            MenuEntry(
                "campaign",
                _("Campaign events"),
                "outreach:event-list",
                112,
                can_open_training,
                group=_("Outreach"),
            ),
        )
