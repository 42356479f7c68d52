"""Allocation runs: creating one per method, every refusal (database unchanged), publishing and
superseding, the locks held by the database, comparison and who sees runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from integra.allocations import selectors, services
from integra.allocations.models import AllocationResult, AllocationRun
from integra.allocations.rules import AllocationImpossible
from integra.audit.models import AuditEvent
from integra.programmes.models import Participation, Programme
from integra.territories.models import PopulationRecord

pytestmark = pytest.mark.django_db

TAKING_PART = ["0601022", "1001022", "1001033"]
BUDGET = Decimal("100000")


@pytest.fixture
def admin(personas):
    return personas.admin


@pytest.fixture
def programme(small_tree):
    """PIS with three gminas taking part and one that withdrew (0602022)."""
    pis = Programme.objects.create(
        code="PIS",
        name="Program Integracji Społecznej",
        starts_on=dt.date(2006, 1, 1),
        ends_on=dt.date(2010, 12, 31),
        budget_eur=BUDGET,
    )
    for teryt in TAKING_PART:
        Participation.objects.create(programme=pis, gmina=small_tree[teryt])
    Participation.objects.create(
        programme=pis, gmina=small_tree["0602022"], status=Participation.Status.WITHDRAWN
    )
    return pis


def population(teryt: str, year: int = 2010) -> PopulationRecord:
    return PopulationRecord.objects.get(territory__teryt=teryt, year=year)


def amounts_of(run: AllocationRun) -> dict[str, Decimal]:
    return {r.gmina.teryt: r.amount_eur for r in run.results.select_related("gmina")}


def assert_nothing_written() -> None:
    assert not AllocationRun.objects.exists()
    assert not AllocationResult.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="allocations.").exists()


def test_a_population_run_splits_the_budget_over_the_gminas_taking_part(admin, programme):
    run = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="population", budget=BUDGET),
    )

    amounts = amounts_of(run)
    assert sorted(amounts) == TAKING_PART  # the withdrawn gmina gets nothing
    assert sum(amounts.values()) == BUDGET
    assert all(amount % 100 == 0 for amount in amounts.values())
    assert run.status == AllocationRun.Status.DRAFT
    assert run.created_by == admin and run.created_by_label == "admin"
    assert run.inputs == {teryt: str(population(teryt).total) for teryt in TAKING_PART}
    event = AuditEvent.objects.get(action="allocations.allocation_run.created")
    assert event.target_id == str(run.pk)
    assert event.changes["gminas"] == 3


def test_the_indicator_chooses_the_population_group(admin, programme):
    run = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="population", indicator="age_0_17", budget=BUDGET),
    )

    values = {r.gmina.teryt: r.indicator_value for r in run.results.select_related("gmina")}
    assert values == {teryt: population(teryt).age_0_17 for teryt in TAKING_PART}


# The weighted sum ---------------------------------------------------------------------------------

# The gminas' 2010 population in the small tree (total, 0–17, post-working) and, by hand, with the
# weights 1, 0.5, 0.5: 0601022 39693 + 6747/2 + 8732/2 = 47432.5; 1001022 21145 + 3806/2 + 3383/2
# = 24739.5; 1001033 33947 + 6449/2 + 7128/2 = 40735.5 (sum 112907.5). Of 1000 units of 100 EUR
# the quotas are 420.10, 219.11 and 360.79: 420 + 219 + 360 = 999, the last unit goes to the
# largest remainder (1001033).
WEIGHTS = {"total": Decimal(1), "age_0_17": Decimal("0.5"), "post_working": Decimal("0.5")}
WEIGHTED_VALUES = {
    "0601022": Decimal("47432.5"),
    "1001022": Decimal("24739.5"),
    "1001033": Decimal("40735.5"),
}
WEIGHTED_AMOUNTS = {"0601022": Decimal(42000), "1001022": Decimal(21900), "1001033": Decimal(36100)}


def weighted(weights, **changes) -> services.RunParameters:
    return services.RunParameters(
        method="population", indicator="weighted", budget=BUDGET, weights=weights, **changes
    )


def test_a_weighted_run_splits_by_the_weighted_sum_of_the_groups(admin, programme):
    assert {
        teryt: population(teryt).total
        + (population(teryt).age_0_17 + population(teryt).post_working_age) / Decimal(2)
        for teryt in TAKING_PART
    } == WEIGHTED_VALUES

    run = services.create_run(actor=admin, programme=programme, params=weighted(WEIGHTS))

    assert amounts_of(run) == WEIGHTED_AMOUNTS
    values = {r.gmina.teryt: r.indicator_value for r in run.results.select_related("gmina")}
    assert values == WEIGHTED_VALUES
    assert run.inputs == {teryt: str(value) for teryt, value in WEIGHTED_VALUES.items()}
    assert run.indicator == AllocationRun.Indicator.WEIGHTED
    assert run.indicator_weights == {"total": "1", "age_0_17": "0.5", "post_working": "0.5"}
    event = AuditEvent.objects.get(action="allocations.allocation_run.created")
    assert event.changes["indicator"] == "weighted"
    assert event.changes["indicator_weights"] == run.indicator_weights


def test_weights_are_stored_in_one_spelling_and_a_missing_group_weighs_nothing(admin, programme):
    run = services.create_run(
        actor=admin,
        programme=programme,
        params=weighted({"age_0_17": "2.50", "post_working": Decimal("0.00")}),
    )

    assert run.indicator_weights == {"total": "0", "age_0_17": "2.5", "post_working": "0"}
    values = {r.gmina.teryt: r.indicator_value for r in run.results.select_related("gmina")}
    assert values == {teryt: population(teryt).age_0_17 * Decimal("2.5") for teryt in TAKING_PART}


def test_a_weight_of_the_total_alone_gives_the_amounts_of_the_total(admin, programme):
    by_total = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="population", indicator="total", budget=BUDGET),
    )
    by_weighted = services.create_run(
        actor=admin, programme=programme, params=weighted({"total": Decimal(1)})
    )
    again = services.create_run(
        actor=admin, programme=programme, params=weighted({"total": Decimal(1)})
    )

    assert amounts_of(by_weighted) == amounts_of(by_total) == amounts_of(again)
    assert by_weighted.inputs == by_total.inputs


def test_only_the_proportions_of_the_weights_matter(admin, programme):
    doubled = {code: weight * 2 for code, weight in WEIGHTS.items()}

    run = services.create_run(actor=admin, programme=programme, params=weighted(doubled))

    assert amounts_of(run) == WEIGHTED_AMOUNTS


def test_indicator_values_of_the_weighted_sum(programme, small_tree):
    gminas = [small_tree[teryt] for teryt in TAKING_PART]

    values = services.indicator_values(gminas, indicator="weighted", year=2010, weights=WEIGHTS)

    assert values == WEIGHTED_VALUES
    with pytest.raises(services.AllocationWeightsInvalid):
        services.indicator_values(gminas, indicator="weighted", year=2010)


@pytest.mark.parametrize(
    ("indicator", "weights", "expected"),
    [
        ("weighted", None, {"weights": ["the weighted sum needs weights"]}),
        ("weighted", {}, {"weights": ["the weighted sum needs weights"]}),
        (
            "weighted",
            {"total": 0, "age_0_17": Decimal("0.00")},
            {"weights": ["at least one weight must be above zero"]},
        ),
        (
            "weighted",
            {"total": "1", "age_0_18": "1", "adults": "2"},
            {
                "weights": [
                    "unknown indicator(s): adults, age_0_18; the weights are for age_0_17, "
                    "post_working, total"
                ]
            },
        ),
        (
            "weighted",
            {"total": "-1", "age_0_17": "0.125", "post_working": "1000.01"},
            {
                f"weights.{code}": [
                    "the weight must be a number from 0 to 1000 with at most two decimals"
                ]
                for code in ("total", "age_0_17", "post_working")
            },
        ),
        (
            "weighted",
            {"total": "many", "age_0_17": "NaN", "post_working": "Infinity"},
            {
                f"weights.{code}": [
                    "the weight must be a number from 0 to 1000 with at most two decimals"
                ]
                for code in ("total", "age_0_17", "post_working")
            },
        ),
        ("total", WEIGHTS, {"weights": ["weights are given for another indicator"]}),
        ("age_0_17", {"total": 1}, {"weights": ["weights are given for another indicator"]}),
    ],
)
def test_refuses_weights_that_do_not_fit_listing_every_problem(
    admin, programme, indicator, weights, expected
):
    with pytest.raises(services.AllocationWeightsInvalid) as refusal:
        services.create_run(
            actor=admin,
            programme=programme,
            params=services.RunParameters(
                method="population", indicator=indicator, budget=BUDGET, weights=weights
            ),
        )

    assert refusal.value.by_field() == expected
    assert refusal.value.code == "allocation_weights_invalid"
    assert "nothing was saved" in refusal.value.message
    assert_nothing_written()


def test_weights_are_refused_with_another_method_too(admin, programme):
    with pytest.raises(services.AllocationWeightsInvalid):
        services.create_run(
            actor=admin,
            programme=programme,
            params=services.RunParameters(method="equal", budget=BUDGET, weights=WEIGHTS),
        )

    assert_nothing_written()


def test_a_weighted_run_needs_the_population_of_the_year(admin, programme):
    with pytest.raises(services.AllocationInputMissing, match="0601022, 1001022, 1001033"):
        services.create_run(actor=admin, programme=programme, params=weighted(WEIGHTS, year=2009))

    assert_nothing_written()


def test_a_ministry_analyst_may_not_create_a_weighted_run(personas, small_tree, programme):
    analyst = personas.analyst

    with pytest.raises(PermissionDenied):
        services.create_run(actor=analyst, programme=programme, params=weighted(WEIGHTS))

    assert_nothing_written()


def test_other_runs_store_no_weights(admin, programme):
    run = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="population", budget=BUDGET),
    )

    assert run.indicator_weights == {}
    event = AuditEvent.objects.get(action="allocations.allocation_run.created")
    assert event.changes["indicator_weights"] == {}


def test_the_equal_method_gives_equal_shares_up_to_the_unit(admin, programme):
    run = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="equal", budget=Decimal("30000")),
    )

    assert set(amounts_of(run).values()) == {Decimal("10000")}


def test_imported_amounts_are_stored_as_they_are(admin, programme):
    amounts = {"0601022": Decimal("50000"), "1001022": Decimal("30000"), "1001033": Decimal(20000)}

    run = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="import", budget=BUDGET),
        amounts=amounts,
    )

    assert amounts_of(run) == amounts
    assert run.inputs == {teryt: str(amount) for teryt, amount in amounts.items()}


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ({"0601022": 50000, "1001022": 50000}, "no amount for 1001033"),
        (
            {"0601022": 50000, "1001022": 30000, "1001033": 10000, "0602022": 10000},
            "not taking part: 0602022",
        ),
        ({"0601022": 50050, "1001022": 29950, "1001033": 20000}, "100: 0601022, 1001022"),
        ({"0601022": 50000, "1001022": 30000, "1001033": 10000}, "sum to 90000"),
    ],
)
def test_refuses_imported_amounts_that_do_not_fit(admin, programme, amounts, expected):
    amounts = {teryt: Decimal(amount) for teryt, amount in amounts.items()}

    with pytest.raises(services.AllocationImportInvalid) as refusal:
        services.create_run(
            actor=admin,
            programme=programme,
            params=services.RunParameters(method="import", budget=BUDGET),
            amounts=amounts,
        )

    assert any(expected in problem for problem in refusal.value.by_field()["amounts"])

    assert_nothing_written()


def test_refuses_a_year_without_population_naming_the_gminas(admin, programme):
    with pytest.raises(services.AllocationInputMissing) as refusal:
        services.create_run(
            actor=admin,
            programme=programme,
            params=services.RunParameters(method="population", year=2009, budget=BUDGET),
        )

    assert "0601022, 1001022, 1001033" in refusal.value.message
    assert_nothing_written()


def test_engine_refusals_propagate_as_they_are(admin, programme):
    with pytest.raises(AllocationImpossible, match="floor"):
        services.create_run(
            actor=admin,
            programme=programme,
            params=services.RunParameters(
                method="population", budget=BUDGET, floor=Decimal("50000")
            ),
        )

    assert_nothing_written()


def test_a_ministry_analyst_may_not_create_a_run(personas, small_tree, programme):
    analyst = personas.analyst

    with pytest.raises(PermissionDenied):
        services.create_run(
            actor=analyst,
            programme=programme,
            params=services.RunParameters(method="equal", budget=BUDGET),
        )

    assert_nothing_written()


def test_publishing_locks_the_run_and_supersedes_the_previous_one(admin, programme):
    first = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="equal", budget=BUDGET),
    )
    second = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="population", budget=BUDGET),
    )

    services.publish_run(actor=admin, run=first)
    published = services.publish_run(actor=admin, run=second)

    first.refresh_from_db()
    assert first.status == AllocationRun.Status.SUPERSEDED
    assert published.status == AllocationRun.Status.PUBLISHED and published.published_at
    events = AuditEvent.objects.filter(action="allocations.allocation_run.published")
    assert [e.target_id for e in events.order_by("id")] == [str(first.pk), str(second.pk)]
    assert events.order_by("id").last().changes["superseded"] == [first.pk]


def test_refuses_to_publish_a_run_twice(admin, programme):
    run = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="equal", budget=BUDGET),
    )
    services.publish_run(actor=admin, run=run)
    events = AuditEvent.objects.count()

    with pytest.raises(services.AllocationRunLocked):
        services.publish_run(actor=admin, run=run)

    assert AuditEvent.objects.count() == events


def test_an_analyst_may_not_publish(personas, small_tree, admin, programme):
    run = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="equal", budget=BUDGET),
    )
    analyst = personas.analyst

    with pytest.raises(PermissionDenied):
        services.publish_run(actor=analyst, run=run)

    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DRAFT


def test_the_database_holds_one_published_run_per_programme(admin, programme):
    runs = [
        services.create_run(
            actor=admin,
            programme=programme,
            params=services.RunParameters(method="equal", budget=BUDGET),
        )
        for _ in range(2)
    ]
    services.publish_run(actor=admin, run=runs[0])

    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationRun.objects.filter(pk=runs[1].pk).update(
            status=AllocationRun.Status.PUBLISHED, published_at=runs[0].published_at
        )


def test_the_database_refuses_a_negative_amount(admin, programme):
    run = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="equal", budget=BUDGET),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        run.results.update(amount_eur=Decimal("-1"))


def test_comparison_per_gmina_and_per_voivodeship(admin, programme):
    equal = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="equal", budget=Decimal("30000")),
    )
    imported = services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="import", budget=Decimal("30000")),
        amounts={"0601022": Decimal(0), "1001022": Decimal(20000), "1001033": Decimal(10000)},
    )

    comparison = selectors.compare_runs(equal, imported)

    differences = {g.teryt: g.difference for g in comparison.gminas}
    assert differences == {"0601022": -10000, "1001022": 10000, "1001033": 0}
    lodzkie = comparison.voivodeships[1]
    assert (lodzkie.teryt, lodzkie.amount_a, lodzkie.amount_b) == ("10", 20000, 30000)
    people = population("1001022").total + population("1001033").total
    assert lodzkie.population == people
    assert lodzkie.per_inhabitant_b == (Decimal(30000) / people).quantize(Decimal("0.01"))


def test_only_the_ministry_sees_runs(personas, small_tree, admin, programme):
    services.create_run(
        actor=admin,
        programme=programme,
        params=services.RunParameters(method="equal", budget=BUDGET),
    )
    analyst = personas.analyst
    consultant = personas.consultant
    coordinator = personas.coordinator

    assert selectors.list_runs(user=analyst).count() == 1
    for user in (consultant, coordinator, AnonymousUser()):
        assert not selectors.list_runs(user=user).exists()
