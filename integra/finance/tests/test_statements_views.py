"""The bank-statement pages and API: the coordinator uploads the ZBP file and sees its lines
(matched and unmatched), a bad file comes back with every bad line at the file field and
nothing written, the review matches a line by hand; rights by role and territory (own gmina,
neighbouring gmina, another voivodeship: 404), the export, the API with the same rules."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from integra.finance.models import BankStatement, StatementLine
from integra.finance.services import statements as services
from integra.finance.tests.statements_factories import DATA, GMINA_ACCOUNT, statement_world, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, small_tree):
    return statement_world(personas, small_tree)


def _file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def _imported(world):
    return services.import_statement(
        actor=world.people.coordinator, gmina=world.gmina, upload=upload("statement_zbp.sta")
    ).statement


def test_the_coordinator_uploads_and_sees_matched_and_unmatched_lines(world, signed_in):
    client = signed_in(world.people.coordinator)
    form = client.get(reverse("finance:statement-upload"))
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.content.decode()
    done = client.post(
        reverse("finance:statement-upload"),
        {"gmina": world.gmina.teryt, "format": "mt940", "file": _file("statement_zbp.sta")},
    )
    statement = BankStatement.objects.get()
    assert done.status_code == 302 and done.url == reverse("finance:statement", args=[statement.pk])
    html = client.get(done.url).content.decode()
    assert "3 lines: 1 matched, 2 unmatched" in html
    assert "matched automatically" in html and "UM/1/2007" in html
    listed = client.get(reverse("finance:statements")).content.decode()
    assert "00007/001" in listed and "2 lines to review" in listed


def test_a_bad_file_comes_back_with_every_bad_line_and_nothing_written(world, signed_in):
    response = signed_in(world.people.coordinator).post(
        reverse("finance:statement-upload"),
        {
            "gmina": world.gmina.teryt,
            "format": "csv",
            "file": _file("statement_bad.csv"),
            "account": GMINA_ACCOUNT,
        },
    )
    html = response.content.decode()
    assert response.status_code == 422 and 'aria-invalid="true"' in html
    for line in (2, 3, 4, 5):
        assert f"line {line}:" in html
    assert not BankStatement.objects.exists()


def test_a_csv_without_its_account_is_refused_at_the_account(world, signed_in):
    response = signed_in(world.people.finance).post(
        reverse("finance:statement-upload"),
        {"gmina": world.gmina.teryt, "format": "csv", "file": _file("statement.csv")},
    )
    assert response.status_code == 422
    assert 'id="id_account_error"' in response.content.decode()


def test_the_review_matches_a_line_by_hand_and_sets_one_aside(world, signed_in):
    statement = _imported(world)
    advance, rent, tranche = statement.lines.order_by("position")
    services.reopen_line(actor=world.people.finance, line=advance)
    client = signed_in(world.people.finance)
    page = client.get(reverse("finance:statement-review")).content.decode()
    assert f'id="line-{advance.pk}"' in page and f'id="line-{rent.pk}"' in page
    refused = client.post(
        reverse("finance:statement-line-match", args=[rent.pk]),
        {f"l{rent.pk}-payment": str(world.payment.pk)},
    )
    assert refused.status_code == 422
    matched = client.post(
        reverse("finance:statement-line-match", args=[advance.pk]),
        {f"l{advance.pk}-payment": str(world.payment.pk), "back": "statement"},
    )
    assert matched.status_code == 302 and matched.url.endswith(f"/wyciagi/{statement.pk}/")
    aside = client.post(reverse("finance:statement-line-set-aside", args=[tranche.pk]))
    assert aside.status_code == 302
    states = dict(statement.lines.values_list("position", "state"))
    assert states == {1: "confirmed", 2: "unmatched", 3: "not_ours"}


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("coordinator", 200),
        ("viewer", 200),
        ("finance", 200),
        ("officer", 200),
        ("admin", 200),
        ("neighbour", 404),
        ("coordinator_lublin", 404),
        ("officer_lublin", 404),
    ],
)
def test_who_opens_a_statement(world, signed_in, person, status):
    statement = _imported(world)
    client = signed_in(getattr(world.people, person))
    assert client.get(reverse("finance:statement", args=[statement.pk])).status_code == status


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("viewer", 403),
        ("officer", 403),
        ("neighbour", 404),
        ("coordinator_lublin", 404),
        ("provider", 404),
    ],
)
def test_who_may_not_review(world, signed_in, person, status):
    line = _imported(world).lines.get(position=2)
    response = signed_in(getattr(world.people, person)).post(
        reverse("finance:statement-line-set-aside", args=[line.pk])
    )
    assert response.status_code == status
    assert StatementLine.objects.get(pk=line.pk).state == "unmatched"


@pytest.mark.parametrize(("person", "status"), [("viewer", 403), ("provider", 403)])
def test_who_may_not_upload(world, signed_in, person, status):
    client = signed_in(getattr(world.people, person))
    assert client.get(reverse("finance:statement-upload")).status_code == status


def test_an_upload_for_a_gmina_outside_the_scope_is_refused(world, signed_in):
    response = signed_in(world.people.neighbour).post(
        reverse("finance:statement-upload"),
        {"gmina": world.gmina.teryt, "format": "mt940", "file": _file("statement_zbp.sta")},
    )
    assert response.status_code == 422 and not BankStatement.objects.exists()


def test_the_list_and_export_show_only_the_scope(world, signed_in):
    _imported(world)
    own = signed_in(world.people.coordinator)
    export = own.get(reverse("finance:statement-export", args=["csv"]))
    assert export.status_code == 200 and "UM/1/2007" in export.content.decode("utf-8-sig")
    assert own.get(reverse("finance:statement-export", args=["xlsx"])).status_code == 200
    other = signed_in(world.people.coordinator_lublin)
    assert "00007/001" not in other.get(reverse("finance:statements")).content.decode()
    empty = other.get(reverse("finance:statement-export", args=["csv"]))
    assert "UM/1/2007" not in empty.content.decode("utf-8-sig")


def test_the_api_imports_lists_and_reviews_with_the_same_rules(world, signed_in):
    client = signed_in(world.people.coordinator)
    body = {
        "gmina": world.gmina.teryt,
        "format": "mt940",
        "file_name": "lipiec.sta",
        "content": (DATA / "statement_zbp.sta").read_text(),
    }
    created = client.post("/api/v1/bank-statements", json.dumps(body), "application/json")
    assert created.status_code == 201, created.content
    assert (created.json()["added"], created.json()["matched"]) == (3, 1)
    again = client.post("/api/v1/bank-statements", json.dumps(body), "application/json")
    assert again.status_code == 200 and again.json()["created"] is False
    bad = dict(body, content="data;kwota;rachunek;kontrahent;tytuł\n1.1.2007;x;;;\n", format="csv")
    refused = client.post("/api/v1/bank-statements", json.dumps(bad), "application/json")
    assert refused.status_code == 422
    assert [2, "amount"] in [error["loc"][1:] for error in refused.json()["errors"]]
    pk = created.json()["statement"]["id"]
    lines = client.get(f"/api/v1/bank-statements/{pk}/lines?state=unmatched").json()["items"]
    assert [line["position"] for line in lines] == [2, 3]
    aside = client.post(f"/api/v1/statement-lines/{lines[1]['id']}/set-aside")
    assert aside.status_code == 200 and aside.json()["state"] == "not_ours"
    wrong = client.post(
        f"/api/v1/statement-lines/{lines[0]['id']}/match",
        json.dumps({"payment": world.payment.pk}),
        "application/json",
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["loc"][-1] == "payment"
    neighbour = signed_in(world.people.neighbour)
    assert neighbour.get(f"/api/v1/bank-statements/{pk}").status_code == 404
    assert neighbour.post(f"/api/v1/statement-lines/{lines[0]['id']}/reopen").status_code == 404
    outside = neighbour.post("/api/v1/bank-statements", json.dumps(body), "application/json")
    assert outside.status_code == 404


def test_htmx_swaps_the_decided_row_in_place(world, signed_in):
    statement = _imported(world)
    rent = statement.lines.get(position=2)
    client = signed_in(world.people.finance)
    headers = {"HX-Request": "true"}
    refused = client.post(
        reverse("finance:statement-line-match", args=[rent.pk]),
        {f"l{rent.pk}-payment": str(world.payment.pk), "back": "review"},
        headers=headers,
    )
    html = refused.content.decode()
    assert refused.status_code == 200 and html.lstrip().startswith(f'<tr id="line-{rent.pk}"')
    assert 'aria-invalid="true"' in html and "autofocus" in html and "<html" not in html
    aside = client.post(
        reverse("finance:statement-line-set-aside", args=[rent.pk]),
        {"back": "review"},
        headers=headers,
    )
    html = aside.content.decode()
    assert aside.status_code == 200 and "not a programme payment" in html
    assert 'hx-swap-oob="true"' in html and "The line was set aside" in html
    assert StatementLine.objects.get(pk=rent.pk).state == "not_ours"


def test_the_list_reads_a_flat_number_of_queries(world, signed_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(world.people.finance)
    _imported(world)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("finance:statements"))
    services.import_statement(
        actor=world.people.finance, gmina=world.gmina, upload=upload("statement.csv")
    )
    with CaptureQueriesContext(connection) as two:
        page = client.get(reverse("finance:statements"))
    assert page.content.decode().count('href="/finanse/wyciagi/') >= 2
    assert len(two.captured_queries) == len(one.captured_queries)
