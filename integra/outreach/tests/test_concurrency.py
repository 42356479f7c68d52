"""Two trainings of one gmina saved at the same moment, each within the training line's free
amount but not both: exactly one lands (the lock on the gmina serialises them) — proven on
PostgreSQL with parallel workers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel
from integra.outreach import services
from integra.outreach.models import TrainingSession
from integra.outreach.tests.factories import session_values
from integra.outreach.tests.test_training import MARCH_2007

pytestmark = pytest.mark.django_db(transaction=True)


@ONLY_POSTGRESQL
def test_of_two_parallel_trainings_over_the_line_exactly_one_lands(world):
    # The line holds 1,000 EUR; each costs 600 EUR (2,400 PLN at 4.0000).
    def plan(topic):
        return services.create_session(
            actor=world.people.coordinator,
            programme=world.programme,
            organiser=world.gmina,
            values=session_values(topic=topic, cost_pln=Decimal("2400.00"), **MARCH_2007),
        )

    outcomes = run_in_parallel(plan, ["Pierwsze", "Drugie"])

    landed = [o for o in outcomes if isinstance(o, TrainingSession)]
    refused = [o for o in outcomes if isinstance(o, services.SessionInvalid)]
    assert (len(landed), len(refused)) == (1, 1), outcomes
    assert TrainingSession.objects.count() == 1
