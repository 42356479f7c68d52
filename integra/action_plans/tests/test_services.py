"""Action Plan services: drafting, the rules against the allocation, optimistic locking, the
review workflow (submit, opinion, return, approve), updates as new versions and consultation."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from integra.action_plans import services
from integra.action_plans.models import ActionPlan, PlannedService, PlanVersion, ReviewComment
from integra.action_plans.selectors import budget_summary, diff_versions, review_queue
from integra.action_plans.tests.factories import AS_OF, UPDATE_AS_OF, care_service, content
from integra.audit.models import AuditEvent
from integra.core.errors import RulesBroken
from integra.strategies import services as strategy_services
from integra.strategies.models import Goal

pytestmark = pytest.mark.django_db
Status = PlanVersion.Status
LETTER_ON = dt.date(2007, 4, 2)


def draft(world, year=2007, actor=None, as_of=AS_OF):
    return services.create_action_plan(
        actor=actor or world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        year=year,
        as_of=as_of,
    )


def saved(world, version, *service_inputs, **overrides):
    return services.save_plan_version(
        actor=world.people.coordinator,
        version=version,
        content=content(world, *service_inputs, **overrides),
        lock_version=version.lock_version,
    )


def submitted(world, version=None):
    version = version or saved(world, draft(world))
    return services.submit_plan_version(actor=world.people.coordinator, version=version)


def approved(world, version=None):
    version = submitted(world, version)
    return services.approve_plan_version(
        actor=world.people.officer,
        version=version,
        letter_number="ROPS/1/2007",
        letter_on=LETTER_ON,
    )


def state():
    """Everything the services write, to show a refusal changed nothing."""
    return (
        list(PlanVersion.objects.values()),
        list(PlannedService.objects.values()),
        ReviewComment.objects.count(),
        AuditEvent.objects.count(),
    )


def problems_of(refusal: RulesBroken) -> dict[str, list[str]]:
    return refusal.by_field()


# Drafting -----------------------------------------------------------------------------------------


def test_the_coordinator_drafts_a_plan_with_the_rate_of_the_day_before(world):
    version = draft(world)
    assert (version.number, version.status, version.as_of) == (1, Status.DRAFT, AS_OF)
    assert version.rate_pln_per_eur == Decimal("4.0000")
    assert version.rate_table_on == dt.date(2007, 3, 1)
    assert version.strategy == world.strategy
    event = AuditEvent.objects.get(action="action_plans.action_plan.created")
    assert event.territory_teryt == "1001022"


@pytest.mark.parametrize("person", ["neighbour", "consultant", "officer", "admin", "viewer"])
def test_only_the_gminas_coordinator_drafts_its_plan(world, person):
    with pytest.raises(PermissionDenied):
        draft(world, actor=getattr(world.people, person))
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize(
    ("year", "message"),
    [(2006, r"The year 2006 is outside the programme \(2007 – 2009\);"), (2010, "outside")],
)
def test_refuses_a_year_outside_the_programme(world, year, message):
    with pytest.raises(RulesBroken) as refusal:
        draft(world, year=year)
    assert re.search(message, problems_of(refusal.value)["year"][0])
    assert not ActionPlan.objects.exists()


def test_a_new_plan_refuses_the_year_and_the_missing_rate_in_one_round(world):
    # Issue 11: the clerk used to learn of the year, then of the rate, one attempt each.
    with pytest.raises(RulesBroken) as refusal:
        draft(world, year=2026, as_of=dt.date(2026, 12, 3))
    assert problems_of(refusal.value) == {
        "year": [
            "The year 2026 is outside the programme (2007 – 2009); choose a year of the programme."
        ],
        "as_of": ["No NBP rate for 03.12.2026 — ask the administrator to load the tables of 2026."],
    }


def test_refuses_a_second_plan_for_the_same_year(world):
    draft(world)
    with pytest.raises(services.PlanNotAllowed, match="already has an Action Plan for 2007"):
        draft(world)
    assert ActionPlan.objects.count() == 1


def test_refuses_a_gmina_not_taking_part(world, small_tree, personas):
    from integra.action_plans.services import PlanNotAllowed

    world.programme.participations.filter(gmina=world.gmina).update(status="withdrawn")
    with pytest.raises(PlanNotAllowed, match="does not take part in PIS"):
        draft(world)


def test_a_missing_rate_is_an_error(world):
    with pytest.raises(RulesBroken) as refusal:
        services.create_action_plan(
            actor=world.people.coordinator,
            programme=world.programme,
            gmina=world.gmina,
            year=2008,
            as_of=dt.date(2008, 1, 1),
        )
    # Polish dates and what to do; the tables of the day before (31.12.2007) are of 2007.
    assert problems_of(refusal.value) == {
        "as_of": ["No NBP rate for 01.01.2008 — ask the administrator to load the tables of 2007."]
    }
    assert not ActionPlan.objects.exists()


def test_a_missing_rate_reads_in_polish(world):
    with translation.override("pl"), pytest.raises(RulesBroken) as refusal:
        draft(world, year=2008, as_of=dt.date(2008, 3, 13))
    assert problems_of(refusal.value)["as_of"] == [
        "Brak kursu NBP na 13.03.2008 — poproś administratora o wczytanie tabel z 2008 r."
    ]


# Saving and the rules -----------------------------------------------------------------------------


def test_saving_stores_sections_and_services_with_eur_equivalents(world):
    version = saved(world, draft(world))
    assert version.lock_version == 2
    service = version.services.get()
    assert service.planned_cost_eur == Decimal("2000.00")
    assert list(service.groups.values_list("code", flat=True)) == ["OS"]
    assert version.contact_name == "Anna Kowalska"
    event = AuditEvent.objects.filter(action="action_plans.plan_version.saved").get()
    assert event.changes["after"]["services"] == [
        "OS-01 Sąsiedzka pomoc dla osób starszych: 8000.00 PLN"
    ]


def test_every_broken_rule_is_reported_at_once_with_its_field_and_nothing_changes(world):
    version = draft(world)
    before = state()
    bad = care_service(
        world,
        planned_beneficiaries=0,
        quarters=("2006-Q4", "2007-Q5", "0000-Q1"),
        groups=(world.catalogue.DM,),
        goal=None,
        non_duplication_declared=False,
    )
    with pytest.raises(RulesBroken) as refusal:
        saved(world, version, bad)
    assert problems_of(refusal.value) == {
        "services.0.beneficiaries": ["The planned beneficiaries must be more than 0."],
        "services.0.groups": ["The type OS-01 does not serve the group(s) DM."],
        "services.0.quarters": [
            "Quarters outside the programme period (2007-01-01 – 2009-12-31) or not like "
            "2007-Q1: 2006-Q4, 2007-Q5, 0000-Q1."
        ],
        "services.0.goal": ["Tie the service to a goal of the gmina's strategy."],
        "services.0.non_duplication": [
            "Declare that the service does not duplicate services paid from public funds."
        ],
    }
    assert refusal.value.message == "The plan breaks 5 rule(s); nothing was saved."
    assert state() == before


def test_refuses_a_goal_of_another_gminas_strategy(world):
    from integra.action_plans.tests.factories import make_strategy

    foreign = make_strategy(world.neighbour_gmina)
    with pytest.raises(RulesBroken) as refusal:
        saved(world, draft(world), care_service(world, goal=foreign.operational))
    assert "services.0.goal" in problems_of(refusal.value)


def test_a_2007_plan_refuses_a_quarter_of_2009_at_its_field(world):
    # Issue 11: a 2007 plan accepted 2009-Q1 (within the programme, outside the plan's year).
    with pytest.raises(RulesBroken) as refusal:
        saved(world, draft(world), care_service(world, quarters=("2007-Q4", "2009-Q1")))
    assert problems_of(refusal.value) == {
        "services.0.quarters": [
            "A plan for 2007 schedules its services in 2007 only; remove 2009-Q1."
        ]
    }


def adopt(strategy):
    strategy.status = "adopted"
    strategy.resolution_number = "XII/3/2006"
    strategy.resolution_on = dt.date(2006, 12, 1)
    strategy.save()


def test_with_an_adopted_strategy_the_plan_needs_it_at_the_strategy_field(world):
    # Issue 11: five "tie the service to a goal" next to filled goals, nothing at the strategy.
    adopt(world.strategy)
    version = draft(world)
    assert version.strategy == world.strategy  # proposed by default
    with pytest.raises(RulesBroken) as refusal:
        saved(world, version, care_service(world), care_service(world), strategy=None)
    assert problems_of(refusal.value) == {
        "strategy": ["Choose the gmina's strategy: the plan's services serve its goals."]
    }


def test_a_new_plan_refuses_no_strategy_when_the_gmina_adopted_one(world):
    adopt(world.strategy)
    with pytest.raises(RulesBroken) as refusal:
        services.create_action_plan(
            actor=world.people.coordinator,
            programme=world.programme,
            gmina=world.gmina,
            year=2007,
            as_of=AS_OF,
            strategy=None,
        )
    assert list(problems_of(refusal.value)) == ["strategy"]


def test_a_type_of_one_group_gives_the_service_that_group(world):
    version = saved(world, draft(world), care_service(world, groups=()))
    assert [g.code for g in version.services.get().groups.all()] == ["OS"]


def test_a_type_of_several_groups_leaves_the_choice_to_the_gmina(world):
    club = care_service(world, service_type=world.catalogue.club, groups=())
    with pytest.raises(RulesBroken) as refusal:
        saved(world, draft(world), club)
    assert problems_of(refusal.value) == {
        "services.0.groups": ["Choose at least one target group."]
    }


def test_refuses_a_retired_service_type(world):
    world.catalogue.care.retired_on = dt.date(2007, 1, 1)
    world.catalogue.care.save()
    with pytest.raises(RulesBroken) as refusal:
        saved(world, draft(world))
    assert problems_of(refusal.value) == {
        "services.0.service_type": ["The service type OS-01 is retired."]
    }


def test_the_services_line_may_reach_the_allocation_but_not_exceed_it(world):
    # 10,000 EUR at 4.0000 PLN/EUR: 40,000 PLN is the whole services line.
    version = saved(world, draft(world), care_service(world, planned_cost_pln=Decimal("40000")))
    before = state()
    with pytest.raises(RulesBroken) as refusal:
        saved(world, version, care_service(world, planned_cost_pln=Decimal("40000.04")))
    assert problems_of(refusal.value) == {
        "budget.services": [
            "Services line: 10,000.01\xa0EUR planned against an allocation of "
            "10,000.00\xa0EUR — 0.01\xa0EUR too much. Reduce the costs of the services: "
            "Sąsiedzka pomoc dla osób starszych (10,000.01\xa0EUR)."
        ]
    }
    assert state() == before


def test_the_over_allocation_reads_in_polish_and_names_the_services_to_cut(world):
    approved(
        world, saved(world, draft(world), care_service(world, planned_cost_pln=Decimal("30000")))
    )
    club = care_service(
        world,
        service_type=world.catalogue.club,
        groups=(world.catalogue.DM,),
        title="Świetlica",
        planned_cost_pln=Decimal("4000"),
        quarters=("2008-Q1",),
    )
    care = care_service(
        world, title="Opieka sąsiedzka", planned_cost_pln=Decimal("8000"), quarters=("2008-Q2",)
    )
    with translation.override("pl"), pytest.raises(RulesBroken) as refusal:
        saved(world, draft(world, year=2008), club, care)
    assert problems_of(refusal.value) == {
        "budget.services": [
            "Linia usług: zaplanowano 10\xa0500,00\xa0EUR przy alokacji "
            "10\xa0000,00\xa0EUR — o 500,00\xa0EUR za dużo. Zatwierdzone plany innych lat "
            "zajmują z tego 7\xa0500,00\xa0EUR. Zmniejsz koszty usług: Opieka sąsiedzka "
            "(2\xa0000,00\xa0EUR), Świetlica (1\xa0000,00\xa0EUR)."
        ]
    }


def test_the_training_line_is_checked_separately(world):
    training = care_service(
        world,
        service_type=world.catalogue.training,
        groups=(world.catalogue.SP,),
        title="Szkolenie koordynatorów",
        planned_cost_pln=Decimal("4000.04"),  # 1,000.01 EUR > 10 % of 10,000 EUR
    )
    with pytest.raises(RulesBroken) as refusal:
        saved(world, draft(world), care_service(world), training)
    assert list(problems_of(refusal.value)) == ["budget.training"]


def test_other_years_approved_plans_count_against_the_allocation(world):
    approved(
        world, saved(world, draft(world), care_service(world, planned_cost_pln=Decimal("30000")))
    )
    in_2008 = {"quarters": ("2008-Q1",)}
    next_year = saved(
        world,
        draft(world, year=2008),
        care_service(world, planned_cost_pln=Decimal("10000"), **in_2008),
    )
    with pytest.raises(RulesBroken, match="1 rule"):
        saved(
            world,
            next_year,
            care_service(world, planned_cost_pln=Decimal("10000.04"), **in_2008),
        )


def test_the_budget_summary_shows_years_groups_and_what_is_left(world):
    approved(
        world, saved(world, draft(world), care_service(world, planned_cost_pln=Decimal("20000")))
    )
    club = care_service(
        world,
        service_type=world.catalogue.club,
        groups=(world.catalogue.DM, world.catalogue.RD),
        title="Świetlica",
        planned_cost_pln=Decimal("4000"),
        quarters=("2008-Q1",),
    )
    version = saved(world, draft(world, year=2008), club)
    summary = budget_summary(version)
    assert [(row.label, row.services_eur) for row in summary.years] == [
        ("2007", Decimal("5000.00")),
        ("2008", Decimal("1000.00")),
    ]
    assert [(row.label[:2], row.services_eur) for row in summary.groups] == [
        ("DM", Decimal("500.00")),
        ("RD", Decimal("500.00")),
    ]
    assert summary.left_services == Decimal("4000.00")
    assert summary.left_training == Decimal("1000.00")


# No lost edits ------------------------------------------------------------------------------------


def test_the_second_of_two_concurrent_edits_is_refused(world):
    version = draft(world)
    loaded_by_both = version.lock_version
    saved(world, version)
    before = state()
    with pytest.raises(services.PlanEditConflict, match="Someone else saved this plan"):
        services.save_plan_version(
            actor=world.people.coordinator,
            version=version,
            content=content(world, care_service(world, title="Inny tytuł")),
            lock_version=loaded_by_both,
        )
    assert state() == before


# Review workflow ----------------------------------------------------------------------------------


def test_submission_requires_a_complete_plan(world):
    version = draft(world)
    before = state()
    with pytest.raises(RulesBroken) as refusal:
        services.submit_plan_version(actor=world.people.coordinator, version=version)
    assert set(problems_of(refusal.value)) == {"services", "contact_name"}
    assert state() == before


def test_the_full_review_cycle(world):
    version = submitted(world)
    assert version.status == Status.SUBMITTED and version.submitted_at
    services.give_opinion(
        actor=world.people.consultant,
        version=version,
        recommendation="return",
        text="Brak opisu miejscowości.",
        section="services",
    )
    version = services.return_plan_version(
        actor=world.people.officer,
        version=version,
        comments=[("services", "Podać miejscowości."), ("budget", "")],
    )
    assert version.status == Status.RETURNED
    assert list(version.comments.values_list("kind", "section")) == [
        ("opinion", "services"),
        ("return", "services"),
    ]
    version = saved(world, version, care_service(world, villages="Wola, Dąbrowa"))
    version = services.submit_plan_version(actor=world.people.coordinator, version=version)
    version = services.approve_plan_version(
        actor=world.people.officer,
        version=version,
        letter_number="ROPS/7/2007",
        letter_on=LETTER_ON,
    )
    assert (version.status, version.approval_letter_number, version.approved_by) == (
        Status.APPROVED,
        "ROPS/7/2007",
        world.people.officer,
    )
    actions = list(
        AuditEvent.objects.filter(action__startswith="action_plans.plan_version.").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "action_plans.plan_version.saved",
        "action_plans.plan_version.submitted",
        "action_plans.plan_version.opinion_given",
        "action_plans.plan_version.returned",
        "action_plans.plan_version.saved",
        "action_plans.plan_version.submitted",
        "action_plans.plan_version.approved",
    ]


@pytest.mark.parametrize(
    ("person", "act"),
    [
        ("officer", "opine"),
        ("coordinator", "opine"),
        ("consultant", "approve"),
        ("coordinator", "approve"),
        ("officer_lublin", "approve"),
        ("admin", "approve"),
        ("consultant", "return"),
        ("officer_lublin", "return"),
    ],
)
def test_only_the_regions_consultant_opines_and_its_officer_decides(world, person, act):
    version = submitted(world)
    before = state()
    actor = getattr(world.people, person)
    with pytest.raises(PermissionDenied):
        if act == "opine":
            services.give_opinion(actor=actor, version=version, recommendation="approve", text="OK")
        elif act == "approve":
            services.approve_plan_version(
                actor=actor, version=version, letter_number="1", letter_on=LETTER_ON
            )
        else:
            services.return_plan_version(actor=actor, version=version, comments=[("general", "x")])
    assert state() == before


def test_a_return_needs_a_comment_and_an_approval_its_letter(world):
    version = submitted(world)
    before = state()
    with pytest.raises(RulesBroken, match="return is incomplete"):
        services.return_plan_version(actor=world.people.officer, version=version, comments=[])
    with pytest.raises(RulesBroken) as refusal:
        services.approve_plan_version(
            actor=world.people.officer, version=version, letter_number=" ", letter_on=None
        )
    assert set(problems_of(refusal.value)) == {"letter_number", "letter_on"}
    with pytest.raises(RulesBroken, match="opinion is incomplete"):
        services.give_opinion(
            actor=world.people.consultant, version=version, recommendation="maybe", text=""
        )
    assert state() == before


def test_states_are_enforced(world):
    version = draft(world)
    with pytest.raises(services.PlanStateInvalid, match="cannot be approved now"):
        services.approve_plan_version(
            actor=world.people.officer, version=version, letter_number="1", letter_on=LETTER_ON
        )
    version = submitted(world, saved(world, version))
    with pytest.raises(services.PlanStateInvalid, match="cannot be edited now"):
        saved(world, version)
    with pytest.raises(services.PlanStateInvalid, match="cannot be submitted now"):
        services.submit_plan_version(actor=world.people.coordinator, version=version)


# Updates ------------------------------------------------------------------------------------------


def test_an_update_is_a_new_version_and_its_approval_supersedes_the_old(world):
    first = approved(world)
    update = services.start_plan_update(
        actor=world.people.coordinator, plan=first.plan, as_of=UPDATE_AS_OF
    )
    with pytest.raises(services.PlanStateInvalid, match="already open"):
        services.start_plan_update(
            actor=world.people.coordinator, plan=first.plan, as_of=UPDATE_AS_OF
        )
    assert (update.status, update.as_of, update.rate_pln_per_eur) == (
        Status.DRAFT,
        UPDATE_AS_OF,
        Decimal("3.8000"),
    )
    old_service = first.services.get()
    kept = content(
        world,
        care_service(world, key=old_service.key, planned_cost_pln=Decimal("9500")),
        as_of=UPDATE_AS_OF,
    )
    added = care_service(world, title="Transport do lekarza", planned_cost_pln=Decimal("1900"))
    update = services.save_plan_version(
        actor=world.people.coordinator,
        version=update,
        content=replace(kept, services=(*kept.services, added)),
        lock_version=update.lock_version,
    )
    diff = diff_versions(first, update)
    assert [change.title for change in diff.added] == ["Transport do lekarza"]
    assert [(c.fields, c.difference_pln) for c in diff.changed] == [
        ([("planned_cost_pln", Decimal("8000.00"), Decimal("9500.00"))], Decimal("1500.00"))
    ]
    assert (diff.total_a_eur, diff.total_b_eur) == (Decimal("2000.00"), Decimal("3000.00"))
    assert ("as_of", AS_OF, UPDATE_AS_OF) in diff.sections
    approved(world, update)
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED


def test_an_update_needs_an_approved_plan(world):
    version = draft(world)
    with pytest.raises(services.PlanStateInvalid, match="Only an approved plan can be updated"):
        services.start_plan_update(actor=world.people.coordinator, plan=version.plan, as_of=AS_OF)


# Queues and consultation --------------------------------------------------------------------------


def test_the_review_queue_lists_my_regions_plans_oldest_first_with_overdue(world, settings):
    from django.utils import timezone

    version = submitted(world)
    PlanVersion.objects.filter(pk=version.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=20)
    )
    settings.INTEGRA_REVIEW_DAYS = 14
    [item] = review_queue(user=world.people.consultant)
    assert (item.version.pk, item.days_waiting, item.is_overdue, item.has_opinion) == (
        version.pk,
        20,
        True,
        False,
    )
    assert review_queue(user=world.people.officer_lublin) == []


def test_a_draft_put_to_public_consultation_collects_comments(world):
    version = services.set_public_consultation(
        actor=world.people.coordinator, version=draft(world), is_open=True
    )
    comment = services.add_public_comment(
        public_key=version.public_key, author_name="Mieszkaniec", text="Proszę o transport."
    )
    assert comment.version == version
    with pytest.raises(RulesBroken):
        services.add_public_comment(public_key=version.public_key, author_name="", text=" ")
    key = version.public_key
    services.set_public_consultation(actor=world.people.coordinator, version=version, is_open=False)
    with pytest.raises(services.ConsultationClosed):
        services.add_public_comment(public_key=key, author_name="", text="Za późno")


def test_training_needs_no_target_group(world):
    training = care_service(
        world,
        service_type=world.catalogue.training,
        groups=(),
        title="Szkolenie koordynatorów",
        planned_cost_pln=Decimal("400"),
    )
    version = saved(world, draft(world), care_service(world), training)
    assert version.services.count() == 2


def test_a_goal_a_planned_service_points_to_cannot_be_removed(world):
    """The plan's link protects the strategy's goal: the strategies service refuses, with 409."""
    saved(world, draft(world))
    before = state()

    with pytest.raises(strategy_services.GoalInUse) as refusal:
        strategy_services.remove_goal(actor=world.people.coordinator, goal=world.goal)

    assert refusal.value.status == 409
    assert "linked to planned services" in refusal.value.message
    assert Goal.objects.filter(pk=world.goal.pk).exists()
    assert state() == before
