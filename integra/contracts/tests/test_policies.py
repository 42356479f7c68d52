"""Rights over procurement, table-tested per role × action × place: the round and contract of
gmina 1001022 (own), as seen from its neighbour 1001033 in łódzkie and from lubelskie; a
provider user reads only their own organisation's offers, contracts and reports."""

from __future__ import annotations

import pytest

from integra.contracts import policies
from integra.contracts.tests.factories import make_contract, make_offer, make_round

pytestmark = pytest.mark.django_db

# persona → (view round/offers/contracts, run the round, sign contracts)
TABLE = {
    "admin": (True, False, False),
    "analyst": (True, False, False),
    "officer": (True, False, False),
    "consultant": (True, False, False),
    "finance": (True, False, False),
    "officer_lublin": (False, False, False),
    "coordinator": (True, True, True),
    "viewer": (True, False, False),
    "neighbour": (False, False, False),
    "coordinator_lublin": (False, False, False),
    "expert": (False, False, False),
}


@pytest.mark.parametrize(("persona", "expected"), TABLE.items())
def test_rights_over_the_gminas_procurement(world, persona, expected):
    user = getattr(world.people, persona)
    round_ = make_round(world)
    offer = make_offer(round_, world.other)
    contract = make_contract(world, provider=world.other)
    view, run, sign = expected
    assert policies.can_view_round(user, round_) is view
    assert policies.can_view_offer(user, offer) is view
    assert policies.can_view_contract(user, contract) is view
    assert policies.can_run_round(user, round_) is run
    # Only the coordinator of the gmina changes another's offer (a paper withdrawal or
    # replacement); no reader does.
    assert policies.can_change_offer(user, offer) is run
    assert policies.can_sign_contract(user, contract) is sign


@pytest.mark.parametrize(
    ("teryt", "expected"),
    [("1001022", True), ("1001033", False), ("0601022", False)],
)
def test_the_coordinators_rights_by_place(world, teryt, expected):
    coordinator = world.people.coordinator
    assert policies.can_run_procurement_at(coordinator, teryt) is expected
    assert policies.can_sign_contract_at(coordinator, teryt) is expected
    assert policies.can_view_procurement_at(world.people.officer, teryt) is teryt.startswith("10")


def test_a_provider_user_sees_their_own_only_even_in_the_same_round(world):
    provider = world.people.provider
    round_ = make_round(world, status="published")
    own = make_offer(round_, world.own)
    theirs = make_offer(round_, world.other)
    assert policies.can_view_round(provider, round_)
    assert policies.can_view_offer(provider, own)
    assert not policies.can_view_offer(provider, theirs)
    assert policies.can_submit_offer(provider, round_, world.own)
    assert not policies.can_submit_offer(provider, round_, world.other)
    assert policies.can_change_offer(provider, own)
    assert not policies.can_change_offer(provider, theirs)
    assert not policies.can_view_round(provider, make_round(world))  # planned: not yet public
    own_contract = make_contract(world)
    their_contract = make_contract(world, provider=world.other)
    assert policies.can_view_contract(provider, own_contract)
    assert not policies.can_view_contract(provider, their_contract)
    assert not policies.can_sign_contract(provider, own_contract)
    report = own_contract.reports.create(kind="final", number=1, due_on=own_contract.ends_on)
    assert policies.can_submit_report(provider, report)
    assert not policies.can_review_report(provider, report)
