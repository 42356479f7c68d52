"""Factories of accounts: a valid minimal user, built through the create_user service (so that it
is made as a command would make it, with its audit event)."""

from __future__ import annotations

from typing import Any

import factory

from integra.accounts.models import User
from integra.accounts.services.users import create_user
from integra.core.actors import SystemActor

PASSWORD = "a-long-unusual-passphrase-7"


class UserFactory(factory.django.DjangoModelFactory):
    """An active user with a password; `assignments=[(role, territory), ...]` from today."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = PASSWORD
    assignments: Any = ()
    is_superuser = False

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return create_user(actor=SystemActor("test factory"), **kwargs)
