"""The one NinjaAPI instance: authentication, error bodies, and the routers of each app."""

from integra.accounts.api.me import router as accounts_router
from integra.accounts.api.users import router as users_router
from integra.action_plans.api.consultations import router as action_plan_consultations_router
from integra.action_plans.api.plans import router as action_plans_router
from integra.action_plans.api.versions import router as action_plan_versions_router
from integra.allocations.api import router as allocations_router
from integra.api.auth import PUBLIC
from integra.api.base import IntegraAPI
from integra.audit.api import router as audit_router
from integra.catalog.api import groups_router as target_groups_router
from integra.catalog.api import router as service_types_router
from integra.contracts.api.contracts import router as contracts_router
from integra.contracts.api.offers import router as offers_router
from integra.contracts.api.reports import router as provider_reports_router
from integra.contracts.api.rounds import router as procurement_rounds_router
from integra.core.api.jobs import router as jobs_router
from integra.dashboards.api import board_router as dashboard_board_router
from integra.dashboards.api import router as dashboards_router
from integra.finance.api.components import items_router as procurement_items_router
from integra.finance.api.components import router as components_router
from integra.finance.api.components import status_router as procurement_status_router
from integra.finance.api.funding import router as funding_router
from integra.finance.api.payments import invoices_router
from integra.finance.api.payments import router as payments_router
from integra.finance.api.reports import router as financial_reports_router
from integra.finance.api.settlement import router as settlements_router
from integra.finance.api.statements import lines_router as statement_lines_router
from integra.finance.api.statements import router as bank_statements_router
from integra.finance.api.transfers import ledger_router
from integra.finance.api.transfers import router as transfer_requests_router
from integra.monitoring.api.dashboards import router as indicator_dashboards_router
from integra.monitoring.api.reports import router as progress_reports_router
from integra.monitoring.api.targets import targets_router as indicator_targets_router
from integra.monitoring.api.targets import values_router as indicator_values_router
from integra.outreach.api.campaign import router as campaign_router
from integra.outreach.api.experts import router as expert_requests_router
from integra.outreach.api.notifications import router as notifications_router
from integra.outreach.api.practices import router as practices_router
from integra.outreach.api.training import registrations_router, sessions_router
from integra.programmes.api import router as programmes_router
from integra.providers.api.providers import router as providers_router
from integra.strategies.api.strategies import router as strategies_router
from integra.territories.api import router as territories_router

api = IntegraAPI(
    title="Integra API",
    version="1",
    urls_namespace="api",
    description="API of Integra, the MIS of the Social Integration Program (PIS/PPWOW).",
)

# The register of territorial units is public reference data.
api.add_router("/territories", territories_router, auth=PUBLIC)
api.add_router("", accounts_router)
api.add_router("/users", users_router)
api.add_router("/audit-events", audit_router)
api.add_router("/participations", programmes_router)
api.add_router("/allocation-runs", allocations_router)
api.add_router("/target-groups", target_groups_router)
api.add_router("/service-types", service_types_router)
api.add_router("/programmes", dashboards_router)
api.add_router("/dashboards", dashboard_board_router)
api.add_router("/strategies", strategies_router)
api.add_router("/action-plans", action_plans_router)
api.add_router("/action-plans", action_plan_versions_router)
api.add_router("/providers", providers_router)
api.add_router("/procurement-rounds", procurement_rounds_router)
api.add_router("/offers", offers_router)
api.add_router("/contracts", contracts_router)
api.add_router("/provider-reports", provider_reports_router)
api.add_router("/components", components_router)
api.add_router("/procurement-plan-items", procurement_items_router)
api.add_router("/procurement-plan-status", procurement_status_router)
api.add_router("/transfer-requests", transfer_requests_router)
api.add_router("/ledger", ledger_router)
api.add_router("/payments", payments_router)
api.add_router("/invoices", invoices_router)
api.add_router("/settlements", settlements_router)
api.add_router("/bank-statements", bank_statements_router)
api.add_router("/funding", funding_router)
api.add_router("/statement-lines", statement_lines_router)
api.add_router("/financial-reports", financial_reports_router)
api.add_router("/training-sessions", sessions_router)
api.add_router("/registrations", registrations_router)
api.add_router("/expert-requests", expert_requests_router)
api.add_router("/campaign-events", campaign_router)
api.add_router("/good-practices", practices_router)
api.add_router("/notifications", notifications_router)
api.add_router("/dashboards", indicator_dashboards_router)
api.add_router("/progress-reports", progress_reports_router)
api.add_router("/indicator-targets", indicator_targets_router)
api.add_router("/indicator-values", indicator_values_router)
api.add_router("/jobs", jobs_router)
# Residents comment on a plan under public consultation without an account.
api.add_router("/action-plans", action_plan_consultations_router, auth=PUBLIC)
