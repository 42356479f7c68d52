"""Every service takes a typed actor (a user or a SystemActor, never a string), and the two
places every service passes through — the policy check and the audit record — refuse a string."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django.db import transaction

import integra
from integra.audit.services import record_event
from integra.core.actors import NotAnActor, require

PACKAGE = Path(integra.__file__).parent


def service_modules() -> list[str]:
    names = []
    for app in sorted(
        p.name
        for p in PACKAGE.iterdir()
        if (p / "services").exists() or (p / "services.py").exists()
    ):
        base = f"integra.{app}.services"
        names.append(base)
        module = importlib.import_module(base)
        if hasattr(module, "__path__"):
            names += [f"{base}.{m.name}" for m in pkgutil.iter_modules(module.__path__)]
    return names


def services_with_an_actor() -> list[tuple[str, str, inspect.Parameter]]:
    found = []
    for name in service_modules():
        module = importlib.import_module(name)
        for attr, function in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != name:
                continue  # re-exported: checked where it is defined
            parameter = inspect.signature(function).parameters.get("actor")
            if parameter is not None:
                found.append((name, attr, parameter))
    return found


def test_services_were_found():
    assert len(services_with_an_actor()) > 40


@pytest.mark.parametrize(
    ("module", "service", "parameter"),
    services_with_an_actor(),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_service_types_its_actor(module, service, parameter):
    annotation = str(parameter.annotation)
    assert "Actor" in annotation and "str" not in annotation.replace("Actor", "")


def test_the_policy_check_refuses_a_string():
    with pytest.raises(NotAnActor):
        require("manage.py allocate", lambda user: True, "no")


@pytest.mark.django_db
def test_the_audit_record_refuses_a_string():
    with pytest.raises(NotAnActor), transaction.atomic():
        record_event(actor="seed_demo", action="core.test.recorded")
