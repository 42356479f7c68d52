"""Factories of the catalogue: a valid minimal group and service type."""

from __future__ import annotations

import factory

from integra.catalog.models import ServiceType, TargetGroup


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("code",)

    code = "OS"
    name_pl = "Osoby starsze"
    name_en = "Elderly people"
    position = 10


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceType
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"OS-{n + 50:02d}")
    name_pl = factory.Sequence(lambda n: f"Usługa {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    line = ServiceType.Line.SERVICES
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if not create:
            return
        self.groups.set(extracted if extracted is not None else [TargetGroupFactory()])
