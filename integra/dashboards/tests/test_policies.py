"""Rights over the dashboards: a programme's figures are the ministry's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from integra.dashboards.policies import (
    can_view_programme_figures,
    require_programme_figures_reader,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "reads"),
    [
        ("admin", True),
        ("analyst", True),
        ("officer", False),
        ("consultant", False),
        ("coordinator", False),
        ("provider", False),
    ],
)
def test_only_the_ministry_reads_the_figures_of_programmes(personas, persona, reads):
    assert can_view_programme_figures(getattr(personas, persona)) is reads


def test_anyone_else_is_refused_with_one_message(personas):
    require_programme_figures_reader(personas.analyst)
    for user in (personas.officer, AnonymousUser()):
        with pytest.raises(PermissionDenied, match="Only the ministry sees the figures"):
            require_programme_figures_reader(user)
