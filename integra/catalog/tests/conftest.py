"""Fixtures of the catalogue tests: the packaged catalogue, loaded by the real command's service."""

from __future__ import annotations

import pytest

from integra.core.actors import SystemActor


@pytest.fixture
def catalogue(db):
    from integra.catalog.services import load_catalogue

    return load_catalogue(actor=SystemActor("test"))
