"""Writes of procurement, one module per document: the round (rounds), its offers (offers), the
committee's result (evaluation); what they share is in shared.py."""

from integra.contracts.rules import (
    ActionInput,
    CostLineInput,
    CriterionInput,
    GroupInput,
    OfferInput,
    RoundInput,
)
from integra.contracts.services.evaluation import evaluate_round, publish_results
from integra.contracts.services.offers import (
    OfferAfterDeadline,
    OfferNotAllowed,
    add_attachment,
    check_offer,
    register_paper_offer,
    score_offer,
    submit_offer,
)
from integra.contracts.services.rounds import (
    MemberInput,
    RoundNotAllowed,
    build_round,
    cancel_round,
    close_offers,
    declare_impartiality,
    publish_round,
    record_attendance,
    repeat_round,
    set_committee,
    update_round,
)
from integra.contracts.services.shared import (
    REFUSED,
    ROUND_WORKFLOW,
    EditConflict,
    RoundStateInvalid,
)

__all__ = [
    "REFUSED",
    "ROUND_WORKFLOW",
    "ActionInput",
    "CostLineInput",
    "CriterionInput",
    "EditConflict",
    "GroupInput",
    "MemberInput",
    "OfferAfterDeadline",
    "OfferInput",
    "OfferNotAllowed",
    "RoundInput",
    "RoundNotAllowed",
    "RoundStateInvalid",
    "add_attachment",
    "build_round",
    "cancel_round",
    "check_offer",
    "close_offers",
    "declare_impartiality",
    "evaluate_round",
    "publish_results",
    "publish_round",
    "record_attendance",
    "register_paper_offer",
    "repeat_round",
    "score_offer",
    "set_committee",
    "submit_offer",
    "update_round",
]
