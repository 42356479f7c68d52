"""The procurement pages wired to the services: a round built and published from the page, read
by an anonymous visitor with its Polish PDF, an offer sent online (with an attachment) and one
registered from paper, the committee's steps, the protocol PDF and the published results; a
provider user sees only their own offers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from integra.contracts import services
from integra.contracts.models import Offer, ProcurementRound
from integra.contracts.tests.factories import offer_input, round_input

pytestmark = pytest.mark.django_db
LETTERS = "ąęłńóśźż"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def round_form(world, **overrides):
    deadline = timezone.now() + dt.timedelta(days=14)
    data = {
        "title": "Usługi opiekuńcze i świetlica — nabór ofert",
        "services": [str(world.care.key), str(world.club.key)],
        "deadline_at": local(deadline),
        "meeting_at": local(deadline - dt.timedelta(days=7)),
        "meeting_place": "Urząd Gminy, sala narad",
        "criteria": "Cena; 60\nJakość usługi; 40; doświadczenie zespołu",
        "invitation": "Zapraszamy organizacje pozarządowe i grupy nieformalne.",
    }
    return data | overrides


def test_the_coordinator_builds_and_publishes_a_round_read_by_anyone(world, signed_in):
    client = signed_in(world.people.coordinator)
    url = reverse("contracts:round-create")
    assert client.get(url).status_code == 200
    plan = f"?plan={world.version.plan.pk}"
    page = client.get(url + plan)
    assert world.care.title in page.content.decode()
    response = client.post(url + plan, round_form(world))
    round_ = ProcurementRound.objects.get()
    assert response.url == reverse("contracts:round-detail", args=[round_.pk])
    assert [c.name for c in round_.criteria.all()] == ["Cena", "Jakość usługi"]
    client.post(reverse("contracts:round-publish", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.status == "published"

    anonymous = Client()
    public = anonymous.get(reverse("contracts:public-round-detail", args=[round_.pk]))
    assert public.status_code == 200 and "Urząd Gminy, sala narad" in public.content.decode()
    pdf = anonymous.get(reverse("contracts:public-round-pdf", args=[round_.pk]))
    text = pdf_text(pdf)
    assert "Zaproszenie nr" in text and "świetlica" in text


def test_the_round_form_shows_each_problem_at_its_field(world, signed_in):
    client = signed_in(world.people.coordinator)
    url = reverse("contracts:round-create") + f"?plan={world.version.plan.pk}"
    response = client.post(url, round_form(world, criteria="Cena; 50\nJakość; x"))
    assert response.status_code == 200
    assert response.context["form"].errors["criteria"] == ["Line 2: “x” is not a whole number."]
    response = client.post(url, round_form(world, criteria="Cena; 50"))
    assert "The weights add up to 50" in response.context["form"].errors["criteria"][0]
    assert not ProcurementRound.objects.exists()


def test_a_planned_round_is_hidden_from_the_public_and_from_providers(world, signed_in):
    round_ = services.build_round(
        actor=world.people.coordinator, plan=world.version.plan, values=round_input(world)
    )
    public = reverse("contracts:public-round-detail", args=[round_.pk])
    assert Client().get(public).status_code == 404
    provider = signed_in(world.people.provider)
    assert provider.get(reverse("contracts:round-detail", args=[round_.pk])).status_code == 404
    neighbour = signed_in(world.people.neighbour)
    assert neighbour.get(reverse("contracts:round-detail", args=[round_.pk])).status_code == 404


@pytest.fixture
def published(world):
    round_ = services.build_round(
        actor=world.people.coordinator, plan=world.version.plan, values=round_input(world)
    )
    return services.publish_round(actor=world.people.coordinator, round_=round_)


def offer_form(round_, **overrides):
    data = {
        "lot": round_.services.first().pk,
        "actions": "Pomoc sąsiedzka w domach",
        "groups": "OS; 16; osoby samotne 75+",
        "schedule": "Wizyty opiekunek; 2007-Q3, 2007-Q4",
        "expected_results": "16 osób objętych opieką",
        "cost_lines": "Wynagrodzenia; 5 200,00\nMateriały; 999,20",
        "non_duplication_declared": "on",
        "attachment_kind": "partnership",
    }
    return data | overrides


def test_the_provider_sends_an_offer_with_an_attachment(world, signed_in, published):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(world.people.provider)
    url = reverse("contracts:offer-create", args=[published.pk])
    upload = SimpleUploadedFile("porozumienie.pdf", b"%PDF-1.4", "application/pdf")
    response = client.post(url, offer_form(published, provider=world.own.pk, attachment=upload))
    offer = Offer.objects.get()
    assert response.url == reverse("contracts:offer-detail", args=[offer.pk])
    assert (offer.total_pln, offer.channel) == (Decimal("6199.20"), "online")
    attachment = offer.attachments.get()
    download = client.get(reverse("contracts:offer-attachment", args=[offer.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4"


def test_the_offer_form_refuses_a_line_it_cannot_read(world, signed_in, published):
    client = signed_in(world.people.provider)
    url = reverse("contracts:offer-create", args=[published.pk])
    response = client.post(url, offer_form(published, provider=world.own.pk, groups="XX; 3"))
    assert "“XX” is not a target group code" in response.context["form"].errors["groups"][0]
    assert not Offer.objects.exists()


def test_a_provider_user_gets_404_for_another_providers_offer_in_the_same_round(
    world, signed_in, published
):
    other = services.register_paper_offer(
        actor=world.people.coordinator,
        round_=published,
        lot=published.services.first(),
        provider=world.other,
        values=offer_input(world),
        received_at=timezone.now(),
    )
    client = signed_in(world.people.provider)
    assert client.get(reverse("contracts:offer-detail", args=[other.pk])).status_code == 404
    page = client.get(reverse("contracts:round-detail", args=[published.pk]))
    assert world.other.name not in page.content.decode()
    coordinator = signed_in(world.people.coordinator)
    assert coordinator.get(reverse("contracts:offer-detail", args=[other.pk])).status_code == 200


def test_the_coordinator_registers_a_paper_offer_by_nip(world, signed_in, published):
    client = signed_in(world.people.coordinator)
    url = reverse("contracts:offer-paper", args=[published.pk])
    data = offer_form(published, identifier=world.other.nip, received_at=local(timezone.now()))
    response = client.post(url, data)
    offer = Offer.objects.get()
    assert response.status_code == 302 and (offer.provider, offer.channel) == (world.other, "paper")
    response = client.post(url, data | {"identifier": "0000000000"})
    assert response.context["form"].errors["identifier"]


def test_the_committee_steps_end_in_a_protocol_and_public_results(world, signed_in, published):
    coordinator = signed_in(world.people.coordinator)
    offer = services.submit_offer(
        actor=world.people.provider,
        round_=published,
        lot=published.services.first(),
        provider=world.own,
        values=offer_input(world),
    )
    ProcurementRound.objects.filter(pk=published.pk).update(
        deadline_at=timezone.now() - dt.timedelta(minutes=1),
        meeting_at=timezone.now() - dt.timedelta(days=1),
    )
    pk = published.pk
    coordinator.post(reverse("contracts:round-close", args=[pk]))
    coordinator.post(
        reverse("contracts:round-committee", args=[pk]),
        {"members": "Zofia Łęcka; przewodnicząca\nJan Świerczyński"},
    )
    for member in ProcurementRound.objects.get(pk=pk).committee.all():
        coordinator.post(
            reverse("contracts:member-declaration", args=[pk, member.pk]),
            {"declared_on": "2007-05-16"},
        )
    coordinator.post(reverse("contracts:offer-check", args=[offer.pk]), {"valid": "1"})
    round_ = ProcurementRound.objects.get(pk=pk)
    for member in round_.committee.all():
        points = {f"criterion_{c.pk}": 9 for c in round_.criteria.all()}
        coordinator.post(
            reverse("contracts:offer-score", args=[offer.pk]), {"member": member.pk, **points}
        )
    coordinator.post(reverse("contracts:round-evaluate", args=[pk]))
    offer.refresh_from_db()
    assert (offer.status, offer.score) == ("selected", Decimal("90.00"))
    text = pdf_text(coordinator.get(reverse("contracts:round-protocol", args=[pk])))
    assert "Zofia Łęcka" in text and "Protokół" in text
    coordinator.post(reverse("contracts:round-results", args=[pk]))
    public = Client().get(reverse("contracts:public-round-detail", args=[pk]))
    assert world.own.name in public.content.decode()
    provider = signed_in(world.people.provider)
    assert provider.get(reverse("contracts:round-protocol", args=[pk])).status_code == 404


def test_a_refused_step_says_why(world, signed_in, published):
    client = signed_in(world.people.coordinator)
    response = client.post(reverse("contracts:round-close", args=[published.pk]), follow=True)
    assert "Offers may arrive until the deadline" in response.content.decode()
    viewer = signed_in(world.people.viewer)
    assert viewer.post(reverse("contracts:round-close", args=[published.pk])).status_code == 403
    published.refresh_from_db()
    assert published.status == "published"


def test_the_round_list_shows_the_visible_rounds(world, signed_in, published):
    page = signed_in(world.people.officer).get(reverse("contracts:round-list"))
    assert published.title in page.content.decode()
    assert signed_in(world.people.expert).get(reverse("contracts:round-list")).status_code == 403
