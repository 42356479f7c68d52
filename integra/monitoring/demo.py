"""The monitoring part of the demo: the programme's indicator targets (national, and the demo
gmina's), the demo gmina's entered values of 2007 (services continued, cooperation programme),
and its quarterly progress reports of 2007 — the third quarter accepted
by the consultant (its figures kept), the fourth submitted and waiting for the consultant. All
through the services, as the system recording the past, and idempotent: a gmina that already
has reports is left as it is."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from integra.core.actors import Actor
from integra.monitoring import services
from integra.monitoring.importers.indicators import load_definitions
from integra.monitoring.models import Indicator, ProgressReport

# Indicator → (national target, the demo gmina's target): the programme's 2006–2010 ambitions.
TARGETS = {
    "CONTRACTS": (Decimal("4000"), Decimal("8")),
    "CONTRACT_VALUE": (Decimal("120000000"), Decimal("240000")),
    "SERVICES": (Decimal("5000"), Decimal("10")),
    "PROVIDERS": (Decimal("2500"), Decimal("5")),
    "NEW_NGOS": (Decimal("500"), Decimal("1")),
    "PARTNERSHIPS": (Decimal("400"), Decimal("1")),
    "TRAINING_SESSIONS": (Decimal("300"), Decimal("2")),
    "TRAINING_PARTICIPANTS": (Decimal("6000"), Decimal("12")),
    "STRATEGIES_UPDATED": (Decimal("500"), Decimal("1")),
    "PEOPLE_REACHED": (Decimal("250000"), Decimal("500")),
    "ALLOCATION_SPENT": (Decimal("95"), Decimal("95")),
    "SERVICES_CONTINUED": (Decimal("2000"), Decimal("4")),
}


# The demo gmina's values of the entered indicators at the end of 2007.
VALUES = {"SERVICES_CONTINUED": Decimal("1"), "COOPERATION_PROGRAMMES": Decimal("1")}


@dataclass(frozen=True)
class MonitoringSeed:
    note: str
    targets: int = 0
    reports: int = 0


def seed_monitoring(*, actor: Actor, programme: Any, gmina: Any) -> MonitoringSeed:
    """Targets and the demo gmina's reports (see the module's docstring)."""
    if ProgressReport.objects.filter(programme=programme, gmina=gmina).exists():
        return MonitoringSeed(_("already present"))
    load_definitions()
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=TARGETS)}
    targets = 0
    for code, (national, local) in TARGETS.items():
        if code not in indicators:
            continue
        for teryt, target in (("", national), (gmina.teryt, local)):
            services.set_target(
                actor=actor,
                indicator=indicators[code],
                programme=programme,
                teryt=teryt,
                target=target,
            )
            targets += 1
    for entered in Indicator.objects.filter(code__in=VALUES):
        services.enter_value(
            actor=actor,
            indicator=entered,
            programme=programme,
            gmina=gmina,
            period="2007-Q4",
            value=VALUES[entered.code],
        )
    third = services.create_report(actor=actor, programme=programme, gmina=gmina, period="2007-Q3")
    third = services.update_narrative(
        actor=actor,
        report=third,
        problems="Nabór na usługi opiekuńcze przedłużył się o dwa tygodnie: wpłynęła jedna oferta.",
        remedies="Dodatkowe spotkanie informacyjne z organizacjami z sąsiednich gmin.",
        lock_version=third.lock_version,
    )
    third = services.submit_report(actor=actor, report=third, lock_version=third.lock_version)
    services.accept_report(actor=actor, report=third, lock_version=third.lock_version)
    fourth = services.create_report(actor=actor, programme=programme, gmina=gmina, period="2007-Q4")
    fourth = services.update_narrative(
        actor=actor,
        report=fourth,
        problems="Mniej uczniów w świetlicy w grudniu niż planowano.",
        remedies="Zajęcia przeniesione na popołudnia, informacja w szkole.",
        lock_version=fourth.lock_version,
    )
    services.submit_report(actor=actor, report=fourth, lock_version=fourth.lock_version)
    return MonitoringSeed(
        _("targets set, the 2007-Q3 report accepted, the 2007-Q4 report waiting for review"),
        targets,
        2,
    )
