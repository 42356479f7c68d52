"""Good practices: proposed by the gmina's coordinator with its evidence, edited by the regional
consultant (edit version stated), photos bounded in type and size with their alternative text,
published or rejected by the ministry — one workflow, every step audited, rights by role and
territory (404 outside the scope, 403 for a forbidden action)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from integra.action_plans.tests.factories import make_catalogue
from integra.audit.models import AuditEvent
from integra.core.errors import RulesBroken
from integra.core.workflow import TransitionRefused
from integra.outreach import rules, selectors, services
from integra.outreach.models import GoodPractice, PracticePhoto

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def values(**overrides) -> rules.PracticeValues:
    data = {
        "title": "Sąsiedzka pomoc dla seniorów",
        "what_was_done": "Wolontariusze odwiedzali osoby starsze dwa razy w tygodniu.",
        "results": "42 osoby starsze objęte opieką; 12 wolontariuszy przeszkolonych.",
        "people_reached": 42,
        "contact_office": "Gminny Ośrodek Pomocy Społecznej",
        "contact_email": "gops@example.org",
        "contact_phone": "44 123 45 67",
        "group_codes": ("OS",),
    }
    data.update(overrides)
    return rules.PracticeValues(**data)


@pytest.fixture
def catalogue(world):
    return make_catalogue()


def propose(world, catalogue, actor=None, **overrides) -> GoodPractice:
    return services.propose_practice(
        actor=actor or world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        values=values(**overrides),
        service_type=catalogue.care,
        groups=[catalogue.OS],
    )


def test_the_gmina_proposes_the_consultant_edits_the_ministry_publishes(world, catalogue):
    practice = propose(world, catalogue)
    assert practice.status == GoodPractice.Status.PROPOSED
    assert not selectors.public_practices().exists()

    edited = services.edit_practice(
        actor=world.people.consultant,
        practice=practice,
        lock_version=practice.lock_version,
        values=values(title="Sąsiedzka pomoc — seniorzy w domu"),
        service_type=catalogue.care,
        groups=[catalogue.OS, catalogue.SP],
    )
    assert edited.lock_version == 2
    published = services.publish_practice(actor=world.people.admin, practice=edited)

    assert published.status == GoodPractice.Status.PUBLISHED
    assert published.published_at is not None
    found = selectors.public_practices(search="seniorzy w domu", group="SP", voivodeship="10")
    assert list(found) == [published]
    actions = list(
        AuditEvent.objects.filter(target_id=str(practice.pk)).values_list("action", flat=True)
    )
    assert {
        "outreach.good_practice.proposed",
        "outreach.good_practice.edited",
        "outreach.good_practice.published",
    } <= set(actions)


def test_every_problem_is_refused_at_its_field_and_nothing_is_saved(world, catalogue):
    with pytest.raises(RulesBroken) as refusal:
        propose(
            world,
            catalogue,
            title=" ",
            what_was_done="",
            results="",
            people_reached=0,
            contact_office="",
            contact_email="jan@",
            contact_phone="zadzwoń",
            group_codes=(),
        )
    assert set(refusal.value.by_field()) == {
        "title",
        "what_was_done",
        "results",
        "people_reached",
        "contact_office",
        "contact_email",
        "contact_phone",
        "groups",
    }
    assert not GoodPractice.objects.exists()


def test_an_edit_on_a_stale_version_is_refused(world, catalogue):
    practice = propose(world, catalogue)
    arguments = {
        "actor": world.people.consultant,
        "practice": practice,
        "lock_version": practice.lock_version,
        "values": values(title="Pierwsza poprawka"),
        "service_type": catalogue.care,
        "groups": [catalogue.OS],
    }
    services.edit_practice(**arguments)
    with pytest.raises(services.PracticeEditConflict):
        services.edit_practice(**(arguments | {"values": values(title="Druga poprawka")}))
    assert GoodPractice.objects.get().title == "Pierwsza poprawka"


def test_rights_by_role_and_territory(world, catalogue):
    people = world.people
    with pytest.raises(PermissionDenied):
        propose(world, catalogue, actor=people.neighbour)
    practice = propose(world, catalogue)
    edit = {
        "practice": practice,
        "lock_version": 1,
        "values": values(),
        "service_type": catalogue.care,
        "groups": [catalogue.OS],
    }
    # The coordinator may not edit (403); the other voivodeship does not see it (404).
    with pytest.raises(PermissionDenied):
        services.edit_practice(actor=people.coordinator, **edit)
    with pytest.raises(GoodPractice.DoesNotExist):
        services.edit_practice(actor=people.officer_lublin, **edit)
    with pytest.raises(PermissionDenied):
        services.publish_practice(actor=people.consultant, practice=practice)
    with pytest.raises(PermissionDenied):
        services.publish_practice(actor=people.analyst, practice=practice)
    # Before publication: the neighbouring gmina and the other voivodeship do not see it.
    assert list(selectors.list_practices(user=people.consultant)) == [practice]
    assert not selectors.list_practices(user=people.neighbour).exists()
    assert not selectors.list_practices(user=people.coordinator_lublin).exists()


def test_a_rejection_says_why_and_ends_the_workflow(world, catalogue):
    practice = propose(world, catalogue)
    with pytest.raises(RulesBroken):
        services.reject_practice(actor=world.people.admin, practice=practice, note=" ")
    rejected = services.reject_practice(
        actor=world.people.admin, practice=practice, note="Brak wyników liczbowych."
    )
    assert rejected.status == GoodPractice.Status.REJECTED
    with pytest.raises(TransitionRefused):
        services.publish_practice(actor=world.people.admin, practice=rejected)


def test_evidence_must_be_the_gminas_own(world, catalogue):
    from integra.contracts.tests.factories import make_world

    class Foreign:
        pk = 999
        gmina_id = world.neighbour.pk

    with pytest.raises(RulesBroken) as refusal:
        services.propose_practice(
            actor=world.people.coordinator,
            programme=world.programme,
            gmina=world.gmina,
            values=values(),
            service_type=catalogue.care,
            groups=[catalogue.OS],
            contracts=[Foreign()],
        )
    assert "contracts" in refusal.value.by_field()
    assert make_world  # the contracts' builders are used by the journey test


@pytest.mark.parametrize(
    ("name", "size", "alt", "field"),
    [
        ("zdjecie.exe", 100, "Seniorzy", "file"),
        ("zdjecie.png", rules.PHOTO_MAX_BYTES + 1, "Seniorzy", "file"),
        ("zdjecie.png", 100, " ", "alt_text"),
    ],
)
def test_photos_are_bounded_in_type_and_size_and_need_their_text(
    world, catalogue, name, size, alt, field
):
    practice = propose(world, catalogue)
    upload = SimpleUploadedFile(name, b"x" * size, content_type="image/png")
    with pytest.raises(RulesBroken) as refusal:
        services.add_practice_photo(
            actor=world.people.coordinator, practice=practice, upload=upload, alt_text=alt
        )
    assert field in refusal.value.by_field()
    assert not PracticePhoto.objects.exists()


def test_a_published_photo_is_public_an_unpublished_one_is_not(
    world, catalogue, client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    practice = propose(world, catalogue)
    photo = services.add_practice_photo(
        actor=world.people.coordinator,
        practice=practice,
        upload=SimpleUploadedFile("seniorzy.png", PNG, content_type="image/png"),
        alt_text="Wolontariuszka czyta seniorce gazetę",
    )
    url = reverse("outreach:practice-photo", args=[photo.pk])
    assert client.get(url).status_code == 404
    services.publish_practice(actor=world.people.admin, practice=practice)
    response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_the_pages_walk_the_workflow(world, catalogue, signed_in):
    people = world.people
    coordinator = signed_in(people.coordinator)
    data = {
        "programme": world.programme.pk,
        "gmina": world.gmina.pk,
        "title": "Klub seniora",
        "service_type": catalogue.care.pk,
        "groups": [catalogue.OS.pk],
        "what_was_done": "Spotkania dwa razy w tygodniu.",
        "results": "30 uczestników, 80 spotkań.",
        "people_reached": "30",
        "contact_office": "GOPS",
        "contact_email": "gops@example.org",
        "contact_phone": "",
    }
    refused = coordinator.post(reverse("outreach:practice-create"), data | {"results": ""})
    assert refused.status_code == 200 and not GoodPractice.objects.exists()
    response = coordinator.post(reverse("outreach:practice-create"), data)
    practice = GoodPractice.objects.get()
    assert response.status_code == 302
    consultant = signed_in(people.consultant)
    edit = {k: v for k, v in data.items() if k not in {"programme", "gmina"}}
    response = consultant.post(
        reverse("outreach:practice-edit", args=[practice.pk]),
        edit | {"title": "Klub seniora „Pod lipą”", "lock_version": practice.lock_version},
    )
    assert response.status_code == 302
    assert coordinator.get(reverse("outreach:practice-edit", args=[practice.pk])).status_code == 403
    assert (
        signed_in(people.coordinator_lublin)
        .get(reverse("outreach:practice-detail", args=[practice.pk]))
        .status_code
        == 404
    )
    admin = signed_in(people.admin)
    response = admin.post(reverse("outreach:practice-publish", args=[practice.pk]), {"dc-note": ""})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == GoodPractice.Status.PUBLISHED
    listed = admin.get(reverse("outreach:practice-list"), {"q": "Pod lipą"})
    assert "Pod lipą" in listed.content.decode()
    export = admin.get(reverse("outreach:practice-export", args=["csv"]))
    assert export.status_code == 200 and "Pod lip" in export.content.decode("utf-8-sig")
    assert Decimal(practice.people_reached) == 30
    # …and the public finds it in the library, without signing in.
    public = Client().get(reverse("dashboards:public-practice-list"), {"q": "Pod lipą"})
    assert "Klub seniora „Pod lipą”" in public.content.decode()


def test_the_api_walks_the_workflow(world, catalogue, api_as):
    people = world.people
    body = {
        "programme": world.programme.code,
        "gmina": world.gmina.teryt,
        "title": "Dowóz posiłków",
        "service_type": catalogue.care.code,
        "groups": ["OS"],
        "what_was_done": "Posiłki dowożone pięć dni w tygodniu.",
        "results": "25 osób, 3000 posiłków.",
        "people_reached": 25,
        "contact_office": "GOPS",
    }
    refused = api_as(people.coordinator).post(
        "/api/v1/good-practices", body | {"groups": ["XX"]}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert (
        api_as(people.neighbour)
        .post("/api/v1/good-practices", body, content_type="application/json")
        .status_code
        == 403
    )
    created = api_as(people.coordinator).post(
        "/api/v1/good-practices", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api_as(people.coordinator_lublin).get(f"/api/v1/good-practices/{pk}").status_code == 404
    edit = {k: v for k, v in body.items() if k not in {"programme", "gmina"}}
    edited = api_as(people.consultant).put(
        f"/api/v1/good-practices/{pk}",
        edit | {"title": "Dowóz ciepłych posiłków", "lock_version": 1},
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["lock_version"] == 2
    stale = api_as(people.consultant).put(
        f"/api/v1/good-practices/{pk}", edit | {"lock_version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    published = api_as(people.admin).post(
        f"/api/v1/good-practices/{pk}/publish", {}, content_type="application/json"
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    # Published: every signed-in caller reads it.
    listed = api_as(people.coordinator_lublin).get("/api/v1/good-practices", {"search": "ciepłych"})
    assert [item["id"] for item in listed.json()["items"]] == [pk]
