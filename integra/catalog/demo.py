"""The catalogue part of the demo: the packaged catalogue of target groups and service types."""

from __future__ import annotations

from integra.catalog.services import load_catalogue
from integra.core.actors import Actor
from integra.territories.services import ImportSummary


def seed_catalogue(*, actor: Actor) -> ImportSummary:
    """Load the packaged catalogue (idempotent: a second load changes nothing)."""
    return load_catalogue(actor=actor)
