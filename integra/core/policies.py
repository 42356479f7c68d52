"""The registry of territorial actions: each app's policies.py registers, for every action, a
predicate `(user, teryt) -> bool` — may this user do it to something located at this unit?

Pages, API and services use the app's own `can_<verb>_<noun>(user, obj)` functions, which call
these predicates; `manage.py access_matrix` evaluates them for every role, so any change of rights
shows up in review (docs/access-matrix.txt).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule

Predicate = Callable[[Any, str], bool]
StrOrPromise = str | Promise  # labels are lazy translations


@dataclass(frozen=True)
class Action:
    code: str
    label: StrOrPromise
    predicate: Predicate


REGISTRY: dict[str, Action] = {}


def action(code: str, label: StrOrPromise) -> Callable[[Predicate], Predicate]:
    """Register the decorated predicate under `code` (`<app>.<model>.<verb>`)."""

    def register(predicate: Predicate) -> Predicate:
        REGISTRY[code] = Action(code, label, predicate)
        return predicate

    return register


def load_all() -> dict[str, Action]:
    """Import every installed app's policies module so that all actions are registered."""
    for config in apps.get_app_configs():
        if config.name.startswith("integra.") and module_has_submodule(config.module, "policies"):
            import_module(f"{config.name}.policies")
    return dict(sorted(REGISTRY.items()))


def holds_any(user: Any, roles: Iterable[str], teryt: str) -> bool:
    """True when the user holds one of `roles` over `teryt` or above it (False for anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.has_role_over(teryt, roles))
