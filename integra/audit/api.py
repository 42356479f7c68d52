"""API of the audit trail: search events within the caller's scope."""

from ninja import Router

router = Router(tags=["audit"])
