"""Workflows of reviewed documents: the allowed transitions declared once per model.

A `Workflow` lists each action with the states it may start from and the state it leads to.
A service asks it to `move` an object (under the row lock the service already holds); a step
the workflow does not allow raises `TransitionRefused`, which names the state and the action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from integra.core.errors import DomainError


@dataclass(frozen=True)
class Transition:
    """`action` may start from any of `sources` and leads to `target` (None: the state stays)."""

    action: str
    sources: frozenset[str]
    target: str | None
    label: str | Promise = ""

    @classmethod
    def of(
        cls, action: str, sources: Iterable[str], target: str | None, label: str | Promise = ""
    ) -> Transition:
        return cls(action, frozenset(sources), target, label or action)


class TransitionRefused(DomainError):
    """The document's state does not allow the action; `state` and `action` say which."""

    code = "transition_refused"
    status = 409

    def __init__(self, message: str, *, state: str = "", action: str = "") -> None:
        super().__init__(message)
        self.state = state
        self.action = action


Describe = Callable[[Any, Transition], str]


class Workflow:
    """The transitions of one model's `field`, by action.

    `refused` is the error raised (a subclass of TransitionRefused, to keep a document's own
    error code); `describe(obj, transition)` words the refusal (the default names the current
    state and the action).
    """

    def __init__(
        self,
        *transitions: Transition,
        field: str = "status",
        refused: type[TransitionRefused] = TransitionRefused,
        describe: Describe | None = None,
    ) -> None:
        self.field = field
        self.refused = refused
        self.describe = describe or (lambda obj, t: _default_description(obj, t, field))
        self.transitions = {t.action: t for t in transitions}
        if len(self.transitions) != len(transitions):
            raise ValueError("Each action of a workflow is declared once.")

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.field))

    def allows(self, obj: Any, action: str) -> bool:
        transition = self.transitions.get(action)
        return transition is not None and self.state_of(obj) in transition.sources

    def actions_from(self, state: str) -> list[str]:
        """The actions the workflow offers in `state`, in declaration order."""
        return [a for a, t in self.transitions.items() if state in t.sources]

    def require(self, obj: Any, action: str) -> Transition:
        """The transition, or `refused` naming the state and the action (also for an action
        the workflow does not know)."""
        transition = self.transitions.get(action) or Transition.of(action, (), None)
        if self.state_of(obj) not in transition.sources:
            raise self.refused(
                self.describe(obj, transition), state=self.state_of(obj), action=action
            )
        return transition

    def move(self, obj: Any, action: str) -> tuple[str, str]:
        """Check the action and set the new state on `obj` (not saved); (before, after)."""
        transition = self.require(obj, action)
        before = self.state_of(obj)
        if transition.target is not None:
            setattr(obj, self.field, transition.target)
        return before, self.state_of(obj)


def state_label(obj: Any, field: str, value: str | None = None) -> str:
    """The translated label of `value` (default: the object's current state) of a choices field."""
    model_field = obj._meta.get_field(field)
    value = getattr(obj, field) if value is None else value
    return str(dict(model_field.flatchoices).get(value, value))


def _default_description(obj: Any, transition: Transition, field: str) -> str:
    return _("“%(state)s” does not allow “%(action)s”.") % {
        "state": state_label(obj, field),
        "action": transition.label,
    }
