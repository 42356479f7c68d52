"""Writes of the outreach app, one module per document: training sessions and their
registrations (`training`), expert support (`experts`), the campaign (`campaign`), good
practices (`practices`), reminders (`reminders`)."""

from integra.outreach.services.campaign import EventInvalid, add_material, record_campaign_event
from integra.outreach.services.experts import (
    RequestInvalid,
    add_output,
    assign_expert,
    create_request,
    report_work,
    save_profile,
)
from integra.outreach.services.practices import (
    PracticeEditConflict,
    PracticeInvalid,
    add_practice_photo,
    edit_practice,
    propose_practice,
    publish_practice,
    reject_practice,
)
from integra.outreach.services.reminders import (
    ReminderRun,
    mark_all_read,
    mark_read,
    send_reminders,
    set_email_preference,
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
    "EventInvalid",
    "PracticeEditConflict",
    "PracticeInvalid",
    "RegistrationClosed",
    "RegistrationInvalid",
    "ReminderRun",
    "RequestInvalid",
    "SessionInvalid",
    "add_material",
    "add_output",
    "add_practice_photo",
    "assign_expert",
    "cancel_registration",
    "create_request",
    "create_session",
    "edit_practice",
    "mark_all_read",
    "mark_read",
    "propose_practice",
    "publish_practice",
    "record_campaign_event",
    "register_participant",
    "registration_open",
    "reject_practice",
    "report_work",
    "save_profile",
    "send_reminders",
    "set_email_preference",
    "take_attendance",
]
