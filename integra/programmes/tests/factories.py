"""Factories of programmes: a valid minimal programme and a gmina's participation in it, and
the same built through the real services (qualified, then signed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.core.files.base import ContentFile

from integra.core.actors import Actor, SystemActor
from integra.programmes import services
from integra.programmes.models import Participation, ParticipationAgreement, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = "PIS"
    name = "Program Integracji Społecznej"
    starts_on = dt.date(2006, 1, 1)
    ends_on = dt.date(2010, 12, 31)
    budget_eur = Decimal("1000000.00")


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A participation of a gmina (give it: `gmina=small_tree["1001022"]`)."""

    class Meta:
        model = Participation

    programme = factory.SubFactory(ProgrammeFactory)
    status = Participation.Status.QUALIFIED


AGREEMENT = services.AgreementSpec(
    number="ROPS/PIS/1/2007",
    signed_on=dt.date(2007, 3, 1),
    signatories="Wójt gminy; Marszałek Województwa Łódzkiego",
    amount_eur=Decimal("58200.00"),
    valid_from=dt.date(2007, 3, 1),
    valid_until=dt.date(2010, 12, 31),
)


def qualified_participation(small_tree: dict[str, Any]) -> Participation:
    """Gmina 1001022 qualified for PIS-T (2006–2010, łódzkie and lubelskie) by the services."""
    programme = services.create_programme(
        actor=SystemActor("test"),
        spec=services.ProgrammeSpec(
            "PIS-T", "PIS test", dt.date(2006, 1, 1), dt.date(2011, 1, 1), Decimal("1000000")
        ),
        voivodeships=[small_tree["10"], small_tree["06"]],
    )
    (created,) = services.qualify_gminas(
        actor=SystemActor("test"), programme=programme, gminas=[(small_tree["1001022"], 1)]
    )
    return created


def sign_agreement_of(
    actor: Actor, participation: Participation, **changes: Any
) -> ParticipationAgreement:
    """Sign AGREEMENT (with `changes`) and its scan through the service."""
    spec = services.AgreementSpec(**{**AGREEMENT.__dict__, **changes})
    return services.sign_agreement(
        actor=actor,
        participation=participation,
        spec=spec,
        document=ContentFile(b"%PDF-1.4 scan", name="porozumienie.pdf"),
    )
