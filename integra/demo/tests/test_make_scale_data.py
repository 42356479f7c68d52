"""`make_scale_data` refuses what it cannot do, with a clear message and nothing written."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from integra.programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite refusal")
def test_sqlite_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("make_scale_data", "--factor", "1")
    assert not Programme.objects.exists()


@pytest.mark.parametrize("factor", ["0", "21"])
def test_a_factor_out_of_range_is_refused(factor):
    with pytest.raises(CommandError, match="from 1 to 20"):
        call_command("make_scale_data", "--factor", factor)
