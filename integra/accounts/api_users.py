"""API for managing users and role assignments."""

from ninja import Router

router = Router(tags=["users"])
