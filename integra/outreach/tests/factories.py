"""Builders of outreach tests: the Action Plans' programme (PIS with a published allocation and
NBP rates of 2007) and valid sessions; tests override only what matters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from integra.core.actors import SystemActor
from integra.outreach import rules, services
from integra.outreach.models import TrainingSession
from integra.territories.models import Territory

SYSTEM = SystemActor("test")


def session_values(**overrides: Any) -> rules.SessionValues:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "topic": "Zarządzanie usługami społecznymi",
        "starts_on": today + dt.timedelta(days=10),
        "ends_on": today + dt.timedelta(days=11),
        "registration_closes_on": today + dt.timedelta(days=5),
        "capacity": 20,
        "online": False,
        "place": "Łódź, ul. Piotrkowska 104",
        "audience": (rules.COORDINATORS, rules.GMINA_STAFF),
        "trainer_name": "dr Zofia Żółkiewska",
        "cost_pln": Decimal("0.00"),
    }
    values.update(overrides)
    return rules.SessionValues(**values)


def make_session(programme: Any, organiser: str, **overrides: Any) -> TrainingSession:
    trainer_user = overrides.pop("trainer_user", None)
    values = session_values(has_trainer_user=trainer_user is not None, **overrides)
    return services.create_session(
        actor=SYSTEM,
        programme=programme,
        organiser=Territory.objects.get(teryt=organiser),
        values=values,
        trainer_user=trainer_user,
    )


def person(n: int = 1, **overrides: str) -> rules.RegistrationValues:
    values = {
        "full_name": f"Łucja Źdźbło {n}",
        "function": "pracownik socjalny",
        "email": f"osoba{n}@example.org",
    }
    values.update(overrides)
    return rules.RegistrationValues(**values)
