"""Rights over the register: everyone reads it; only a ministry admin (or the system, through the
import commands) loads it from files."""

from __future__ import annotations

import pytest

from integra.territories.policies import can_import_register, can_view_unit_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "may_import"),
    [
        ("admin", True),
        ("analyst", False),
        ("officer", False),
        ("consultant", False),
        ("coordinator", False),
        ("provider", False),
    ],
)
def test_only_a_ministry_admin_loads_the_register(personas, persona, may_import):
    assert can_import_register(getattr(personas, persona)) is may_import


def test_an_anonymous_visitor_reads_the_register_but_never_loads_it(db):
    from django.contrib.auth.models import AnonymousUser

    assert can_view_unit_at(AnonymousUser(), "1001022")
    assert not can_import_register(AnonymousUser())
