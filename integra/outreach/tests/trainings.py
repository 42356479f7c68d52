"""A training for monitoring's generated world: a session of łódzkie's region in May 2007,
attended from two of its gminas (the third registered someone who did not come)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from integra.outreach.models import Registration, TrainingSession
from integra.outreach.tests.factories import make_session

GMINAS = ("1001022", "1001033", "0601022")


def add_training(world, small_tree) -> TrainingSession:
    session = make_session(world.programme, "10")
    taken = timezone.make_aware(dt.datetime(2007, 5, 11, 16))
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_on=dt.date(2007, 5, 10), ends_on=dt.date(2007, 5, 11), attendance_taken_at=taken
    )
    for n, teryt in enumerate(GMINAS):
        Registration.objects.create(
            session=session,
            gmina=small_tree[teryt],
            full_name=f"Uczestnik {n}",
            function="pracownik socjalny",
            email=f"u{n}@example.org",
            attended=n != 2,
        )
    world.session = session
    return session
