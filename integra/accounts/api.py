"""API of the signed-in caller: who am I, and my personal tokens."""

from ninja import Router

router = Router(tags=["accounts"])
