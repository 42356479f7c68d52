"""The gmina's allocation card: lines, tranches, what was received, amendments and history; the
forms of whoever may amend, edit tranches or record a transfer, with their refusals (database
unchanged); the tranche export; and import-method runs from the runs page."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from integra.allocations import services
from integra.allocations.models import AllocationAmendment, AllocationResult, AllocationRun, Tranche
from integra.allocations.tests.factories import TRANSFER_ON
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db

CARD = reverse("allocations:gmina-card", args=["1001022"])
AMEND = reverse("allocations:allocation-amend", args=["1001022", "PIS"])
SCHEDULE = reverse("allocations:tranche-update", args=["1001022", "PIS"])
TRANSFER = reverse("allocations:tranche-transfer", args=["1001022", "PIS"])


def page_of(client, url=CARD) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def amount() -> Decimal:
    return AllocationResult.objects.get(run__status="published", gmina__teryt="1001022").amount_eur


def planned() -> list[Decimal]:
    return list(
        Tranche.objects.filter(gmina__teryt="1001022")
        .order_by("number")
        .values_list("amount_eur", flat=True)
    )


def test_the_card_shows_lines_tranches_and_received(personas, signed_in, published, nbp_rate):
    services.record_transfer(
        actor=SystemActor("test"),
        tranche=Tranche.objects.get(gmina__teryt="1001022", number=1),
        amount_pln=Decimal("177978.17"),
        transferred_on=TRANSFER_ON,
    )
    text = page_of(signed_in(personas.coordinator))

    assert (
        "135,200.00\xa0EUR" in text and "13,520.00\xa0EUR" in text and "148,720.00\xa0EUR" in text
    )
    assert 'id="tranches-PIS"' in text
    assert "49,573.34\xa0EUR" in text
    assert "177,978.17\xa0PLN" in text and "033/A/NBP/2008" in text and "2008-02-15" in text
    assert "3.5902" in text
    assert "The published amount has not been amended." in text
    for form in ("amend-form", "schedule-form", "transfer-form"):
        assert f'id="{form}-PIS"' not in text  # a coordinator only reads


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("admin", {"amend", "schedule", "transfer"}),
        ("analyst", set()),
        ("officer", {"schedule"}),
        ("finance", {"transfer"}),
        ("consultant", set()),
    ],
)
def test_each_role_gets_its_forms(personas, signed_in, published, name, forms):
    text = page_of(signed_in(getattr(personas, name)))
    shown = {kind for kind in ("amend", "schedule", "transfer") if f'id="{kind}-form-PIS"' in text}
    assert shown == forms


def test_an_admin_amends_from_the_card_and_it_shows_with_the_history(
    personas, signed_in, published
):
    client = signed_in(personas.admin)

    response = client.post(
        AMEND,
        {
            "PIS-amend-amount_eur": "140000",
            "PIS-amend-reason": "GUS correction",
            "PIS-amend-lock_version": "1",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{CARD}#PIS"
    assert amount() == Decimal("140000")
    text = page_of(client)
    assert 'id="amendments-PIS"' in text and "GUS correction" in text
    assert "allocations.allocation.amended" in text  # the gmina's history
    assert "140,000.00\xa0EUR" in text


def test_a_refused_amendment_is_shown_on_the_form(personas, signed_in, published):
    response = signed_in(personas.admin).post(
        AMEND,
        {
            "PIS-amend-amount_eur": "235300",
            "PIS-amend-reason": "more",
            "PIS-amend-lock_version": "1",
        },
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="form-errors"' in text and "more than the programme" in text
    assert amount() == Decimal("135200")
    assert not AllocationAmendment.objects.exists()


@pytest.mark.parametrize(
    ("reason", "language", "message"),
    [
        ("x" * 2001, "pl", "co najwyżej 2000 znaków"),
        ("x" * 2001, "en", "at most 2000 characters"),
        ("GUS\u202ecorrection", "en", "direction-changing characters"),
    ],
)
def test_an_oversized_or_hidden_reason_is_refused_at_its_field(
    personas, signed_in, published, reason, language, message
):
    client = signed_in(personas.admin)
    client.cookies["django_language"] = language
    data = {
        "PIS-amend-amount_eur": "140000",
        "PIS-amend-reason": reason,
        "PIS-amend-lock_version": "1",
    }

    response = client.post(AMEND, data, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="id_PIS-amend-reason_error"' in text and message in text
    assert amount() == Decimal("135200")
    assert not AllocationAmendment.objects.exists()


def test_a_reason_is_required(personas, signed_in, published):
    response = signed_in(personas.admin).post(AMEND, {"PIS-amend-amount_eur": "140000"})
    assert 'id="form-errors"' in response.content.decode()
    assert amount() == Decimal("135200")


@pytest.mark.parametrize(
    ("name", "url", "status"),
    [
        ("analyst", AMEND, 403),
        ("officer", AMEND, 403),
        ("coordinator", SCHEDULE, 403),
        ("consultant", TRANSFER, 403),
        ("coordinator_lublin", AMEND, 404),
    ],
)
def test_forms_refuse_who_may_not_use_them(personas, signed_in, published, name, url, status):
    response = signed_in(getattr(personas, name)).post(url, {})
    assert response.status_code == status
    assert amount() == Decimal("135200")


def test_the_form_addresses_take_no_get(personas, signed_in, published):
    assert signed_in(personas.admin).get(AMEND).status_code == 405


def test_an_unknown_programme_is_not_found(personas, signed_in, published):
    url = reverse("allocations:allocation-amend", args=["1001022", "NOPE"])
    assert signed_in(personas.admin).post(url, {}).status_code == 404


def test_the_officer_edits_tranches_on_the_card(personas, signed_in, published):
    client = signed_in(personas.officer)
    data = {
        "PIS-schedule-tranche_1": "135200",
        "PIS-schedule-tranche_2": "13520",
        "PIS-schedule-tranche_3": "0",
        "PIS-schedule-lock_version": "1",
    }

    assert client.post(SCHEDULE, data).status_code == 302
    assert planned() == [Decimal("135200"), Decimal("13520"), Decimal("0")]

    wrong = client.post(
        SCHEDULE, {**data, "PIS-schedule-tranche_3": "1", "PIS-schedule-lock_version": "2"}
    )
    assert wrong.status_code == 200 and "not to the allocation" in wrong.content.decode()
    assert planned() == [Decimal("135200"), Decimal("13520"), Decimal("0")]


def test_the_later_of_two_tabs_keeps_its_input_and_saves_only_when_sent_again(
    personas, signed_in, published
):
    client = signed_in(personas.officer)
    form = page_of(client)
    assert 'name="PIS-schedule-lock_version" value="1"' in form
    first_tab = {
        "PIS-schedule-tranche_1": "135200",
        "PIS-schedule-tranche_2": "13520",
        "PIS-schedule-tranche_3": "0",
        "PIS-schedule-lock_version": "1",
    }
    second_tab = {
        "PIS-schedule-tranche_1": "0",
        "PIS-schedule-tranche_2": "0",
        "PIS-schedule-tranche_3": "148720",
        "PIS-schedule-lock_version": "1",
    }
    assert client.post(SCHEDULE, first_tab).status_code == 302

    refused = client.post(SCHEDULE, second_tab)

    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Someone else changed this gmina" in text and 'id="form-errors"' in text
    assert 'name="PIS-schedule-tranche_3" value="148720"' in text  # the input stays
    assert 'name="PIS-schedule-lock_version" value="2"' in text
    assert planned() == [Decimal("135200"), Decimal("13520"), Decimal("0")]
    again = {**second_tab, "PIS-schedule-lock_version": "2"}
    assert client.post(SCHEDULE, again).status_code == 302
    assert planned() == [Decimal("0"), Decimal("0"), Decimal("148720")]


def test_an_amendment_from_a_stale_card_is_refused(personas, signed_in, published):
    client = signed_in(personas.admin)
    data = {
        "PIS-amend-amount_eur": "140000",
        "PIS-amend-reason": "GUS correction",
        "PIS-amend-lock_version": "1",
    }
    assert client.post(AMEND, data).status_code == 302

    refused = client.post(AMEND, {**data, "PIS-amend-amount_eur": "150000"})

    assert refused.status_code == 200
    assert "Someone else changed this gmina" in refused.content.decode()
    assert amount() == Decimal("140000")
    assert AllocationAmendment.objects.count() == 1


@pytest.mark.parametrize("value", ["1e400", "1E+30", "-1", "0.001"])
def test_a_tranche_amount_no_column_holds_is_refused_at_its_field(
    personas, signed_in, published, value
):
    data = {
        "PIS-schedule-tranche_1": value,
        "PIS-schedule-tranche_2": "13520",
        "PIS-schedule-tranche_3": "0",
        "PIS-schedule-lock_version": "1",
    }

    response = signed_in(personas.officer).post(SCHEDULE, data)

    assert response.status_code == 200
    assert 'id="id_PIS-schedule-tranche_1_error"' in response.content.decode()
    assert planned() == [Decimal("49573.33"), Decimal("49573.33"), Decimal("49573.34")]


def test_the_finance_officer_records_a_transfer_on_the_card(
    personas, signed_in, published, nbp_rate
):
    client = signed_in(personas.finance)
    data = {
        "PIS-transfer-number": "1",
        "PIS-transfer-amount_pln": "177978.17",
        "PIS-transfer-transferred_on": "2008-02-18",
    }

    assert client.post(TRANSFER, data).status_code == 302
    first = Tranche.objects.get(gmina__teryt="1001022", number=1)
    assert first.status == "transferred" and first.rate == Decimal("3.5902")

    missing = client.post(
        TRANSFER, {**data, "PIS-transfer-number": "2", "PIS-transfer-transferred_on": "2009-06-01"}
    )
    assert missing.status_code == 200
    assert "no NBP-A rate of EUR" in missing.content.decode()
    assert Tranche.objects.filter(status="transferred").count() == 1


@pytest.mark.parametrize(
    ("day", "language", "message"),
    [
        ("0001-01-01", "en", "The date must lie between 1990-01-01 and 2100-12-31."),
        ("9999-12-31", "en", "The date must lie between 1990-01-01 and 2100-12-31."),
        # The Polish wording comes with the lead's translation; the error sits at the field.
        ("0001-01-01", "pl", "1990-01-01"),
    ],
)
def test_a_transfer_dated_outside_the_window_is_refused_at_its_field(
    personas, signed_in, published, nbp_rate, day, language, message
):
    client = signed_in(personas.finance)
    client.cookies["django_language"] = language
    data = {
        "PIS-transfer-number": "1",
        "PIS-transfer-amount_pln": "177978.17",
        "PIS-transfer-transferred_on": day,
    }

    response = client.post(TRANSFER, data, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert 'id="id_PIS-transfer-transferred_on_error"' in response.content.decode()
    assert message in response.content.decode()
    assert not Tranche.objects.filter(status="transferred").exists()


def test_the_tranches_export(personas, signed_in, published):
    client = signed_in(personas.coordinator)
    response = client.get(reverse("allocations:tranche-export", args=["1001022", "PIS", "csv"]))
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Tranche", "Year", "Amount (EUR)"]
    assert [row[:3] for row in rows[1:]] == [
        ["1", "2008", "49573,33"],
        ["2", "2009", "49573,33"],
        ["3", "2010", "49573,34"],
    ]
    xlsx = client.get(reverse("allocations:tranche-export", args=["1001022", "PIS", "xlsx"]))
    assert xlsx.status_code == 200
    outsider = signed_in(personas.neighbour)
    assert (
        outsider.get(
            reverse("allocations:tranche-export", args=["1001022", "PIS", "csv"])
        ).status_code
        == 404
    )


# Import-method runs from the runs page ---------------------------------------------------------


def run_form(pis, text: str | None, **changes):
    data = {
        "programme": pis.pk,
        "method": "import",
        "indicator": "total",
        "year": 2010,
        "budget": "300000",
        "unit": "100",
        "floor": "",
        "cap": "",
        **changes,
    }
    if text is not None:
        data["amounts_file"] = SimpleUploadedFile("kwoty.csv", text.encode("utf-8"), "text/csv")
    return data


def test_an_admin_imports_amounts_from_a_file(personas, signed_in, pis):
    text = "teryt,amount\n0601022,100000\n1001022,135200\n1001033,64800\n"

    response = signed_in(personas.admin).post(reverse("allocations:run-list"), run_form(pis, text))

    assert response.status_code == 302
    run = AllocationRun.objects.get()
    assert run.method == "import"
    assert {r.gmina.teryt: r.amount_eur for r in run.results.all()}["1001022"] == 135200


@pytest.mark.parametrize(
    ("text", "changes", "expected"),
    [
        (
            "teryt,amount\n0601022,abc\n12345,1\n1001022,5\n1001022,6\n",
            {},
            ["line 2", "line 3", "line 5"],
        ),
        ("teryt,amount\n0601022,100000\n1001022,135200\n", {}, ["no amount for 1001033"]),
        (None, {}, ["needs a file of amounts"]),
        ("teryt,amount\n", {"method": "equal"}, ["goes with the import method"]),
        # Numbers no column holds, and a field past the CSV reader's limit: refused, never a 500.
        ("teryt,amount\n0601022,1e400\n1001022,1E+30\n1001033,0\n", {}, ["line 2", "line 3"]),
        (f"teryt,amount\n0601022,{'1' * 131_073}\n", {}, ["line 2", "cannot be read as CSV"]),
        (f'teryt,amount\n"{"0" * 131_073}",1\n', {}, ["line 2", "cannot be read as CSV"]),
    ],
)
def test_a_bad_amounts_file_is_refused_whole(personas, signed_in, pis, text, changes, expected):
    response = signed_in(personas.admin).post(
        reverse("allocations:run-list"), run_form(pis, text, **changes)
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="form-errors"' in page
    for fragment in expected:
        assert fragment in page
    assert not AllocationRun.objects.exists()


def test_tranche_years_are_written_without_a_thousands_separator(personas, signed_in, published):
    """Amounts are grouped (1 234,56); a year is not (2008, never "2 008")."""
    client = signed_in(personas.coordinator)
    client.cookies["django_language"] = "pl"
    text = client.get(CARD, HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    years = sorted(
        set(Tranche.objects.filter(gmina__teryt="1001022").values_list("year", flat=True))
    )
    assert years
    for year in years:
        assert f"<td>{year}</td>" in text
        grouped = f"{str(year)[0]}\xa0{str(year)[1:]}"
        assert grouped not in text and f"{str(year)[0]} {str(year)[1:]}" not in text
