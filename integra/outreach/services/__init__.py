"""Writes of the outreach app, one module per document: training sessions and their
registrations (`training`)."""

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
    "SessionInvalid",
    "cancel_registration",
    "create_session",
    "register_participant",
    "registration_open",
    "take_attendance",
]
