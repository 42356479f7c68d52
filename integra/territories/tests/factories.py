"""Factories of the register: a valid minimal unit at each level, a population record, an outline.

Most tests use the root conftest's `small_tree` (built by the real importers); these build the
odd unit a test needs beside it. Codes count up from voivodeship 90, outside the small tree.
"""

from __future__ import annotations

import factory

from integra.territories.demo import square_boundaries
from integra.territories.models import COUNTRY_CODE, Outline, PopulationRecord, Territory


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("teryt",)

    teryt = COUNTRY_CODE
    level = Territory.Level.COUNTRY
    name = "Polska"


class VoivodeshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    teryt = factory.Sequence(lambda n: f"{90 + n % 10:02d}")
    level = Territory.Level.VOIVODESHIP
    name = factory.LazyAttribute(lambda unit: f"województwo {unit.teryt}")
    parent = factory.SubFactory(CountryFactory)


class PowiatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    parent = factory.SubFactory(VoivodeshipFactory)
    teryt = factory.LazyAttributeSequence(lambda unit, n: f"{unit.parent.teryt}{n % 99 + 1:02d}")
    level = Territory.Level.POWIAT
    name = factory.LazyAttribute(lambda unit: f"powiat {unit.teryt}")


class GminaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    parent = factory.SubFactory(PowiatFactory)
    gmina_type = Territory.GminaType.RURAL
    teryt = factory.LazyAttributeSequence(
        lambda unit, n: f"{unit.parent.teryt}{n % 99 + 1:02d}{unit.gmina_type}"
    )
    level = Territory.Level.GMINA
    name = factory.LazyAttribute(lambda unit: f"Gmina {unit.teryt}")


class PopulationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationRecord

    territory = factory.SubFactory(GminaFactory)
    year = 2010
    age_0_17 = 2_000
    working_age = 6_000
    post_working_age = 2_000
    total = factory.LazyAttribute(lambda r: r.age_0_17 + r.working_age + r.post_working_age)


class OutlineFactory(factory.django.DjangoModelFactory):
    """A small square inside Poland's bounding box (as the synthetic demo draws them)."""

    class Meta:
        model = Outline

    territory = factory.SubFactory(GminaFactory)
    geometry = factory.LazyAttribute(
        lambda outline: square_boundaries([outline.territory.teryt])["features"][0]["geometry"]
    )
