"""Fixtures of the audit tests: one reader per role, over the root conftest's personas."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from integra.core.roles import Role

# The persona holding each role, where the role sits: ministry roles over the country, regional
# ones over łódzkie (10), gmina ones over the gmina 1001022.
PERSONA_OF_ROLE = {
    Role.MINISTRY_ADMIN: "admin",
    Role.MINISTRY_ANALYST: "analyst",
    Role.REGIONAL_OFFICER: "officer",
    Role.REGIONAL_CONSULTANT: "consultant",
    Role.REGIONAL_FINANCE: "finance",
    Role.GMINA_COORDINATOR: "coordinator",
    Role.GMINA_VIEWER: "viewer",
    Role.PROVIDER: "provider",
    Role.EXPERT: "expert",
}


@pytest.fixture
def readers(personas) -> SimpleNamespace:
    """One persona per role, named after the role, plus the officer of lubelskie."""
    people = {str(role): getattr(personas, name) for role, name in PERSONA_OF_ROLE.items()}
    return SimpleNamespace(**people, officer_lublin=personas.officer_lublin)
