"""Outreach feeds monitoring's one computation of indicators with the training counts (through
the registry monitoring offers, since outreach lies above it): participants who attended, per
gmina of registration, and sessions counted once however many gminas attended."""

from __future__ import annotations

import pytest

from integra.monitoring.rules import parse_period
from integra.monitoring.selectors import indicators as ind
from integra.monitoring.tests.factories import GMINAS, make_monitoring_world
from integra.outreach.tests.trainings import add_training

pytestmark = pytest.mark.django_db

END = parse_period("2009")


def by_code(figures):
    return {f.code: f for f in figures}


def test_training_counts_come_through_the_registry_outreach_fills(personas, small_tree):
    world = make_monitoring_world(personas, small_tree)
    add_training(world, small_tree)
    assert "outreach.training" in ind.SOURCES
    national = by_code(ind.indicator_values(world.programme, END, ""))
    assert national[ind.TRAINING_PARTICIPANTS].value == 2
    # One session by łódzkie's region, attended from two gminas: counted once nationally, once
    # in the voivodeship and in each gmina that sent someone.
    assert national[ind.TRAINING_SESSIONS].value == 1
    assert (
        by_code(ind.indicator_values(world.programme, END, "10"))[ind.TRAINING_SESSIONS].value == 1
    )
    gminas = [by_code(ind.indicator_values(world.programme, END, t)) for t in GMINAS]
    assert [g[ind.TRAINING_SESSIONS].value for g in gminas] == [1, 1, 0]
    assert sum(g[ind.TRAINING_PARTICIPANTS].value for g in gminas) == 2
    # Before the session ended, nothing.
    early = by_code(ind.indicator_values(world.programme, parse_period("2007-Q1"), ""))
    assert early[ind.TRAINING_SESSIONS].value == 0
