"""Fixtures of the accounts tests, over the root conftest's personas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from integra.accounts.models import RoleAssignment


@pytest.fixture
def coordinator(personas):
    """The coordinator of the gmina 1001022, with a full name."""
    user = personas.coordinator
    user.first_name, user.last_name = "Anna", "Nowak"
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.fixture
def neighbour(personas):
    """The coordinator of the neighbouring gmina 1001033."""
    return personas.neighbour


@pytest.fixture
def ministry_admin(personas):
    return personas.admin


@pytest.fixture
def people(personas):
    """The personas, their assignments begun yesterday (one begun today cannot be ended yet)."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    RoleAssignment.objects.update(valid_from=yesterday)
    return personas
