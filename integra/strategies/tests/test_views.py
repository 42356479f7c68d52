"""Pages of strategies: who gets in, the list's filters and exports, a strategy's page and its
document, the forms with their refusals and the edit conflict, transitions and items."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from integra.audit.models import AuditEvent
from integra.strategies import services
from integra.strategies.models import Goal, Strategy
from integra.strategies.tests.factories import (
    StrategicGoalFactory,
    StrategyFactory,
    TargetGroupFactory,
    TeamMemberFactory,
    adoptable_strategy,
)

pytestmark = pytest.mark.django_db

LIST = reverse("strategies:strategy-list")


@pytest.fixture
def strategy(small_tree):
    return StrategyFactory(gmina=small_tree["1001022"], title="Strategia Regnowa")


@pytest.fixture
def coordinator(personas, signed_in):
    return signed_in(personas.coordinator)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def form_data(**changes):
    data = {
        "title": "Strategia 2006–2013",
        "period_from": "2006-01-01",
        "period_last_day": "2013-12-31",
        "team_ordinance_number": "",
        "team_ordinance_on": "",
    }
    return {**data, **changes}


# The list ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("viewer", 200), ("officer", 200), ("analyst", 200), ("provider", 403)],
)
def test_the_list_is_for_plan_readers(personas, signed_in, strategy, persona, status):
    response = signed_in(getattr(personas, persona)).get(LIST)
    assert response.status_code == status


def test_the_list_shows_only_strategies_in_scope_and_readers_see_the_menu_entry(
    personas, signed_in, strategy, small_tree
):
    StrategyFactory(gmina=small_tree["0601022"], title="Strategia lubelska")
    response = signed_in(personas.officer).get(LIST)
    html = response.content.decode()
    assert "Strategia Regnowa" in html
    assert "Strategia lubelska" not in html
    assert f'href="{LIST}"' in html  # the navigation entry


def test_the_list_filters_by_voivodeship_and_status_and_exports_what_it_shows(
    personas, signed_in, strategy, small_tree
):
    StrategyFactory(gmina=small_tree["0601022"], title="Strategia lubelska")
    StrategyFactory(gmina=small_tree["1001033"], title="Strategia przyjęta", status="consultation")
    client = signed_in(personas.analyst)

    html = client.get(LIST, {"voivodeship": "10", "status": "in_preparation"}).content.decode()
    assert "Strategia Regnowa" in html
    assert "Strategia lubelska" not in html and "Strategia przyjęta" not in html
    assert "voivodeship=10&amp;status=in_preparation" in html  # the export links keep the filters

    rows = csv_rows(
        client.get(
            reverse("strategies:strategy-export", args=["csv"]),
            {"voivodeship": "10", "status": "in_preparation"},
        )
    )
    assert rows[0][:4] == ["TERYT code", "Gmina", "Voivodeship", "Title"]
    assert [row[3] for row in rows[1:]] == ["Strategia Regnowa"]
    xlsx = client.get(reverse("strategies:strategy-export", args=["xlsx"]))
    assert xlsx["Content-Disposition"] == 'attachment; filename="strategie.xlsx"'


# One strategy ------------------------------------------------------------------------------------


def test_the_page_shows_every_section_and_the_coordinator_its_buttons(
    personas, coordinator, strategy
):
    goal = StrategicGoalFactory(strategy=strategy, code="1", title="Aktywni seniorzy")
    Goal.objects.create(
        strategy=strategy, kind="operational", code="1.1", title="Opieka w domu", parent=goal
    )
    TeamMemberFactory(strategy=strategy, name="Anna Kowalska")
    response = coordinator.get(reverse("strategies:strategy-detail", args=[strategy.pk]))

    html = response.content.decode()
    for section in ("summary", "diagnosis", "goals", "team", "events", "history"):
        assert f'id="{section}"' in html
    assert "Opieka w domu" in html and "Anna Kowalska" in html
    assert reverse("strategies:strategy-consultation", args=[strategy.pk]) in html
    assert reverse("strategies:strategy-goal-add", args=[strategy.pk]) in html


def test_a_viewer_reads_the_page_without_buttons(personas, signed_in, strategy):
    response = signed_in(personas.viewer).get(
        reverse("strategies:strategy-detail", args=[strategy.pk])
    )
    assert response.status_code == 200
    assert reverse("strategies:strategy-edit", args=[strategy.pk]) not in response.content.decode()


@pytest.mark.parametrize("persona", ["neighbour", "officer_lublin"])
def test_a_strategy_outside_the_scope_is_not_found(personas, signed_in, strategy, persona):
    client = signed_in(getattr(personas, persona))
    assert client.get(reverse("strategies:strategy-detail", args=[strategy.pk])).status_code == 404
    assert (
        client.get(reverse("strategies:strategy-document", args=[strategy.pk])).status_code == 404
    )


def test_the_document_is_downloaded_through_the_permission_checked_view(
    personas, signed_in, strategy
):
    strategy.document.save("strategia.pdf", ContentFile(b"%PDF-1.4 GSRPS"))
    url = reverse("strategies:strategy-document", args=[strategy.pk])

    response = signed_in(personas.consultant).get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 GSRPS"
    assert "attachment" in response["Content-Disposition"]
    assert signed_in(personas.neighbour).get(url).status_code == 404


def test_without_a_document_the_download_is_not_found(coordinator, strategy):
    assert (
        coordinator.get(reverse("strategies:strategy-document", args=[strategy.pk])).status_code
        == 404
    )


# Forms -------------------------------------------------------------------------------------------


def test_the_coordinator_creates_a_strategy_with_its_document(coordinator, small_tree):
    document = io.BytesIO(b"%PDF-1.4 new")
    document.name = "strategia.pdf"
    response = coordinator.post(
        reverse("strategies:strategy-create"),
        {**form_data(), "gmina": small_tree["1001022"].pk, "document": document},
    )

    strategy = Strategy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("strategies:strategy-detail", args=[strategy.pk])
    assert strategy.document.name.startswith("strategies/1001022/")


def test_a_refused_form_names_each_field_and_creates_nothing(coordinator, small_tree):
    response = coordinator.post(
        reverse("strategies:strategy-create"),
        form_data(
            gmina=small_tree["1001022"].pk,
            title="",
            period_last_day="2005-12-31",
            team_ordinance_number="12/2005",
        ),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "title" not in errors  # proposed once the period is right
    assert errors["period_last_day"] == ["The period must end after it starts."]
    assert errors["team_ordinance_on"] == ["Give the date of the ordinance."]
    assert 'id="form-errors"' in response.content.decode()
    assert not Strategy.objects.exists()


def test_the_new_strategy_form_offers_only_the_coordinators_gmina(coordinator, small_tree):
    response = coordinator.post(
        reverse("strategies:strategy-create"), form_data(gmina=small_tree["1001033"].pk)
    )
    assert "gmina" in response.context["form"].errors
    assert not Strategy.objects.exists()


def test_a_viewer_may_not_open_the_new_strategy_form(personas, signed_in, strategy):
    assert signed_in(personas.viewer).get(reverse("strategies:strategy-create")).status_code == 403


def test_an_edit_conflict_keeps_the_users_input_and_shows_the_saved_values(
    personas, coordinator, strategy
):
    url = reverse("strategies:strategy-edit", args=[strategy.pk])
    assert 'name="lock_version" value="1"' in coordinator.get(url).content.decode()
    services.update_strategy(
        actor=personas.coordinator,
        strategy=strategy,
        spec=services.StrategySpec(
            title="Zapisane przez kogoś",
            period_from=strategy.period_from,
            period_until=strategy.period_until,
        ),
        lock_version=1,
    )

    response = coordinator.post(url, form_data(title="Moja wersja", lock_version="1"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this strategy" in html
    assert 'value="Moja wersja"' in html
    assert 'data-testid="saved-values"' in html and "Zapisane przez kogoś" in html
    assert 'name="lock_version" value="2"' in html
    strategy.refresh_from_db()
    assert strategy.title == "Zapisane przez kogoś"

    again = coordinator.post(url, form_data(title="Moja wersja", lock_version="2"))
    assert again.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.title, strategy.lock_version) == ("Moja wersja", 3)


def test_the_neighbour_may_not_edit(personas, signed_in, strategy):
    url = reverse("strategies:strategy-edit", args=[strategy.pk])
    assert signed_in(personas.neighbour).post(url, form_data(lock_version="1")).status_code == 404
    assert signed_in(personas.viewer).post(url, form_data(lock_version="1")).status_code == 403


# Transitions -------------------------------------------------------------------------------------


def test_the_consultation_starts_after_a_confirmation(coordinator, strategy):
    url = reverse("strategies:strategy-consultation", args=[strategy.pk])
    page = coordinator.get(url)
    assert page.status_code == 200
    assert "Put the strategy to consultation?" in page.content.decode()
    strategy.refresh_from_db()
    assert strategy.status == "in_preparation"

    response = coordinator.post(url)

    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.status == "consultation"


def test_the_adoption_form_shows_everything_missing(coordinator, small_tree):
    strategy = StrategyFactory(gmina=small_tree["1001022"], status="consultation")
    response = coordinator.post(
        reverse("strategies:strategy-adopt", args=[strategy.pk]),
        {"resolution_number": "XV/98/2006", "resolution_on": "2006-03-30"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "at least one strategic goal is required" in html
    assert "at least one diagnosis entry is required" in html
    strategy.refresh_from_db()
    assert strategy.status == "consultation"


def test_the_coordinator_records_the_adoption(coordinator, small_tree):
    strategy = adoptable_strategy(gmina=small_tree["1001022"])
    response = coordinator.post(
        reverse("strategies:strategy-adopt", args=[strategy.pk]),
        {"resolution_number": "XV/98/2006", "resolution_on": "2006-03-30"},
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.status, strategy.resolution_on) == ("adopted", dt.date(2006, 3, 30))


def test_a_refused_step_is_reported_on_the_strategys_page(coordinator, small_tree):
    strategy = StrategyFactory(gmina=small_tree["1001022"], status="consultation")
    response = coordinator.post(
        reverse("strategies:strategy-consultation", args=[strategy.pk]), follow=True
    )
    assert "A strategy cannot go from" in response.content.decode()


# Items -------------------------------------------------------------------------------------------


def test_the_coordinator_adds_a_diagnosis_entry_and_a_goal(coordinator, strategy):
    group = TargetGroupFactory(code="OS")
    response = coordinator.post(
        reverse("strategies:strategy-diagnosis-add", args=[strategy.pk]),
        {"target_group": group.pk, "problem": "Samotność", "figure": "12", "figure_unit": "osób"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#diagnosis")

    coordinator.post(
        reverse("strategies:strategy-goal-add", args=[strategy.pk]),
        {"kind": "strategic", "code": "1", "title": "Aktywni seniorzy"},
    )
    assert strategy.diagnosis.count() == 1
    assert strategy.goals.get().title == "Aktywni seniorzy"


def test_a_new_goal_proposes_the_next_strategic_number(coordinator, strategy):
    add = reverse("strategies:strategy-goal-add", args=[strategy.pk])
    assert coordinator.get(add).context["form"]["code"].value() == "1"
    coordinator.post(add, {"kind": "strategic", "code": "1", "title": "Aktywni seniorzy"})
    assert coordinator.get(add).context["form"]["code"].value() == "2"


def test_an_item_form_shows_its_errors_per_field(coordinator, strategy):
    response = coordinator.post(
        reverse("strategies:strategy-goal-add", args=[strategy.pk]),
        {"kind": "operational", "code": "1.1", "title": "Bez celu strategicznego"},
    )
    assert response.context["form"].errors["parent"] == [
        "Choose the strategic goal this goal serves."
    ]
    assert not strategy.goals.exists()


def test_an_item_is_edited_and_removed_after_a_confirmation(coordinator, strategy):
    member = TeamMemberFactory(strategy=strategy, name="Anna Kowalska")
    edit = reverse("strategies:strategy-team-edit", args=[strategy.pk, member.pk])
    assert 'value="Anna Kowalska"' in coordinator.get(edit).content.decode()
    coordinator.post(
        edit, {"name": "Anna Nowak", "institution": "GOPS", "team_role": "", "lock_version": 1}
    )
    member.refresh_from_db()
    assert member.name == "Anna Nowak"

    remove = reverse("strategies:strategy-team-remove", args=[strategy.pk, member.pk])
    assert "Remove the member of the working team?" in coordinator.get(remove).content.decode()
    coordinator.post(remove)
    assert not strategy.team.exists()
    assert AuditEvent.objects.filter(action="strategies.strategy.team_member_removed").exists()


def test_an_item_of_another_strategy_is_not_found(coordinator, strategy, small_tree):
    other = StrategyFactory(gmina=small_tree["1001022"])
    member = TeamMemberFactory(strategy=other)
    url = reverse("strategies:strategy-team-remove", args=[strategy.pk, member.pk])
    assert coordinator.post(url).status_code == 404


def test_a_reader_may_not_add_items(personas, signed_in, strategy):
    url = reverse("strategies:strategy-event-add", args=[strategy.pk])
    assert signed_in(personas.consultant).get(url).status_code == 403


# Two tabs on one item: the later save is refused, not silently written over the first ------------


def _item_edit_cases(strategy):
    from integra.strategies.tests.factories import (
        DiagnosisEntryFactory,
        ParticipationEventFactory,
    )

    group = TargetGroupFactory(code="OS")
    entry = DiagnosisEntryFactory(strategy=strategy, target_group=group, problem="Samotność")
    goal = StrategicGoalFactory(strategy=strategy, code="1", title="Aktywni seniorzy")
    member = TeamMemberFactory(strategy=strategy, name="Anna Kowalska")
    event = ParticipationEventFactory(strategy=strategy)
    event_data = {"kind": "workshop", "held_on": "2006-02-01", "place": "GOK", "participants": "9"}
    return [
        ("diagnosis", entry, "problem", {"target_group": group.pk, "problem": "A"}),
        ("goal", goal, "title", {"kind": "strategic", "code": "1", "title": "A"}),
        ("team", member, "name", {"name": "A", "institution": "", "team_role": ""}),
        ("event", event, "place", {**event_data, "place": "A"}),
    ]


@pytest.mark.parametrize("index", range(4))
def test_a_second_tab_cannot_overwrite_an_item_saved_in_the_first(
    index, personas, signed_in, strategy
):
    kind, item, field, data = _item_edit_cases(strategy)[index]
    edit = reverse(f"strategies:strategy-{kind}-edit", args=[strategy.pk, item.pk])
    first, second = signed_in(personas.coordinator), signed_in(personas.coordinator)
    # Both tabs open the editor of the same item (version 1).
    assert 'name="lock_version" value="1"' in first.get(edit).content.decode()
    assert 'name="lock_version" value="1"' in second.get(edit).content.decode()

    assert first.post(edit, {**data, "lock_version": "1"}).status_code == 302
    refused = second.post(edit, {**data, field: "B", "lock_version": "1"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone saved this item after you opened it" in page
    assert 'value="B"' in page or "\nB</textarea>" in page  # the second tab's input stays
    item.refresh_from_db()
    assert (getattr(item, field), item.lock_version) == ("A", 2)
    # Saving again, now knowingly over version 2, goes through.
    assert second.post(edit, refused.context["form"].data).status_code == 302
    item.refresh_from_db()
    assert (getattr(item, field), item.lock_version) == ("B", 3)


def test_an_item_edit_without_its_version_is_refused_at_the_field(personas, signed_in, strategy):
    member = TeamMemberFactory(strategy=strategy, name="Anna Kowalska")
    edit = reverse("strategies:strategy-team-edit", args=[strategy.pk, member.pk])
    response = signed_in(personas.coordinator).post(edit, {"name": "Anna Nowak"})
    assert "lock_version" in response.context["form"].errors
    member.refresh_from_db()
    assert member.name == "Anna Kowalska"


def test_the_voivodeship_filter_lists_in_polish_order(personas, signed_in, small_tree):
    from integra.territories.tests.factories import VoivodeshipFactory

    VoivodeshipFactory(teryt="90", name="ZACHODNIOPOMORSKIE")
    VoivodeshipFactory(teryt="91", name="ŚWIĘTOKRZYSKIE")
    response = signed_in(personas.officer).get(reverse("strategies:strategy-list"))
    choices = [label for _value, label in response.context["form"].fields["voivodeship"].choices]
    assert choices[1:] == ["lubelskie", "łódzkie", "świętokrzyskie", "zachodniopomorskie"]


# Issue 11: defaults, the inclusive end, the act numbers ------------------------------------------


def test_a_new_strategy_is_proposed_for_the_only_gmina(coordinator, small_tree):
    """The coordinator's one gmina is chosen (a hidden field, its name shown), and the period
    and title are proposed: leaving them, the strategy is created in one action."""
    form = coordinator.get(reverse("strategies:strategy-create")).context["form"]
    gmina = small_tree["1001022"]
    assert form.only_gmina == gmina and form.fields["gmina"].widget.is_hidden
    start, last = form.initial["period_from"], form.initial["period_last_day"]
    assert (start.month, start.day, last.month, last.day) == (1, 1, 12, 31)
    assert form.initial["title"] == (
        f"Strategy for solving social problems of the gmina {gmina.name} for the years "
        f"{start.year}–{last.year}"
    )

    data = {
        "gmina": gmina.pk,
        "title": form.initial["title"],
        "period_from": "2008-01-01",
        "period_last_day": "2015-12-31",
    }
    assert coordinator.post(reverse("strategies:strategy-create"), data).status_code == 302
    strategy = Strategy.objects.get()
    # The proposal follows the period the user typed; the stored end is the day after it.
    assert strategy.title.endswith("for the years 2008–2015")
    assert strategy.period_until == dt.date(2016, 1, 1)


def test_the_period_is_shown_to_its_last_day(personas, signed_in, small_tree):
    strategy = StrategyFactory(
        gmina=small_tree["1001022"],
        period_from=dt.date(2008, 1, 1),
        period_until=dt.date(2016, 1, 1),
    )
    client = signed_in(personas.coordinator)
    detail = client.get(reverse("strategies:strategy-detail", args=[strategy.pk]))
    html = detail.content.decode()
    assert "2008–2015" in html and "2008–2016" not in html
    listed = client.get(LIST).content.decode()
    assert "2015-12-31" in listed and "2016-01-01" not in listed
    edit = client.get(reverse("strategies:strategy-edit", args=[strategy.pk]))
    assert edit.context["form"].initial["period_last_day"] == dt.date(2015, 12, 31)
    rows = csv_rows(client.get(reverse("strategies:strategy-export", args=["csv"])))
    assert rows[1][5] == "31.12.2015"  # the CSV for Excel: a Polish date


def test_an_act_number_is_shown_as_typed(personas, signed_in, small_tree):
    strategy = StrategyFactory(
        gmina=small_tree["1001022"],
        team_ordinance_number="Zarządzenie nr 5/2008",
        team_ordinance_on=dt.date(2008, 2, 1),
    )
    html = (
        signed_in(personas.coordinator)
        .get(reverse("strategies:strategy-detail", args=[strategy.pk]))
        .content.decode()
    )
    assert "Zarządzenie nr 5/2008 of 2008-02-01" in html
    assert "No. Zarządzenie" not in html
    client = signed_in(personas.coordinator)
    client.cookies["django_language"] = "pl"
    polish = client.get(reverse("strategies:strategy-detail", args=[strategy.pk])).content.decode()
    assert "Zarządzenie nr 5/2008 z dnia 01.02.2008" in polish
    assert "nr Zarządzenie" not in polish
