"""Two people saving the same plan at the same moment from the same loaded copy: one save lands,
the other is refused as a conflict — proven on PostgreSQL with parallel workers."""

from __future__ import annotations

import pytest

from integra.action_plans import services
from integra.action_plans.models import PlanVersion
from integra.action_plans.tests.factories import AS_OF, care_service, content
from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel

pytestmark = pytest.mark.django_db(transaction=True)


@ONLY_POSTGRESQL
def test_of_two_parallel_saves_of_one_copy_exactly_one_lands(world):
    version = services.create_action_plan(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        year=2007,
        as_of=AS_OF,
    )

    def save(title):
        return services.save_plan_version(
            actor=world.people.coordinator,
            version=version,
            content=content(world, care_service(world, title=title)),
            lock_version=version.lock_version,
        )

    outcomes = run_in_parallel(save, ["Pierwsza wersja", "Druga wersja"])

    landed = [o for o in outcomes if isinstance(o, PlanVersion)]
    refused = [o for o in outcomes if isinstance(o, services.PlanEditConflict)]
    assert (len(landed), len(refused)) == (1, 1), outcomes
    stored = PlanVersion.objects.get(pk=version.pk)
    assert stored.lock_version == 2
    assert [s.title for s in stored.services.all()] == [landed[0].services.get().title]
