"""Actors: a user held to the policy, the system trusted, a string never taken for either."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from integra.core.actors import (
    NotAnActor,
    SystemActor,
    is_system,
    label_of,
    require,
    user_of,
)


class Person:
    """A stand-in user with what services need of one."""

    pk = 7
    is_authenticated = True

    def get_username(self) -> str:
        return "koordynator.widawa"

    def has_role_over(self, teryt: str, roles) -> bool:
        return False


def test_the_system_passes_any_policy():
    require(SystemActor("manage.py allocate"), lambda user: False, "no")


def test_a_user_passes_only_what_the_policy_allows():
    require(Person(), lambda user: True, "no")
    with pytest.raises(PermissionDenied, match="not yours"):
        require(Person(), lambda user: False, "not yours")


def test_outside_the_scope_is_not_found_rather_than_forbidden():
    class Missing(ObjectDoesNotExist):
        pass

    with pytest.raises(Missing):
        require(Person(), lambda user: False, "no", visible=lambda user: False, missing=Missing)
    with pytest.raises(PermissionDenied):
        require(Person(), lambda user: False, "no", visible=lambda user: True, missing=Missing)


@pytest.mark.parametrize("impostor", ["manage.py allocate", "seed_demo", "", SimpleNamespace()])
def test_a_string_or_a_stranger_is_no_actor(impostor):
    with pytest.raises(NotAnActor):
        require(impostor, lambda user: True, "no")
    with pytest.raises(NotAnActor):
        label_of(impostor)


def test_labels_and_users_for_the_audit_trail():
    person = Person()
    assert (label_of(person), user_of(person)) == ("koordynator.widawa", person)
    system = SystemActor("manage.py import_teryt")
    assert (label_of(system), user_of(system), is_system(system)) == (
        "manage.py import_teryt",
        None,
        True,
    )


def test_a_system_actor_names_its_command():
    with pytest.raises(ValueError):
        SystemActor("  ")
