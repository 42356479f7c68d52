"""Procurement (World Bank CPP) and what follows it, one module per document: rounds with their
services, criteria, meeting and committee; offers; contracts with annexes and payment schedules;
provider reports."""

from integra.contracts.models.contracts import (
    Contract,
    ContractAmendment,
    ContractBeneficiaries,
    ContractService,
    ContractSettings,
    Instalment,
)
from integra.contracts.models.offers import (
    Offer,
    OfferAction,
    OfferAttachment,
    OfferCostLine,
    OfferGroup,
    Score,
)
from integra.contracts.models.reports import (
    ProviderReport,
    ReportCost,
    ReportReach,
    SupportingDocument,
)
from integra.contracts.models.rounds import (
    CommitteeMember,
    Criterion,
    MeetingAttendance,
    ProcurementRound,
    RoundService,
)

__all__ = [
    "CommitteeMember",
    "Contract",
    "ContractAmendment",
    "ContractBeneficiaries",
    "ContractService",
    "ContractSettings",
    "Criterion",
    "Instalment",
    "MeetingAttendance",
    "Offer",
    "OfferAction",
    "OfferAttachment",
    "OfferCostLine",
    "OfferGroup",
    "ProcurementRound",
    "ProviderReport",
    "ReportCost",
    "ReportReach",
    "RoundService",
    "Score",
    "SupportingDocument",
]
