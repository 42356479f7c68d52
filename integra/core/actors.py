"""Who acts in a service: a signed-in user, held to the policies, or the system itself.

A service takes `actor: Actor`. A user is checked against the policy of the action; a
`SystemActor` — an operator's management command, an import, the demo — is trusted like the
server it runs on. Only code can build a SystemActor: no input (a string, a user name, a form
field) becomes one, and a string given as an actor is refused outright.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied


@runtime_checkable
class UserActor(Protocol):
    """What services need of a user (accounts.User satisfies it; core imports no app)."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    def get_username(self) -> str: ...

    def has_role_over(self, teryt: str, roles: Iterable[str]) -> bool: ...


@dataclass(frozen=True)
class SystemActor:
    """The server acting on its own: `label` names the command or job in the audit trail."""

    label: str

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise ValueError("A system actor needs a label naming the command or job.")

    def __str__(self) -> str:
        return self.label


Actor = UserActor | SystemActor


class NotAnActor(TypeError):
    """A service was handed something that is neither a user nor a SystemActor (a string)."""


def checked(actor: object) -> Actor:
    """The actor itself, or NotAnActor: a string never passes for the system."""
    if isinstance(actor, SystemActor):
        return actor
    if isinstance(actor, str) or not isinstance(actor, UserActor):
        raise NotAnActor(f"An actor is a user or a SystemActor, not {type(actor).__name__}.")
    return actor


def is_system(actor: Actor) -> bool:
    return isinstance(checked(actor), SystemActor)


def user_of(actor: Actor | None) -> UserActor | None:
    """The user behind the actor; None for the system (and for no actor)."""
    if actor is None or is_system(actor):
        return None
    return actor  # type: ignore[return-value]


def label_of(actor: Actor | None) -> str:
    """The name the audit trail keeps: the user name, or the system actor's label."""
    if actor is None:
        return "system"
    if isinstance(checked(actor), SystemActor):
        return str(actor)
    return actor.get_username()  # type: ignore[union-attr]


def require(
    actor: Actor,
    allowed: Callable[[Any], bool],
    message: str,
    *,
    visible: Callable[[Any], bool] | None = None,
    missing: type[Exception] = ObjectDoesNotExist,
) -> None:
    """Let the system through; hold a user to the policy `allowed(user)`.

    Raises `missing` when `visible(user)` says the object is outside the user's scope (its
    existence is not disclosed: a 404), PermissionDenied(message) when the user sees it but may
    not act (a 403), NotAnActor for anything else.
    """
    if is_system(actor):
        return
    if allowed(actor):
        return
    if visible is not None and not visible(actor):
        raise missing
    raise PermissionDenied(message)
