"""Writes of programmes: programmes and their gminas in `programmes`, a participation's life
cycle and agreement in `participations`, exchange rates in `rates`. Re-exported here, the names
callers use."""

from integra.programmes.rules import AgreementSpec, ProgrammeSpec
from integra.programmes.services.participations import (
    WORKFLOW,
    AgreementInvalid,
    ParticipationTransitionRefused,
    change_participation_status,
    sign_agreement,
)
from integra.programmes.services.programmes import (
    GminaNotEligible,
    ProgrammeCodeTaken,
    ProgrammeInvalid,
    create_programme,
    qualify_gminas,
)
from integra.programmes.services.rates import RatesImported, import_exchange_rates

__all__ = [
    "WORKFLOW",
    "AgreementInvalid",
    "AgreementSpec",
    "GminaNotEligible",
    "ParticipationTransitionRefused",
    "ProgrammeCodeTaken",
    "ProgrammeInvalid",
    "ProgrammeSpec",
    "RatesImported",
    "change_participation_status",
    "create_programme",
    "import_exchange_rates",
    "qualify_gminas",
    "sign_agreement",
]
