"""Pages of Action Plans: the wiring of each page, one permission case per action, the editor
(errors at their fields, no lost edits on a conflict, adding a row without JS), the review forms,
the exports (what the page shows), the diff and the public consultation."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from integra.action_plans import services
from integra.action_plans.models import ActionPlan, PlannedService, PlanVersion, PublicComment
from integra.action_plans.tests.factories import AS_OF, UPDATE_AS_OF, care_service, content
from integra.core.tests.sheets import xlsx_rows

pytestmark = pytest.mark.django_db
Status = PlanVersion.Status
LIST = reverse("action_plans:action-plan-list")
QUEUE = reverse("action_plans:review-queue")


def draft(world):
    return services.create_action_plan(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        year=2007,
        as_of=AS_OF,
    )


def saved(world, version=None, *service_inputs):
    version = version or draft(world)
    return services.save_plan_version(
        actor=world.people.coordinator,
        version=version,
        content=content(world, *service_inputs),
        lock_version=version.lock_version,
    )


def submitted(world):
    return services.submit_plan_version(actor=world.people.coordinator, version=saved(world))


def approved(world):
    return services.approve_plan_version(
        actor=world.people.officer,
        version=submitted(world),
        letter_number="ROPS/1/2007",
        letter_on=dt.date(2007, 4, 2),
    )


def url(name, version, *extra):
    return reverse(f"action_plans:{name}", args=[version.plan_id, version.number, *extra])


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def editor_data(world, version, **changes):
    """What the editor posts for the version with one valid care service."""
    data = {
        "lock_version": str(version.lock_version),
        "as_of": AS_OF.isoformat(),
        "strategy": str(world.strategy.pk),
        "gmina_address": "ul. Główna 1",
        "contact_name": "Anna Kowalska",
        "contact_email": "anna@example.org",
        "contact_phone": "",
        "diagnosis_summary": "Starzejąca się ludność.",
        "continuity": "",
        "consultation": "",
        "services-TOTAL_FORMS": "1",
        "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "0",
        "services-MAX_NUM_FORMS": "1000",
        "services-0-key": "",
        "services-0-title": "Pomoc sąsiedzka",
        "services-0-service_type": str(world.catalogue.care.pk),
        "services-0-groups": [str(world.catalogue.OS.pk)],
        "services-0-goal": str(world.goal.pk),
        "services-0-description": "",
        "services-0-villages": "Wola",
        "services-0-quarters": ["2007-Q2", "2007-Q3"],
        "services-0-planned_beneficiaries": "12",
        "services-0-planned_cost_pln": "8000.00",
        "services-0-provider_kind": "ngo",
        "services-0-non_duplication_declared": "on",
        "services-0-non_duplication_justification": "NFZ nie finansuje.",
    }
    return {**data, **changes}


# The list -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [("coordinator", 200), ("officer", 200), ("admin", 200), ("provider", 403)],
)
def test_the_list_is_for_plan_readers(world, signed_in, name, status):
    assert signed_in(getattr(world.people, name)).get(LIST).status_code == status


def test_the_list_shows_plans_in_scope_and_filters_them(world, signed_in):
    saved(world)
    response = signed_in(world.people.officer).get(LIST)
    assert "Gmina" in response.content.decode()
    assert len(response.context["rows"]) == 1
    assert signed_in(world.people.officer_lublin).get(LIST).context["rows"] == []
    filtered = signed_in(world.people.officer).get(LIST, {"status": "approved"})
    assert filtered.context["rows"] == []
    drafts = signed_in(world.people.officer).get(LIST, {"status": "draft", "year": "2007"})
    assert len(drafts.context["rows"]) == 1


def test_the_export_holds_what_the_list_shows(world, signed_in):
    version = saved(world)
    client = signed_in(world.people.officer)
    page_rows = client.get(LIST).context["rows"]
    rows = csv_rows(client.get(reverse("action_plans:action-plan-export", args=["csv"])))
    assert rows[0][:5] == ["Gmina", "TERYT code", "Voivodeship", "Programme", "Year"]
    assert [row[1] for row in rows[1:]] == [plan.gmina.teryt for plan, _ in page_rows]
    assert rows[1][4:8] == ["2007", "1", "draft", AS_OF.strftime("%d.%m.%Y")]
    book = client.get(reverse("action_plans:action-plan-export", args=["xlsx"]))
    assert xlsx_rows(book.content)[1][1] == version.plan.gmina.teryt
    empty = client.get(reverse("action_plans:action-plan-export", args=["csv"]), {"year": "2008"})
    assert len(csv_rows(empty)) == 1


def test_a_coordinator_sees_the_next_steps_and_drafts_a_plan(world, signed_in):
    client = signed_in(world.people.coordinator)
    response = client.get(LIST)
    assert "Draft the Action Plan for 2007." in response.content.decode()
    response = client.post(
        LIST,
        {"gmina": world.gmina.pk, "programme": world.programme.pk, "year": 2007, "as_of": AS_OF},
    )
    version = PlanVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("plan-version-edit", version)


def test_a_refused_new_plan_is_shown_at_the_form(world, signed_in):
    draft(world)
    response = signed_in(world.people.coordinator).post(
        LIST,
        {"gmina": world.gmina.pk, "programme": world.programme.pk, "year": 2007, "as_of": AS_OF},
    )
    assert response.status_code == 200
    assert "already has an Action Plan for 2007" in response.content.decode()
    assert ActionPlan.objects.count() == 1


def test_only_a_coordinator_drafts_a_plan(world, signed_in):
    response = signed_in(world.people.officer).post(
        LIST,
        {"gmina": world.gmina.pk, "programme": world.programme.pk, "year": 2007, "as_of": AS_OF},
    )
    assert response.status_code == 403
    assert not ActionPlan.objects.exists()


# A plan and a version -----------------------------------------------------------------------------


def test_a_foreign_coordinator_gets_404_for_the_plan_and_its_pages(world, signed_in):
    version = saved(world)
    client = signed_in(world.people.neighbour)
    for address in (
        reverse("action_plans:action-plan-detail", args=[version.plan_id]),
        url("plan-version-detail", version),
        url("plan-version-edit", version),
        url("plan-version-pdf", version),
        url("plan-version-xlsx", version),
        reverse("action_plans:plan-version-diff", args=[version.plan_id]),
    ):
        assert client.get(address).status_code == 404, address


def test_the_version_page_shows_every_section_and_the_actions_of_the_coordinator(world, signed_in):
    training = care_service(
        world,
        service_type=world.catalogue.training,
        groups=(world.catalogue.SP,),
        title="Szkolenie koordynatorów",
        planned_cost_pln=Decimal("400"),
    )
    version = saved(world, None, care_service(world), training)
    response = signed_in(world.people.coordinator).get(url("plan-version-detail", version))
    page = response.content.decode()
    for text in (
        "ul. Główna 1, 95-001 Gmina",
        "Anna Kowalska",
        "1.1. Opieka w domu",
        "Starzejąca się ludność wsi.",
        "Sąsiedzka pomoc dla osób starszych",
        "2007-Q2, 2007-Q3",
        "Submit to the region",
        "Open a public consultation",
        "4.0000",
    ):
        assert text in page, text
    assert [s.title for s in response.context["training"]] == ["Szkolenie koordynatorów"]
    assert response.context["opinion_form"] is None
    assert response.context["approval_form"] is None
    assert response.context["budget"].left_services == Decimal("8000.00")


def test_the_submission_with_broken_rules_lists_the_problems(world, signed_in):
    version = draft(world)
    response = signed_in(world.people.coordinator).post(url("plan-version-submit", version))
    assert response.status_code == 200
    assert "Name the contact person for the region." in response.content.decode()
    version.refresh_from_db()
    assert version.status == Status.DRAFT


def test_the_coordinator_submits_and_a_viewer_may_not(world, signed_in):
    version = saved(world)
    assert (
        signed_in(world.people.viewer).post(url("plan-version-submit", version)).status_code == 403
    )
    response = signed_in(world.people.coordinator).post(url("plan-version-submit", version))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED


def test_the_consultant_gives_an_opinion_but_may_not_approve(world, signed_in):
    version = submitted(world)
    client = signed_in(world.people.consultant)
    page = client.get(url("plan-version-detail", version))
    assert page.context["opinion_form"] is not None and page.context["approval_form"] is None
    refused = client.post(
        url("plan-version-approve", version), {"letter_number": "1", "letter_on": "2007-04-02"}
    )
    assert refused.status_code == 403
    empty = client.post(url("plan-version-opinion", version), {"recommendation": "approve"})
    assert empty.status_code == 200 and empty.context["opinion_form"].errors["text"]
    done = client.post(
        url("plan-version-opinion", version),
        {"recommendation": "return", "section": "services", "text": "Brak miejscowości."},
    )
    assert done.status_code == 302
    assert version.comments.get().recommendation == "return"


def test_the_officer_returns_with_comments_per_section(world, signed_in):
    version = submitted(world)
    client = signed_in(world.people.officer)
    assert client.post(url("plan-version-opinion", version), {"text": "x"}).status_code == 403
    nothing = client.post(url("plan-version-return", version), {})
    assert "Say what must be corrected." in nothing.content.decode()
    response = client.post(
        url("plan-version-return", version), {"comment_budget": "Za drogo.", "comment_goals": ""}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == Status.RETURNED
    assert list(version.comments.values_list("section", "text")) == [("budget", "Za drogo.")]
    page = signed_in(world.people.coordinator).get(url("plan-version-detail", version))
    assert "Za drogo." in page.content.decode()


def test_the_officer_approves_with_a_letter(world, signed_in):
    version = submitted(world)
    client = signed_in(world.people.officer)
    missing = client.post(url("plan-version-approve", version), {"letter_number": ""})
    assert missing.context["approval_form"].errors.keys() == {"letter_number", "letter_on"}
    assert (
        signed_in(world.people.officer_lublin)
        .post(
            url("plan-version-approve", version), {"letter_number": "1", "letter_on": "2007-04-02"}
        )
        .status_code
        == 404
    )
    response = client.post(
        url("plan-version-approve", version),
        {"letter_number": "ROPS/5/2007", "letter_on": "2007-04-02"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.status, version.approval_letter_number) == (Status.APPROVED, "ROPS/5/2007")


def test_the_coordinator_starts_an_update_of_an_approved_plan(world, signed_in):
    version = approved(world)
    plan_url = reverse("action_plans:action-plan-detail", args=[version.plan_id])
    update_url = reverse("action_plans:action-plan-update", args=[version.plan_id])
    client = signed_in(world.people.coordinator)
    assert client.get(plan_url).context["update_form"] is not None
    assert (
        signed_in(world.people.officer).post(update_url, {"as_of": UPDATE_AS_OF}).status_code == 403
    )
    response = client.post(update_url, {"as_of": UPDATE_AS_OF})
    update = PlanVersion.objects.get(number=2)
    assert response["Location"] == url("plan-version-edit", update)
    assert "ROPS/1/2007" in client.get(plan_url).content.decode()


# The editor ---------------------------------------------------------------------------------------


def test_the_editor_saves_sections_and_services(world, signed_in):
    version = draft(world)
    client = signed_in(world.people.coordinator)
    page = client.get(url("plan-version-edit", version))
    assert page.status_code == 200
    assert page.context["formset"].total_form_count() == 1
    response = client.post(url("plan-version-edit", version), editor_data(world, version))
    assert response.status_code == 302
    service = PlannedService.objects.get()
    assert (service.title, service.quarters, service.planned_cost_eur) == (
        "Pomoc sąsiedzka",
        ["2007-Q2", "2007-Q3"],
        Decimal("2000.00"),
    )


def test_the_editor_is_for_the_coordinator_of_an_editable_version(world, signed_in):
    version = submitted(world)
    assert signed_in(world.people.officer).get(url("plan-version-edit", version)).status_code == 403
    response = signed_in(world.people.coordinator).get(url("plan-version-edit", version))
    assert response.status_code == 302


def test_the_editor_shows_each_broken_rule_at_its_field_and_saves_nothing(world, signed_in):
    version = draft(world)
    data = editor_data(
        world,
        version,
        **{
            "services-0-groups": [str(world.catalogue.DM.pk)],
            "services-0-planned_beneficiaries": "0",
            "services-0-non_duplication_declared": "",
            "services-0-goal": "",
        },
    )
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 200
    row = response.context["formset"].forms[0]
    assert row.errors == {
        "planned_beneficiaries": ["The planned beneficiaries must be more than 0."],
        "groups": ["The type OS-01 does not serve the group(s) DM."],
        "goal": ["Tie the service to a goal of the gmina's strategy."],
        "non_duplication_declared": [
            "Declare that the service does not duplicate services paid from public funds."
        ],
    }
    page = response.content.decode()
    assert 'id="form-errors"' in page and "Service 1 — Planned beneficiaries" in page
    assert not PlannedService.objects.exists()


def test_an_over_budget_plan_is_reported_in_the_summary(world, signed_in):
    version = draft(world)
    data = editor_data(world, version, **{"services-0-planned_cost_pln": "40000.04"})
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert (
        "Services line: 10,000.01\xa0EUR planned against an allocation of 10,000.00\xa0EUR — "
        "0.01\xa0EUR too "
        "much. Reduce the costs of the services: Pomoc sąsiedzka (10,000.01\xa0EUR)."
    ) in response.content.decode()
    assert not PlannedService.objects.exists()


def test_a_conflicting_save_keeps_the_input_on_screen(world, signed_in):
    version = draft(world)
    loaded = editor_data(world, version, **{"services-0-title": "Moja zmiana usługi"})
    saved(world, version)  # someone else saves in between
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), loaded)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this plan" in page
    assert 'value="Moja zmiana usługi"' in page
    assert PlannedService.objects.get().title == "Sąsiedzka pomoc dla osób starszych"
    # The form now carries the stored lock: saving again, on purpose, goes through.
    assert response.context["sections"].data["lock_version"] == "2"


def test_adding_a_row_shows_the_form_again_with_an_empty_row_and_no_errors(world, signed_in):
    version = draft(world)
    data = editor_data(world, version, add_row="1", **{"services-0-title": ""})
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 2
    assert 'id="form-errors"' not in response.content.decode()
    assert not PlannedService.objects.exists()


def test_a_row_marked_for_removal_goes(world, signed_in):
    version = saved(world, None, care_service(world), care_service(world, title="Druga"))
    keys = [str(s.key) for s in version.services.all()]
    data = editor_data(
        world,
        version,
        **{"services-TOTAL_FORMS": "2", "services-INITIAL_FORMS": "2", "services-0-key": keys[0]},
    )
    data.update(
        {
            f"services-1-{name[len('services-0-') :]}": value
            for name, value in data.items()
            if name.startswith("services-0-")
        }
    )
    data.update({"services-1-key": keys[1], "services-1-title": "Druga", "services-1-DELETE": "on"})
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 302
    assert [str(s.key) for s in PlanVersion.objects.get().services.all()] == [keys[0]]


# Diff, queue, consultation ------------------------------------------------------------------------


def test_the_diff_page_shows_a_changed_cost(world, signed_in):
    first = approved(world)
    update = services.start_plan_update(
        actor=world.people.coordinator, plan=first.plan, as_of=UPDATE_AS_OF
    )
    key = update.services.get().key
    services.save_plan_version(
        actor=world.people.coordinator,
        version=update,
        content=content(
            world,
            care_service(world, key=key, planned_cost_pln=Decimal("9500")),
            as_of=UPDATE_AS_OF,
        ),
        lock_version=update.lock_version,
    )
    response = signed_in(world.people.officer).get(
        reverse("action_plans:plan-version-diff", args=[first.plan_id]), {"a": 1, "b": 2}
    )
    [(change, fields)] = response.context["changed"]
    assert change.title == "Sąsiedzka pomoc dla osób starszych"
    assert fields == [("planned cost (PLN)", Decimal("8000.00"), Decimal("9500.00"))]
    assert "9,500.00" in response.content.decode()


def test_the_review_queue_is_for_reviewers_and_exports_its_rows(world, signed_in):
    submitted(world)
    assert signed_in(world.people.coordinator).get(QUEUE).status_code == 403
    client = signed_in(world.people.consultant)
    assert len(client.get(QUEUE).context["items"]) == 1
    rows = csv_rows(client.get(reverse("action_plans:review-queue-export", args=["csv"])))
    assert rows[0][-3:] == ["Days waiting", "Overdue", "Opinion given"]
    assert [rows[1][1], *rows[1][3:6], rows[1][-1]] == ["1001022", "PIS", "2007", "1", "no"]


def test_the_public_consultation_page_takes_comments_until_closed(world, client):
    version = services.set_public_consultation(
        actor=world.people.coordinator, version=saved(world), is_open=True
    )
    address = reverse("action_plans:public-consultation", args=[version.public_key])
    page = client.get(address)
    assert page.status_code == 200
    assert "Sąsiedzka pomoc dla osób starszych" in page.content.decode()
    empty = client.post(address, {"author_name": "Jan", "text": ""})
    assert empty.status_code == 200 and not PublicComment.objects.exists()
    assert (
        client.post(address, {"author_name": "Jan", "text": "Proszę o transport."}).status_code
        == 302
    )
    assert PublicComment.objects.get().author_name == "Jan"
    services.set_public_consultation(actor=world.people.coordinator, version=version, is_open=False)
    assert client.get(address).status_code == 404


@pytest.mark.parametrize(("name", "shown"), [("coordinator", True), ("provider", False)])
def test_the_navigation_offers_action_plans_to_plan_readers(world, signed_in, name, shown):
    response = signed_in(getattr(world.people, name)).get(reverse("territories:territory-list"))
    assert ("action-plans" in {item["key"] for item in response.context["nav_items"]}) is shown
