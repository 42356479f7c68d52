"""What an outside probe broke in Action Plans (issue 10): one limit per text field on pages and
API alike, the services formset bounded, residents' comments limited per address, the public API
usable without a session, and the review queue refused in the API as on its page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from integra.action_plans import rules, services
from integra.action_plans.models import PlannedService, PlanVersion, PublicComment, ReviewComment
from integra.action_plans.tests.test_api import URL, service_body, version_body
from integra.action_plans.tests.test_views import draft, editor_data, saved, submitted, url

pytestmark = pytest.mark.django_db
JSON = "application/json"


def too_long(limit: int) -> str:
    return "x" * (limit + 1)


def state():
    return (
        list(PlanVersion.objects.values()),
        list(PlannedService.objects.values()),
        list(ReviewComment.objects.values()),
        list(PublicComment.objects.values()),
    )


def api_url(version, *extra):
    return "/".join([f"{URL}/{version.plan_id}/versions/{version.number}", *extra])


def too_long_message(limit: int) -> str:
    return f"Ensure this value has at most {limit} characters (it has {limit + 1})."


# One limit per field, pages and API --------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("diagnosis_summary", rules.SECTION_MAX),
        ("gmina_address", rules.ADDRESS_MAX),
        ("services-0-description", rules.DESCRIPTION_MAX),
        ("services-0-villages", rules.VILLAGES_MAX),
        ("services-0-non_duplication_justification", rules.JUSTIFICATION_MAX),
    ],
)
def test_the_editor_refuses_an_oversized_section_or_service_text_at_its_field(
    world, signed_in, field, limit
):
    version = draft(world)
    before = state()
    data = editor_data(world, version, **{field: too_long(limit)})
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 200
    if field.startswith("services-0-"):
        errors = response.context["formset"].forms[0].errors[field.removeprefix("services-0-")]
    else:
        errors = response.context["sections"].errors[field]
    assert errors == [too_long_message(limit)]
    assert 'id="form-errors"' in response.content.decode()
    assert state() == before


@pytest.mark.parametrize(
    ("field", "limit", "in_service"),
    [
        ("diagnosis_summary", rules.SECTION_MAX, False),
        ("gmina_address", rules.ADDRESS_MAX, False),
        ("description", rules.DESCRIPTION_MAX, True),
        ("villages", rules.VILLAGES_MAX, True),
        ("non_duplication_justification", rules.JUSTIFICATION_MAX, True),
    ],
)
def test_the_api_refuses_the_same_oversized_texts_at_their_field(
    world, api_as, field, limit, in_service
):
    version = draft(world)
    before = state()
    if in_service:
        body = version_body(world, 1, service_body(world, **{field: too_long(limit)}))
    else:
        body = version_body(world, 1, **{field: too_long(limit)})
    response = api_as(world.people.coordinator).put(api_url(version), body, content_type=JSON)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"][-1] == field and error["type"] == "string_too_long"
    assert state() == before


def test_an_oversized_opinion_is_refused_on_the_page_and_by_the_api(world, signed_in, api_as):
    version = submitted(world)
    before = state()
    text = too_long(rules.COMMENT_MAX)
    page = signed_in(world.people.consultant).post(
        url("plan-version-opinion", version), {"recommendation": "approve", "text": text}
    )
    assert page.context["opinion_form"].errors["text"] == [too_long_message(rules.COMMENT_MAX)]
    api = api_as(world.people.consultant).post(
        api_url(version, "opinion"), {"recommendation": "approve", "text": text}, content_type=JSON
    )
    assert api.status_code == 422 and api.json()["errors"][0]["loc"][-1] == "text"
    assert state() == before


def test_an_oversized_or_hidden_comment_on_return_is_refused_on_the_page_and_by_the_api(
    world, signed_in, api_as
):
    version = submitted(world)
    before = state()
    officer = signed_in(world.people.officer)
    for text in (too_long(rules.COMMENT_MAX), "Za drogo\u202e"):
        page = officer.post(url("plan-version-return", version), {"comment_budget": text})
        assert page.context["return_form"].errors["comment_budget"]
        api = api_as(world.people.officer).post(
            api_url(version, "return"),
            {"comments": [{"section": "budget", "text": text}]},
            content_type=JSON,
        )
        assert api.status_code == 422 and api.json()["errors"][0]["loc"][-1] == "text"
    assert state() == before


def test_an_oversized_public_comment_is_refused_in_polish_on_the_page_and_by_the_api(world):
    version = services.set_public_consultation(
        actor=world.people.coordinator, version=saved(world), is_open=True
    )
    address = reverse("action_plans:public-consultation", args=[version.public_key])
    text = too_long(rules.COMMENT_MAX)
    page = Client().post(address, {"author_name": "Jan", "text": text})  # Polish by default
    [message] = page.context["form"].errors["text"]
    assert "co najwyżej 5000" in message
    name = Client().post(address, {"author_name": too_long(rules.AUTHOR_NAME_MAX), "text": "Tak"})
    assert "author_name" in name.context["form"].errors
    api = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        f"{URL}/consultations/{version.public_key}/comments",
        {"author_name": "Jan", "text": text},
        content_type=JSON,
    )
    assert api.status_code == 422 and api.json()["errors"][0]["loc"][-1] == "text"
    assert not PublicComment.objects.exists()


# The services formset is bounded ----------------------------------------------------------------


def test_a_forged_huge_row_count_with_add_row_shows_a_message_not_a_huge_page(world, signed_in):
    version = draft(world)
    data = editor_data(world, version, add_row="1", **{"services-TOTAL_FORMS": "99999999"})
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() <= 1
    assert len(response.content) < 500_000
    page = response.content.decode()
    assert "The list of services arrived damaged or longer than 200 services" in page
    assert not PlannedService.objects.exists()


@pytest.mark.parametrize("add_row", [True, False])
def test_a_row_count_that_is_no_number_is_a_message_not_a_server_error(world, signed_in, add_row):
    version = draft(world)
    data = editor_data(world, version, **{"services-TOTAL_FORMS": "abc"})
    if add_row:
        data["add_row"] = "1"
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 200
    assert "The list of services arrived damaged" in response.content.decode()
    assert not PlannedService.objects.exists()
    assert PlanVersion.objects.get().lock_version == 1


def test_a_save_of_more_rows_than_a_plan_may_have_is_refused(world, signed_in):
    version = draft(world)
    data = editor_data(world, version, **{"services-TOTAL_FORMS": str(rules.MAX_SERVICES + 1)})
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() <= rules.MAX_SERVICES
    assert not PlannedService.objects.exists()


def test_adding_a_row_past_the_limit_is_refused_with_a_message(world, signed_in):
    version = draft(world)
    data = editor_data(world, version, add_row="1", **{"services-TOTAL_FORMS": "200"})
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == rules.MAX_SERVICES
    assert "A plan has at most 200 services." in response.content.decode()


# Residents' comments: limited per address, and the API needs no session ---------------------------


@pytest.fixture
def consultation(world):
    return services.set_public_consultation(
        actor=world.people.coordinator, version=saved(world), is_open=True
    )


def test_the_page_takes_five_comments_per_address_in_ten_minutes(consultation, settings):
    assert (settings.INTEGRA_PUBLIC_POSTS_PER_WINDOW, settings.INTEGRA_PUBLIC_WINDOW_SECONDS) == (
        5,
        600,
    )
    address = reverse("action_plans:public-consultation", args=[consultation.public_key])
    resident = Client(REMOTE_ADDR="203.0.113.7")
    resident.cookies["django_language"] = "en"
    for number in range(5):
        assert resident.post(address, {"text": f"Uwaga {number}"}).status_code == 302
    refused = resident.post(address, {"author_name": "Jan", "text": "Szósta uwaga"})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many comments from your address; at most 5 in 10 minutes." in page
    assert "Szósta uwaga" in page  # the input stays on screen
    assert PublicComment.objects.count() == 5
    # Another address is not held back by this one.
    neighbour = Client(REMOTE_ADDR="203.0.113.8")
    assert neighbour.post(address, {"text": "Inna osoba"}).status_code == 302


def test_the_api_answers_429_past_the_limit_and_an_anonymous_call_needs_no_csrf(
    consultation, settings
):
    settings.INTEGRA_PUBLIC_POSTS_PER_WINDOW = 2
    path = f"{URL}/consultations/{consultation.public_key}/comments"
    # A machine: no session, no CSRF token, and the CSRF check enforced as in production.
    machine = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.1")
    machine.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for number in range(2):
        created = machine.post(path, {"text": f"Uwaga {number}"}, content_type=JSON)
        assert created.status_code == 201, created.content
    refused = machine.post(path, {"text": "Trzecia"}, content_type=JSON)
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert "at most 2 in 10 minutes" in refused.json()["detail"]
    assert PublicComment.objects.count() == 2


def test_a_signed_in_session_still_needs_its_csrf_token_on_the_public_api(world, consultation):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.people.coordinator)
    path = f"{URL}/consultations/{consultation.public_key}/comments"
    refused = browser.post(path, {"text": "Podrobione"}, content_type=JSON)
    assert refused.status_code == 403
    assert not PublicComment.objects.exists()


# The review queue: one policy for page and API ---------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 403), ("analyst", 403), ("consultant", 200), ("officer", 200)],
)
def test_the_review_queue_api_refuses_whom_the_page_refuses(
    world, signed_in, api_as, persona, status
):
    submitted(world)
    user = getattr(world.people, persona)
    page = signed_in(user).get(reverse("action_plans:review-queue"))
    api = api_as(user).get(f"{URL}/review-queue")
    assert (page.status_code, api.status_code) == (status, status)
    if status == 403:
        assert api.json()["code"] == "forbidden"


@pytest.mark.parametrize("title", ["   ", "Pomoc\u202e", "Po\u200bmoc"])
def test_a_blank_or_hidden_service_title_is_refused_by_the_api(world, api_as, title):
    version = draft(world)
    before = state()
    body = version_body(world, 1, service_body(world, title=title))
    response = api_as(world.people.coordinator).put(api_url(version), body, content_type=JSON)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["errors"]] == ["title"]
    assert state() == before
