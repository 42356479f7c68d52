"""Two people saving the same item of a strategy at the same moment from the same loaded copy:
one save lands, the other is refused as a conflict — proven on PostgreSQL with parallel workers."""

from __future__ import annotations

import pytest

from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel
from integra.strategies import services
from integra.strategies.models import TeamMember
from integra.strategies.tests.factories import StrategyFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


@ONLY_POSTGRESQL
def test_of_two_parallel_saves_of_one_item_exactly_one_lands(personas, small_tree):
    member = TeamMemberFactory(strategy=StrategyFactory(gmina=small_tree["1001022"]))

    def save(name):
        return services.update_team_member(
            actor=personas.coordinator,
            member=TeamMember.objects.get(pk=member.pk),
            spec=services.TeamMemberSpec(name=name),
            lock_version=1,
        )

    outcomes = run_in_parallel(save, ["Anna Nowak", "Jan Kowalski"])

    landed = [o for o in outcomes if isinstance(o, TeamMember)]
    refused = [o for o in outcomes if isinstance(o, services.ItemEditConflict)]
    assert (len(landed), len(refused)) == (1, 1), outcomes
    stored = TeamMember.objects.get(pk=member.pk)
    assert (stored.name, stored.lock_version) == (landed[0].name, 2)
