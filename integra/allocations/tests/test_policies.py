"""Rights over allocations, role by role and territory by territory."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from integra.allocations import policies

pytestmark = pytest.mark.django_db

ROWS = [
    # persona, gmina, amend, edit tranches, record a transfer
    ("admin", "1001022", True, True, True),
    ("admin", "0601022", True, True, True),
    ("analyst", "1001022", False, False, False),
    ("officer", "1001022", False, True, False),
    ("officer", "0601022", False, False, False),
    ("officer_lublin", "0601022", False, True, False),
    ("consultant", "1001022", False, False, False),
    ("finance", "1001022", False, False, True),
    ("finance", "0601022", False, False, False),
    ("coordinator", "1001022", False, False, False),
    ("viewer", "1001022", False, False, False),
    ("provider", "1001022", False, False, False),
]


@pytest.mark.parametrize(("name", "teryt", "amend", "edit", "transfer"), ROWS)
def test_rights_over_a_gmina_allocation(personas, small_tree, name, teryt, amend, edit, transfer):
    user, gmina = getattr(personas, name), small_tree[teryt]

    assert policies.can_amend_allocation(user, gmina) is amend
    assert policies.can_edit_tranches(user, gmina) is edit
    assert policies.can_record_transfer(user, gmina) is transfer


def test_an_anonymous_visitor_may_do_nothing(small_tree):
    gmina = small_tree["1001022"]
    for check in (
        policies.can_amend_allocation,
        policies.can_edit_tranches,
        policies.can_record_transfer,
    ):
        assert check(AnonymousUser(), gmina) is False
