"""Writes of the outreach app, one module per document: training sessions and their
registrations (`training`), expert support (`experts`)."""

from integra.outreach.services.experts import (
    RequestInvalid,
    add_output,
    assign_expert,
    create_request,
    report_work,
    save_profile,
)
from integra.outreach.services.training import (
    AttendanceTooEarly,
    RegistrationClosed,
    RegistrationInvalid,
    SessionInvalid,
    cancel_registration,
    create_session,
    register_participant,
    registration_open,
    take_attendance,
)

__all__ = [
    "AttendanceTooEarly",
    "RegistrationClosed",
    "RegistrationInvalid",
    "RequestInvalid",
    "SessionInvalid",
    "add_output",
    "assign_expert",
    "cancel_registration",
    "create_request",
    "create_session",
    "register_participant",
    "registration_open",
    "report_work",
    "save_profile",
    "take_attendance",
]
