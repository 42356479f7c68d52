"""Every form of Integra, rendered in Polish, names its blank choices in Polish (issue 11,
finding 9): no Django "---------" and no untranslated "- Select an option -"."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.utils import translation

import integra
from integra.accounts.models import User
from integra.action_plans import services as plan_services
from integra.action_plans.models import ActionPlan
from integra.action_plans.tests.factories import (
    AS_OF,
    make_catalogue,
    make_programme,
    make_rates,
    make_strategy,
)
from integra.catalog.models import ServiceType
from integra.contracts.models import CommitteeMember, RoundService
from integra.strategies.models import Goal
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db

UNTRANSLATED = ("---------", "Select an option")


def integra_form_classes() -> list[type[forms.BaseForm]]:
    """Every concrete form class defined in a forms module of an Integra app."""
    for module in pkgutil.walk_packages(integra.__path__, "integra."):
        if ".forms" in module.name and ".tests" not in module.name:
            importlib.import_module(module.name)
    found: set[type] = set()
    pending = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            module = sub.__module__
            # Integra's own forms; core's base classes are not forms of a page.
            if module.startswith("integra.") and ".forms" in module and "core" not in module:
                found.add(sub)
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


FORM_CLASSES = integra_form_classes()


@pytest.fixture
def arguments(personas, small_tree):
    """What a form's constructor may ask for, built once over the small tree."""
    make_rates()
    catalogue = make_catalogue()
    strategy = make_strategy(small_tree["1001022"])
    programme = make_programme(small_tree)
    version = plan_services.create_action_plan(
        actor=personas.coordinator,
        programme=programme,
        gmina=small_tree["1001022"],
        year=2007,
        as_of=AS_OF,
    )
    assert catalogue.care
    return {
        "user": personas.coordinator,
        "actor": personas.admin,
        "strategy": strategy.strategy,
        "version": version,
        "plan": version.plan,
        "goals": Goal.objects.all(),
        "types": ServiceType.objects.all(),
        "tranches": [],
        # The contracts' forms: a round's lots, committee and plans, a contract's services.
        "services": [],
        "groups": {},
        "lots": RoundService.objects.all(),
        "members": CommitteeMember.objects.all(),
        "criteria": [],
        "plans": ActionPlan.objects.all(),
        "budgets": [],
        # An offer's withdrawal and replacement: on paper (the coordinator's day of receipt).
        "paper": True,
        # The outreach forms' choices: units to organise or register for, the experts.
        "organisers": Territory.objects.filter(teryt__in=["PL", "10"]),
        "gminas": Territory.objects.filter(teryt="1001022"),
        "experts": User.objects.filter(username="expert"),
        # The good practices' evidence: the gmina's contracts and reports.
        "contracts": None,
        "reports": None,
        # The portfolio board's choices: the programmes and the columns to sort by.
        "programmes": [programme],
        "sorts": ["gmina", "plan"],
        # The finance forms' choices: a statement line's payments, the components.
        "payments": [],
        "components": [],
        # Monitoring's sheets: the areas (or gminas) to choose, and the indicators' rows.
        "areas": [("PL", "Polska"), ("1001022", "Masłowice")],
        "with_period": True,
        "rows": [],
    }


def build(cls: type[forms.BaseForm], arguments: dict) -> forms.BaseForm:
    kwargs = {}
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        for name, parameter in inspect.signature(klass.__init__).parameters.items():
            if name in arguments and parameter.default is parameter.empty:
                kwargs.setdefault(name, arguments[name])  # Django's password forms take `user`
    return cls(**kwargs)


def test_every_form_is_found():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"ServiceForm", "StrategyCreateForm", "NewPlanForm", "TransferForm"} <= names


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda cls: cls.__qualname__)
def test_blank_choices_are_polish(cls, arguments):
    with translation.override("pl"):
        html = str(build(cls, arguments))
    for text in UNTRANSLATED:
        assert text not in html, f"{cls.__qualname__} shows {text!r}"


def test_the_provider_kind_reads_choose(arguments):
    """The hand-written blank of the service form's provider type becomes "— wybierz —"."""
    from integra.action_plans.forms.editor import ServiceForm

    with translation.override("pl"):
        html = str(build(ServiceForm, arguments)["provider_kind"])
    assert '<option value="" selected>— wybierz —</option>' in html


def test_django_blank_choice_reads_choose(db):
    """A model field's blank choice (the admin's, a model form's) is Polish too."""
    from django.db import models

    choices = models.CharField(choices=[("a", "A")], blank=True).get_choices()
    with translation.override("pl"):
        assert str(choices[0][1]) == "— wybierz —"


def test_a_form_keeps_its_own_blank_label(arguments):
    from integra.strategies.forms import StrategyFilterForm

    with translation.override("pl"):
        html = str(StrategyFilterForm()["status"])
    assert "— wybierz —" not in html
    assert "Wszystkie" in html
