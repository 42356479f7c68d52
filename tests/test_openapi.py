"""The OpenAPI schema: its shape, the offline docs page, and schemathesis over every operation."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from config.wsgi import application

SCHEMA_URL = "/api/v1/openapi.json"
EXPECTED_OPERATIONS = {
    ("get", "/api/v1/territories"): "territories_list",
    ("get", "/api/v1/territories/stats"): "territories_stats",
    ("get", "/api/v1/territories/{teryt}"): "territories_detail",
    ("get", "/api/v1/territories/{teryt}/children"): "territories_children",
    ("get", "/api/v1/me"): "accounts_me",
    ("get", "/api/v1/me/tokens"): "accounts_tokens_list",
    ("post", "/api/v1/me/tokens"): "accounts_tokens_issue",
    ("post", "/api/v1/me/tokens/{token_id}/revoke"): "accounts_tokens_revoke",
    ("get", "/api/v1/participations"): "participations_list",
    ("get", "/api/v1/participations/{participation_id}"): "participations_detail",
    ("get", "/api/v1/users"): "users_list",
    ("post", "/api/v1/users"): "users_invite",
    ("get", "/api/v1/users/{user_id}"): "users_detail",
    ("post", "/api/v1/users/{user_id}/assignments"): "users_assignments_grant",
    ("post", "/api/v1/users/{user_id}/assignments/{assignment_id}/end"): "users_assignments_end",
    ("get", "/api/v1/audit-events"): "audit_events_list",
    ("get", "/api/v1/allocation-runs"): "allocation_runs_list",
    ("post", "/api/v1/allocation-runs"): "allocation_runs_create",
    ("get", "/api/v1/allocation-runs/{run_id}"): "allocation_runs_detail",
    ("post", "/api/v1/allocation-runs/{run_id}/publish"): "allocation_runs_publish",
    ("get", "/api/v1/allocation-runs/{run_a_id}/compare/{run_b_id}"): "allocation_runs_compare",
    ("get", "/api/v1/allocation-runs/{run_id}/amendments"): "allocation_runs_amendments_list",
    ("post", "/api/v1/allocation-runs/{run_id}/amendments"): "allocation_runs_amendments_create",
    (
        "get",
        "/api/v1/allocation-runs/{run_id}/results/{teryt}/tranches",
    ): "allocation_runs_tranches_list",
    (
        "put",
        "/api/v1/allocation-runs/{run_id}/results/{teryt}/tranches",
    ): "allocation_runs_tranches_update",
    (
        "post",
        "/api/v1/allocation-runs/{run_id}/results/{teryt}/tranches/{number}/transfer",
    ): "allocation_runs_tranches_transfer",
    ("get", "/api/v1/target-groups"): "target_groups_list",
    ("get", "/api/v1/service-types"): "service_types_list",
    ("post", "/api/v1/service-types"): "service_types_create",
    ("get", "/api/v1/service-types/{code}"): "service_types_detail",
    ("patch", "/api/v1/service-types/{code}"): "service_types_update",
    ("delete", "/api/v1/service-types/{code}"): "service_types_delete",
    ("post", "/api/v1/service-types/{code}/retire"): "service_types_retire",
    ("post", "/api/v1/service-types/{code}/restore"): "service_types_restore",
    ("get", "/api/v1/programmes"): "programmes_list",
    ("get", "/api/v1/programmes/{code}/overview"): "programmes_overview",
    ("get", "/api/v1/programmes/{code}/allocation-map"): "programmes_allocation_map",
    ("get", "/api/v1/strategies"): "strategies_list",
    ("post", "/api/v1/strategies"): "strategies_create",
    ("get", "/api/v1/strategies/{strategy_id}"): "strategies_detail",
    ("patch", "/api/v1/strategies/{strategy_id}"): "strategies_edit",
    ("post", "/api/v1/strategies/{strategy_id}/consultation"): "strategies_consultation",
    ("post", "/api/v1/strategies/{strategy_id}/adopt"): "strategies_adopt",
    ("post", "/api/v1/strategies/{strategy_id}/update"): "strategies_record_update",
    ("post", "/api/v1/strategies/{strategy_id}/goals"): "strategies_goals_add",
    ("delete", "/api/v1/strategies/{strategy_id}/goals/{goal_id}"): "strategies_goals_remove",
    ("post", "/api/v1/strategies/{strategy_id}/diagnosis"): "strategies_diagnosis_add",
    (
        "delete",
        "/api/v1/strategies/{strategy_id}/diagnosis/{entry_id}",
    ): "strategies_diagnosis_remove",
    ("post", "/api/v1/strategies/{strategy_id}/team"): "strategies_team_add",
    ("delete", "/api/v1/strategies/{strategy_id}/team/{member_id}"): "strategies_team_remove",
    ("post", "/api/v1/strategies/{strategy_id}/events"): "strategies_events_add",
    ("delete", "/api/v1/strategies/{strategy_id}/events/{event_id}"): "strategies_events_remove",
    ("get", "/api/v1/action-plans"): "action_plans_list",
    ("post", "/api/v1/action-plans"): "action_plans_create",
    ("get", "/api/v1/action-plans/review-queue"): "action_plans_review_queue",
    (
        "post",
        "/api/v1/action-plans/consultations/{key}/comments",
    ): "action_plans_public_comments_add",
    ("get", "/api/v1/action-plans/{plan_id}"): "action_plans_detail",
    ("get", "/api/v1/action-plans/{plan_id}/versions"): "action_plans_versions_list",
    ("post", "/api/v1/action-plans/{plan_id}/updates"): "action_plans_updates_create",
    ("get", "/api/v1/action-plans/{plan_id}/diff"): "action_plans_diff",
    ("get", "/api/v1/action-plans/{plan_id}/versions/{number}"): "action_plans_versions_detail",
    ("put", "/api/v1/action-plans/{plan_id}/versions/{number}"): "action_plans_versions_update",
    (
        "post",
        "/api/v1/action-plans/{plan_id}/versions/{number}/submit",
    ): "action_plans_versions_submit",
    (
        "post",
        "/api/v1/action-plans/{plan_id}/versions/{number}/opinion",
    ): "action_plans_versions_opinion",
    (
        "post",
        "/api/v1/action-plans/{plan_id}/versions/{number}/return",
    ): "action_plans_versions_return",
    (
        "post",
        "/api/v1/action-plans/{plan_id}/versions/{number}/approve",
    ): "action_plans_versions_approve",
    (
        "post",
        "/api/v1/action-plans/{plan_id}/versions/{number}/consultation",
    ): "action_plans_versions_consultation",
    ("get", "/api/v1/providers"): "providers_list",
    ("post", "/api/v1/providers"): "providers_create",
    ("get", "/api/v1/providers/{provider_id}"): "providers_detail",
    ("put", "/api/v1/providers/{provider_id}"): "providers_update",
    ("post", "/api/v1/providers/{provider_id}/merge"): "providers_merge",
    ("get", "/api/v1/procurement-rounds"): "procurement_rounds_list",
    ("post", "/api/v1/procurement-rounds"): "procurement_rounds_create",
    ("get", "/api/v1/procurement-rounds/{round_id}"): "procurement_rounds_detail",
    ("post", "/api/v1/procurement-rounds/{round_id}/publish"): "procurement_rounds_publish",
    ("post", "/api/v1/procurement-rounds/{round_id}/close"): "procurement_rounds_close",
    ("post", "/api/v1/procurement-rounds/{round_id}/evaluate"): "procurement_rounds_evaluate",
    ("post", "/api/v1/procurement-rounds/{round_id}/results"): "procurement_rounds_results",
    ("post", "/api/v1/procurement-rounds/{round_id}/cancel"): "procurement_rounds_cancel",
    (
        "get",
        "/api/v1/procurement-rounds/{round_id}/committee",
    ): "procurement_rounds_committee_list",
    ("put", "/api/v1/procurement-rounds/{round_id}/committee"): "procurement_rounds_committee_set",
    (
        "post",
        "/api/v1/procurement-rounds/{round_id}/committee/{member_id}/declaration",
    ): "procurement_rounds_committee_declare",
    (
        "get",
        "/api/v1/procurement-rounds/{round_id}/attendance",
    ): "procurement_rounds_attendance_list",
    (
        "post",
        "/api/v1/procurement-rounds/{round_id}/attendance",
    ): "procurement_rounds_attendance_record",
    ("get", "/api/v1/offers"): "offers_list",
    ("post", "/api/v1/offers"): "offers_create",
    ("get", "/api/v1/offers/{offer_id}"): "offers_detail",
    ("post", "/api/v1/offers/{offer_id}/check"): "offers_check",
    ("post", "/api/v1/offers/{offer_id}/scores"): "offers_scores",
    ("post", "/api/v1/offers/{offer_id}/withdraw"): "offers_withdraw",
    ("post", "/api/v1/offers/{offer_id}/replace"): "offers_replace",
    ("get", "/api/v1/contracts"): "contracts_list",
    ("post", "/api/v1/contracts"): "contracts_create",
    ("get", "/api/v1/contracts/{contract_id}"): "contracts_detail",
    ("post", "/api/v1/contracts/{contract_id}/annexes"): "contracts_annex",
    ("post", "/api/v1/contracts/{contract_id}/terminate"): "contracts_terminate",
    ("get", "/api/v1/provider-reports"): "provider_reports_list",
    ("get", "/api/v1/provider-reports/{report_id}"): "provider_reports_detail",
    ("post", "/api/v1/provider-reports/{report_id}/submit"): "provider_reports_submit",
    ("post", "/api/v1/provider-reports/{report_id}/accept"): "provider_reports_accept",
    ("post", "/api/v1/provider-reports/{report_id}/return"): "provider_reports_return",
    ("get", "/api/v1/components"): "components_list",
    ("post", "/api/v1/components"): "components_create",
    ("put", "/api/v1/components/{component_id}"): "components_update",
    ("get", "/api/v1/procurement-plan-items"): "procurement_items_list",
    ("post", "/api/v1/procurement-plan-items"): "procurement_items_create",
    ("put", "/api/v1/procurement-plan-items/{item_id}"): "procurement_items_update",
    ("post", "/api/v1/procurement-plan-items/{item_id}/contracts"): (
        "procurement_items_sign_contract"
    ),
    ("post", "/api/v1/procurement-plan-items/{item_id}/links"): "procurement_items_link_contract",
    ("get", "/api/v1/procurement-plan-status"): "procurement_status_list",
    ("get", "/api/v1/transfer-requests"): "transfer_requests_list",
    ("post", "/api/v1/transfer-requests"): "transfer_requests_create",
    ("post", "/api/v1/transfer-requests/{request_id}/approve"): "transfer_requests_approve",
    ("post", "/api/v1/transfer-requests/{request_id}/reject"): "transfer_requests_reject",
    ("post", "/api/v1/transfer-requests/{request_id}/transfer"): "transfer_requests_transfer",
    ("get", "/api/v1/ledger/balances"): "ledger_balances",
    ("get", "/api/v1/payments"): "payments_list",
    ("post", "/api/v1/payments"): "payments_create",
    ("get", "/api/v1/payments/{payment_id}"): "payments_detail",
    ("post", "/api/v1/payments/{payment_id}/approve"): "payments_approve",
    ("post", "/api/v1/payments/{payment_id}/pay"): "payments_pay",
    ("post", "/api/v1/payments/{payment_id}/reject"): "payments_reject",
    ("get", "/api/v1/invoices"): "invoices_list",
    ("post", "/api/v1/invoices"): "invoices_create",
    ("get", "/api/v1/invoices/{invoice_id}"): "invoices_detail",
    ("get", "/api/v1/training-sessions"): "sessions_list",
    ("post", "/api/v1/training-sessions"): "sessions_create",
    ("get", "/api/v1/training-sessions/{session_id}"): "sessions_detail",
    ("post", "/api/v1/training-sessions/{session_id}/attendance"): "sessions_attendance",
    ("get", "/api/v1/registrations"): "registrations_list",
    ("post", "/api/v1/registrations"): "registrations_create",
    ("get", "/api/v1/expert-requests"): "requests_list",
    ("post", "/api/v1/expert-requests"): "requests_create",
    ("get", "/api/v1/expert-requests/{request_id}"): "requests_detail",
    ("post", "/api/v1/expert-requests/{request_id}/assign"): "requests_assign",
    ("post", "/api/v1/expert-requests/{request_id}/work"): "requests_work",
    ("get", "/api/v1/campaign-events"): "events_list",
    ("post", "/api/v1/campaign-events"): "events_create",
    ("get", "/api/v1/campaign-events/{event_id}"): "events_detail",
    ("get", "/api/v1/dashboards/board"): "dashboards_board",
    ("get", "/api/v1/notifications"): "notifications_list",
    ("post", "/api/v1/notifications/{notification_id}/read"): "notifications_read",
    ("get", "/api/v1/dashboards/national"): "national_dashboard",
    ("get", "/api/v1/dashboards/voivodeships/{teryt}"): "voivodeship_dashboard",
    ("get", "/api/v1/dashboards/gminas/{teryt}"): "gmina_dashboard",
    ("get", "/api/v1/progress-reports"): "progress_reports_list",
    ("get", "/api/v1/progress-reports/{report_id}"): "progress_report_detail",
    ("get", "/api/v1/indicator-targets"): "indicator_targets_list",
    ("put", "/api/v1/indicator-targets"): "indicator_targets_set",
    ("get", "/api/v1/indicator-values"): "indicator_values_list",
    ("put", "/api/v1/indicator-values"): "indicator_values_set",
    ("get", "/api/v1/jobs/{job_id}"): "jobs_detail",
    ("post", "/api/v1/jobs/{job_id}/retry"): "jobs_retry",
    ("get", "/api/v1/good-practices"): "practices_list",
    ("post", "/api/v1/good-practices"): "practices_create",
    ("get", "/api/v1/good-practices/{practice_id}"): "practices_detail",
    ("put", "/api/v1/good-practices/{practice_id}"): "practices_edit",
    ("post", "/api/v1/good-practices/{practice_id}/publish"): "practices_publish",
    ("post", "/api/v1/good-practices/{practice_id}/reject"): "practices_reject",
    ("get", "/api/v1/settlements"): "settlements_list",
    ("post", "/api/v1/settlements"): "settlements_create",
    ("get", "/api/v1/settlements/{settlement_id}"): "settlements_detail",
    ("put", "/api/v1/settlements/{settlement_id}"): "settlements_update",
    ("post", "/api/v1/settlements/{settlement_id}/submit"): "settlements_submit",
    ("post", "/api/v1/settlements/{settlement_id}/return"): "settlements_return",
    ("post", "/api/v1/settlements/{settlement_id}/accept"): "settlements_accept",
    ("get", "/api/v1/bank-statements"): "bank_statements_list",
    ("post", "/api/v1/bank-statements"): "bank_statements_import",
    ("get", "/api/v1/bank-statements/{statement_id}"): "bank_statements_detail",
    ("get", "/api/v1/bank-statements/{statement_id}/lines"): "bank_statements_lines",
    ("post", "/api/v1/statement-lines/{line_id}/match"): "statement_lines_match",
    ("post", "/api/v1/statement-lines/{line_id}/set-aside"): "statement_lines_set_aside",
    ("post", "/api/v1/statement-lines/{line_id}/reopen"): "statement_lines_reopen",
    ("get", "/api/v1/funding"): "funding_list",
    ("post", "/api/v1/funding/disbursements"): "funding_disbursements_create",
    ("post", "/api/v1/funding/component-payments"): "funding_component_payments_create",
    ("get", "/api/v1/financial-reports/interim"): "financial_reports_interim",
    ("get", "/api/v1/financial-reports/programme"): "financial_reports_programme",
    ("get", "/api/v1/financial-reports/statement"): "financial_reports_statement",
}


@pytest.fixture
def openapi(client) -> dict:
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


def operations(schema: dict):
    for route, path_item in schema["paths"].items():
        for method, operation in path_item.items():
            yield method, route, operation


def test_the_schema_lists_the_expected_operations_under_stable_ids(openapi):
    found = {(method, route): op["operationId"] for method, route, op in operations(openapi)}

    assert found == EXPECTED_OPERATIONS


def test_every_operation_has_a_tag_a_summary_and_the_error_body(openapi):
    for _method, _route, operation in operations(openapi):
        assert operation["tags"], operation["operationId"]
        assert operation["summary"], operation["operationId"]
        error = operation["responses"]["default"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}
    assert openapi["components"]["schemas"]["Error"]["required"] == ["detail", "code", "errors"]


def test_the_territory_operations_declare_authentication_as_optional(openapi):
    territory_operations = [op for _m, _r, op in operations(openapi) if "territories" in op["tags"]]

    assert territory_operations
    for operation in territory_operations:
        assert operation["security"] == [{"TokenAuth": []}, {"SessionAuth": []}, {}]
    assert openapi["components"]["securitySchemes"]["SessionAuth"]["in"] == "cookie"


def test_the_docs_page_loads_nothing_from_another_host_and_obeys_the_csp(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "cdn" not in html.lower()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script([^>]*)>", html)
    runnable = [attrs for attrs in scripts if 'type="application/json"' not in attrs]
    assert len(runnable) == 2
    assert all(f'nonce="{nonce}"' in attrs and "src=" in attrs for attrs in runnable)
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert client.get(url).status_code == 200, url


def test_the_docs_assets_are_only_the_swagger_files(client):
    assert client.get("/api/v1/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/api/v1/docs/assets/..%2Fconf.py").status_code == 404
    assert client.get("/api/v1/docs/assets/redoc.standalone.js").status_code == 404


# Loaded when the module is collected: the schema is static (no database access), and
# schemathesis' fixture-based lazy loader does not work with this pytest.
schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)


@pytest.fixture
def database_kept_across_requests():
    """What Django's test client does: a WSGI request must not close the connection that holds
    the test transaction (PostgreSQL would lose the data mid-test)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# One test per operation, named by it, so that xdist spreads the operations over its workers
# (schemathesis' own `parametrize` gives every case the same node id, which xdist cannot share).
# The list is EXPECTED_OPERATIONS: a new operation must be named there, and is then fuzzed too.
FUZZED = sorted(EXPECTED_OPERATIONS)


@pytest.mark.api_fuzz
@pytest.mark.parametrize(
    ("method", "route"), FUZZED, ids=[f"{method.upper()} {route}" for method, route in FUZZED]
)
def test_every_operation_answers_within_its_schema_and_never_fails(
    method, route, small_tree, database_kept_across_requests
):
    operation = schema[route][method.upper()]
    calls: list[int] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def answers(case):
        # All the built-in checks: no 5xx, documented status codes, content types and bodies.
        response = case.call_and_validate()
        calls.append(response.status_code)

    answers()
    assert calls, "no case was generated"
