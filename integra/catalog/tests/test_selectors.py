"""Reads of the catalogue: the filters of the list, one type by code, and a query-count guard."""

from __future__ import annotations

import datetime as dt

import pytest

from integra.catalog import selectors
from integra.catalog.models import ServiceType

pytestmark = pytest.mark.django_db


def codes(types) -> list[str]:
    return [service_type.code for service_type in types]


def test_the_groups_are_in_catalogue_order(catalogue):
    assert codes(selectors.list_target_groups()) == ["OS", "DM", "RD", "SP"]


def test_the_filters_narrow_the_types(catalogue):
    ServiceType.objects.filter(code="OS-02").update(retired_on=dt.date(2010, 1, 1))

    assert codes(selectors.list_service_types(line="training")) == ["ST-01", "SZ-01"]
    assert codes(selectors.list_service_types(active=False)) == ["OS-02"]
    assert "OS-02" not in codes(selectors.list_service_types(active=True))
    assert "OS-02" in codes(selectors.list_service_types())
    assert codes(selectors.list_service_types(group="SP")) == ["SP-01"]
    assert codes(selectors.list_service_types(search="świetlice")) == ["DM-02"]
    assert codes(selectors.list_service_types(search="youth clubs")) == ["DM-06"]
    assert codes(selectors.list_service_types(search="rd-0", group="RD"))[:2] == ["RD-01", "RD-02"]


def test_the_list_loads_the_groups_in_a_fixed_number_of_queries(
    catalogue, django_assert_num_queries
):
    with django_assert_num_queries(2):
        rows = [(t.code, [g.code for g in t.groups.all()]) for t in selectors.list_service_types()]
    assert len(rows) == ServiceType.objects.count()


def test_one_type_by_code(catalogue):
    assert selectors.get_service_type("OS-01").name_en == "Care services"
    with pytest.raises(ServiceType.DoesNotExist):
        selectors.get_service_type("XX-99")
