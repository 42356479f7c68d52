"""The audit search page, its export and the history fragment: who may open them (role × own /
foreign voivodeship), which events each reader sees, and the filters.

The audit app sits below accounts and territories, so its tests reach their models through the
app registry rather than by importing them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from integra.audit.models import AuditEvent
from integra.audit.services import record_event
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db

LIST = reverse("audit:event-list")
EXPORT = reverse("audit:event-export", args=["csv"])
# Where each sample event is filed: a gmina and the voivodeship of łódzkie (10), a gmina of
# lubelskie (06), the country, and nowhere.
FILED = ["1001022", "10", "0601022", "PL", ""]


def event(action: str = "accounts.user.updated", teryt: str = "", *, actor=None, on=None, **kw):
    """Record one event (at noon of `on` when given)."""
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(12))) if on else timezone.now()
    with transaction.atomic(), mock.patch("django.utils.timezone.now", return_value=at):
        return record_event(
            actor=actor or SystemActor("test"),
            action=action,
            territory_teryt=teryt,
            changes=kw or None,
        )


def make_events(readers) -> dict:
    """One event filed under each place of FILED, by the ministry admin."""
    return {
        teryt: event(f"sample.{teryt or 'none'}.recorded", teryt, actor=readers.ministry_admin)
        for teryt in FILED
    }


@pytest.fixture
def events(readers) -> dict:
    return make_events(readers)


# Only the sample events: loading the small tree records import events too.
SAMPLES = {"action": "sample."}


def shown(response) -> list[str]:
    return sorted(e.territory_teryt for e in response.context["page"])


def exported(response) -> list[list[str]]:
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


# Who sees what -----------------------------------------------------------------------------------

ALL = sorted(FILED)
LODZKIE = ["10", "1001022"]
LUBELSKIE = ["0601022"]
EXPECTED = [
    ("ministry_admin", 200, ALL),
    ("ministry_analyst", 200, ALL),
    ("regional_officer", 200, LODZKIE),
    ("regional_consultant", 200, LODZKIE),
    ("regional_finance", 200, LODZKIE),
    ("officer_lublin", 200, LUBELSKIE),
    ("gmina_coordinator", 403, None),
    ("gmina_viewer", 403, None),
    ("provider", 403, None),
    ("expert", 403, None),
]


@pytest.mark.parametrize(("reader", "status", "visible"), EXPECTED)
def test_each_role_searches_and_exports_only_the_events_of_its_scope(
    readers, events, reader, status, visible, signed_in
):
    client = signed_in(getattr(readers, reader))
    page, export = client.get(LIST, SAMPLES), client.get(EXPORT, SAMPLES)
    assert (page.status_code, export.status_code) == (status, status)
    if visible is not None:
        assert shown(page) == visible
        assert sorted(row[7] for row in exported(export)[1:]) == visible


@pytest.mark.parametrize(
    ("reader", "territory", "visible"),
    [
        ("regional_officer", "10", LODZKIE),
        ("regional_officer", "06", []),  # a foreign voivodeship: as if it had no event at all
        ("officer_lublin", "06", LUBELSKIE),
        ("ministry_admin", "06", LUBELSKIE),
    ],
)
def test_a_territory_search_never_reaches_beyond_the_scope(
    readers, events, reader, territory, visible, signed_in
):
    response = signed_in(getattr(readers, reader)).get(LIST, {**SAMPLES, "territory": territory})
    assert shown(response) == visible
    assert response.context["page"].paginator.count == len(visible)


def test_an_anonymous_visitor_is_sent_to_sign_in(client, events):
    for url in (LIST, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_visibility_of_events_follows_the_audit_readers(readers, events):
    def filed(user) -> list[str]:
        visible = AuditEvent.objects.visible_to(user).filter(action__startswith="sample.")
        return sorted(visible.values_list("territory_teryt", flat=True))

    assert filed(readers.ministry_analyst) == ALL
    assert filed(readers.regional_consultant) == LODZKIE
    assert filed(readers.gmina_coordinator) == []
    assert filed(AnonymousUser()) == []
    readers.regional_officer.is_active = False
    readers.regional_officer.forget_scopes()
    assert filed(readers.regional_officer) == []


# Filters, pages and the export -------------------------------------------------------------------


@pytest.fixture
def trail(readers):
    """Events by two people on three days."""
    admin, officer = readers.ministry_admin, readers.regional_officer
    return [
        event("accounts.user.invited", "1001022", actor=admin, on=dt.date(2024, 3, 1)),
        event("accounts.user.updated", "1001033", actor=officer, on=dt.date(2024, 3, 2)),
        event("accounts.role_assignment.granted", "10", actor=officer, on=dt.date(2024, 3, 3)),
        event("territories.unit.imported", "", on=dt.date(2024, 3, 3)),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [3, 2, 1, 0]),
        ({"actor": "OFFic"}, [2, 1]),
        ({"action": "accounts.user."}, [1, 0]),
        ({"action": "accounts"}, [2, 1, 0]),
        ({"territory": "100103"}, [1]),
        ({"territory": "10"}, [2, 1, 0]),
        ({"date_from": "2024-03-02"}, [3, 2, 1]),
        ({"date_to": "2024-03-01"}, [0]),
        ({"date_from": "2024-03-02", "date_to": "2024-03-02"}, [1]),
        ({"actor": "officer", "action": "accounts.role"}, [2]),
    ],
)
def test_the_filters_narrow_the_events_newest_first(readers, trail, params, expected, signed_in):
    # Up to the end of 2024: loading the small tree today recorded events too.
    response = signed_in(readers.ministry_admin).get(LIST, {"date_to": "2024-12-31", **params})
    assert list(response.context["page"]) == [trail[n] for n in expected]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"territory": "10a"}, "territory"),
        ({"territory": "12345678"}, "territory"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_from": "2024-03-03", "date_to": "2024-03-01"}, "date_to"),
    ],
)
def test_an_invalid_filter_is_explained_and_selects_nothing(
    readers, trail, params, field, signed_in
):
    client = signed_in(readers.ministry_admin)
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert list(response.context["page"]) == []
    assert exported(client.get(EXPORT, params))[1:] == []


def test_the_table_is_paginated_and_the_export_holds_every_page(readers, signed_in):
    for n in range(55):
        event("sample.thing.changed", "1001022", n=n)
    client = signed_in(readers.regional_officer)
    first, second = client.get(LIST, SAMPLES), client.get(LIST, {**SAMPLES, "page": 2})
    assert (len(first.context["page"]), len(second.context["page"])) == (50, 5)
    html = second.content.decode()
    assert "Page 2 of 2" in html
    assert "?action=sample.&amp;page=1" in html
    rows = exported(client.get(EXPORT, {**SAMPLES, "page": 2}))
    assert len(rows) == 1 + 55


def test_the_export_keeps_every_column_of_an_event(readers, trail, signed_in):
    response = signed_in(readers.ministry_admin).get(EXPORT, {"actor": "admin"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, row = exported(response)
    assert header[:4] == ["Event", "Time", "User name", "Action"]
    assert row[0] == str(trail[0].pk)
    assert row[1] == "01.03.2024 12:00:00"  # local time, as Polish Excel reads a date-time
    assert row[2:4] == ["admin", "accounts.user.invited"]
    assert row[7] == "1001022"
    machine = signed_in(readers.ministry_admin).get(
        reverse("audit:event-export", args=["dane.csv"]), {"actor": "admin"}
    )
    header, row = list(csv.reader(io.StringIO(machine.content.decode("utf-8"))))
    assert row[1] == "2024-03-01T12:00:00+01:00"


def test_the_audit_trail_is_not_offered_as_a_spreadsheet(readers, signed_in):
    address = reverse("audit:event-export", args=["xlsx"])
    assert signed_in(readers.ministry_admin).get(address).status_code == 404


def test_the_export_link_carries_the_filters_but_not_the_page(readers, trail, signed_in):
    response = signed_in(readers.ministry_admin).get(LIST, {"actor": "offic", "page": 1})
    assert f'href="{EXPORT}?actor=offic"' in response.content.decode()


# The history fragment ----------------------------------------------------------------------------


def render_history(reader, *objects) -> str:
    request = RequestFactory().get("/")
    request.user = reader
    template = Template("{% load audit_history %}{% audit_history subject others %}")
    return template.render(
        Context({"request": request, "subject": objects[0], "others": objects[1:]})
    )


def test_the_history_shows_the_events_of_the_objects_the_reader_may_see(readers):
    subject, other = readers.gmina_viewer, readers.provider
    with transaction.atomic():
        record_event(
            actor=SystemActor("test"),
            action="sample.subject.changed",
            target=subject,
            territory_teryt="1001022",
            changes={"before": {"name": "a"}, "after": {"name": "b"}},
        )
        record_event(
            actor=SystemActor("test"),
            action="sample.other.changed",
            target=other,
            territory_teryt="1001022",
        )
        record_event(
            actor=SystemActor("test"),
            action="sample.lublin.changed",
            target=subject,
            territory_teryt="0601022",
        )
        record_event(
            actor=SystemActor("test"), action="sample.unrelated.changed", territory_teryt="1001022"
        )

    officer_view = render_history(readers.regional_officer, subject, other)
    assert "sample.subject.changed" in officer_view and "sample.other.changed" in officer_view
    assert "sample.lublin.changed" not in officer_view  # filed in another voivodeship
    assert "sample.unrelated.changed" not in officer_view
    assert "<del>a</del> → <ins>b</ins>" in officer_view
    assert "sample.lublin.changed" in render_history(readers.ministry_admin, subject)
    assert "sample.subject.changed" not in render_history(readers.gmina_coordinator, subject)


def test_the_history_of_an_object_without_events_says_so(readers, small_tree):
    # A unit of the register: its import is recorded as one event about the register.
    html = render_history(readers.ministry_admin, small_tree["1001022"])
    assert 'class="history-empty"' in html
