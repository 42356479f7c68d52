"""API of the catalogue: one router per resource (target groups, service types)."""

from integra.catalog.api.service_types import router
from integra.catalog.api.target_groups import router as groups_router

__all__ = ["groups_router", "router"]
