"""Pure checks of the outreach app's input (training sessions, registrations): no queries, no
I/O; every problem at once with its field. The limits here are shared by the model, the forms and
the API schemas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from integra.core.errors import Problem
from integra.core.templatetags.formats import money

TOPIC_LENGTH = 200
PLACE_LENGTH = 200
TRAINER_NAME_LENGTH = 120
PERSON_LENGTH = 120
FUNCTION_LENGTH = 120
EMAIL_LENGTH = 254
SEARCH_LENGTH = 100
MAX_CAPACITY = 500
# A cost above ten million PLN is a typing error, not a training.
MAX_COST = Decimal("10000000.00")

# The audiences of a training (codes stored in the session's `audience` list).
COORDINATORS = "coordinators"
GMINA_STAFF = "gmina_staff"
SOCIAL_PARTNERS = "social_partners"
PROVIDERS = "providers"
AUDIENCES = (COORDINATORS, GMINA_STAFF, SOCIAL_PARTNERS, PROVIDERS)


@dataclass(frozen=True)
class SessionValues:
    """A training session as typed on a page or sent to the API."""

    topic: str
    starts_on: dt.date
    ends_on: dt.date
    registration_closes_on: dt.date
    capacity: int
    online: bool = False
    place: str = ""
    audience: Sequence[str] = field(default_factory=tuple)
    trainer_name: str = ""
    has_trainer_user: bool = False
    cost_pln: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class RegistrationValues:
    full_name: str
    function: str
    email: str


def session_problems(values: SessionValues) -> list[Problem]:
    """Every problem of a session's values, each at its field."""
    problems: list[Problem] = []
    if not values.topic.strip():
        problems.append(Problem(_("Give the topic of the training."), field="topic"))
    if values.ends_on < values.starts_on:
        problems.append(Problem(_("The training cannot end before it starts."), field="ends_on"))
    if values.registration_closes_on > values.starts_on:
        problems.append(
            Problem(
                _("Registration must close on the first day of the training or earlier."),
                field="registration_closes_on",
            )
        )
    if not 1 <= values.capacity <= MAX_CAPACITY:
        problems.append(
            Problem(
                _("Give the number of places, from 1 to %(max)s.") % {"max": MAX_CAPACITY},
                field="capacity",
            )
        )
    if not values.online and not values.place.strip():
        problems.append(
            Problem(_("Give the place of the training, or mark it as online."), field="place")
        )
    unknown = [code for code in values.audience if code not in AUDIENCES]
    if not values.audience or unknown:
        problems.append(Problem(_("Choose at least one audience of the list."), field="audience"))
    if not values.has_trainer_user and not values.trainer_name.strip():
        problems.append(
            Problem(
                _("Choose an expert of the roster as the trainer, or type the trainer's name."),
                field="trainer_name",
            )
        )
    if values.cost_pln < 0 or values.cost_pln > MAX_COST:
        problems.append(
            Problem(
                _("Give a cost from 0 to %(max)s PLN.") % {"max": f"{MAX_COST:,.2f}"},
                field="cost_pln",
            )
        )
    return problems


def registration_problems(values: RegistrationValues) -> list[Problem]:
    problems: list[Problem] = []
    if not values.full_name.strip():
        problems.append(Problem(_("Give the participant's name."), field="full_name"))
    if not values.function.strip():
        problems.append(
            Problem(
                _("Give the participant's function (for example: social worker)."), field="function"
            )
        )
    email = values.email.strip()
    if not email or "@" not in email or email.startswith("@") or email.endswith("@"):
        problems.append(
            Problem(_("Give the participant's e-mail, like name@example.org."), field="email")
        )
    return problems


def line_problem(*, cost_eur: Decimal, free_eur: Decimal, limit_eur: Decimal) -> Problem | None:
    """The refusal of a cost over what the gmina's training line still holds, or None."""
    if cost_eur <= free_eur:
        return None
    return Problem(
        _(
            "The gmina's training line has %(free)s left of %(limit)s; this training costs "
            "%(cost)s. Lower the cost or charge it elsewhere."
        )
        % {
            "free": money(max(free_eur, Decimal("0.00")), "EUR"),
            "limit": money(limit_eur, "EUR"),
            "cost": money(cost_eur, "EUR"),
        },
        field="cost_pln",
    )


# Expert support -------------------------------------------------------------------------------

NEED_LENGTH = 5000
SKILLS_LENGTH = 1000
AVAILABILITY_LENGTH = 300
OUTPUT_TITLE_LENGTH = 200
MAX_HOURS = Decimal("2000.0")
# Uploads (expert outputs, campaign materials): documents, sheets and pictures, 10 MB at most.
UPLOAD_EXTENSIONS = (".pdf", ".odt", ".doc", ".docx", ".ods", ".xlsx", ".jpg", ".jpeg", ".png")
UPLOAD_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class RequestValues:
    topic: str
    need: str


@dataclass(frozen=True)
class WorkValues:
    """What the expert did: hours, cost; reported by the expert or the region."""

    hours: Decimal
    cost_pln: Decimal


def request_problems(values: RequestValues) -> list[Problem]:
    problems: list[Problem] = []
    if not values.topic.strip():
        problems.append(Problem(_("Give the topic of the support."), field="topic"))
    if not values.need.strip():
        problems.append(Problem(_("Describe what the gmina needs the expert for."), field="need"))
    return problems


def work_problems(values: WorkValues) -> list[Problem]:
    problems: list[Problem] = []
    if not Decimal("0") < values.hours <= MAX_HOURS:
        problems.append(
            Problem(
                _("Give the hours worked, more than 0 and at most %(max)s.") % {"max": MAX_HOURS},
                field="hours",
            )
        )
    if values.cost_pln < 0 or values.cost_pln > MAX_COST:
        problems.append(
            Problem(
                _("Give a cost from 0 to %(max)s PLN.") % {"max": f"{MAX_COST:,.2f}"},
                field="cost_pln",
            )
        )
    return problems


def upload_problems(name: str, size: int, *, field: str = "file") -> list[Problem]:
    """An upload's type (by its extension) and size."""
    problems: list[Problem] = []
    dot = name.rfind(".")
    if dot < 0 or name[dot:].lower() not in UPLOAD_EXTENSIONS:
        problems.append(
            Problem(_("Upload a PDF, ODT, DOC, DOCX, ODS, XLSX, JPG or PNG file."), field=field)
        )
    if size > UPLOAD_MAX_BYTES:
        problems.append(Problem(_("The file may have at most 10 MB."), field=field))
    if size == 0:
        problems.append(Problem(_("The file is empty."), field=field))
    return problems


# The information campaign -----------------------------------------------------------------------

TITLE_LENGTH = 200
REACH_NOTE_LENGTH = 1000
MAX_PARTICIPANTS = 100_000
MAX_REACH = 100_000_000
NATIONAL_SEMINAR = "national_seminar"
REGIONAL_CONFERENCE = "regional_conference"
GMINA_MEETING = "gmina_meeting"
MEDIA_ACTION = "media_action"
EVENT_KINDS = (NATIONAL_SEMINAR, REGIONAL_CONFERENCE, GMINA_MEETING, MEDIA_ACTION)
# Which level organises which kind (a media action: any).
KIND_LEVELS = {
    NATIONAL_SEMINAR: "country",
    REGIONAL_CONFERENCE: "voivodeship",
    GMINA_MEETING: "gmina",
}


@dataclass(frozen=True)
class EventValues:
    kind: str
    title: str
    held_on: dt.date
    place: str
    participants: int
    reach: int
    reach_note: str = ""
    cost_pln: Decimal = Decimal("0.00")


def event_problems(values: EventValues, *, organiser_level: str) -> list[Problem]:
    problems: list[Problem] = []
    if values.kind not in EVENT_KINDS:
        problems.append(Problem(_("Choose the type of the event."), field="kind"))
    elif KIND_LEVELS.get(values.kind, organiser_level) != organiser_level:
        problems.append(
            Problem(
                _(
                    "A national seminar is held by the ministry, a regional conference by a "
                    "region, an information meeting by a gmina: choose the matching organiser."
                ),
                field="organiser",
            )
        )
    if not values.title.strip():
        problems.append(Problem(_("Give the title of the event."), field="title"))
    if values.kind != MEDIA_ACTION and not values.place.strip():
        problems.append(Problem(_("Give the place of the event."), field="place"))
    if not 0 <= values.participants <= MAX_PARTICIPANTS:
        problems.append(
            Problem(
                _("Give the participants, from 0 to %(max)s.") % {"max": MAX_PARTICIPANTS},
                field="participants",
            )
        )
    if not 0 <= values.reach <= MAX_REACH:
        problems.append(
            Problem(
                _("Give the people reached, from 0 to %(max)s.") % {"max": MAX_REACH},
                field="reach",
            )
        )
    if values.cost_pln < 0 or values.cost_pln > MAX_COST:
        problems.append(
            Problem(
                _("Give a cost from 0 to %(max)s PLN.") % {"max": f"{MAX_COST:,.2f}"},
                field="cost_pln",
            )
        )
    return problems


# Good practices -----------------------------------------------------------------------------------

PRACTICE_TITLE_LENGTH = 200
PRACTICE_TEXT_LENGTH = 5000
PRACTICE_NOTE_LENGTH = 1000
OFFICE_LENGTH = 200
PHONE_LENGTH = 20
ALT_TEXT_LENGTH = 250
MAX_PEOPLE_REACHED = 1_000_000
# Photos: pictures only, 5 MB at most each, at most 10 per practice.
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
PHOTO_MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 10
# An office phone: digits, spaces, a leading +, hyphens and parentheses; 9 to 15 digits.
_PHONE_CHARACTERS = frozenset("0123456789 +-()")


@dataclass(frozen=True)
class PracticeValues:
    """A good practice as typed on a page or sent to the API."""

    title: str
    what_was_done: str
    results: str
    people_reached: int
    contact_office: str
    contact_email: str = ""
    contact_phone: str = ""
    group_codes: Sequence[str] = field(default_factory=tuple)


def practice_problems(values: PracticeValues) -> list[Problem]:
    problems: list[Problem] = []
    if not values.title.strip():
        problems.append(Problem(_("Give the title of the practice."), field="title"))
    if not values.what_was_done.strip():
        problems.append(Problem(_("Describe what was done."), field="what_was_done"))
    if not values.results.strip():
        problems.append(Problem(_("Describe the results, with their figures."), field="results"))
    if not 0 < values.people_reached <= MAX_PEOPLE_REACHED:
        problems.append(
            Problem(
                _("Give the people reached, from 1 to %(max)s.") % {"max": MAX_PEOPLE_REACHED},
                field="people_reached",
            )
        )
    if not values.group_codes:
        problems.append(Problem(_("Choose at least one target group."), field="groups"))
    if not values.contact_office.strip():
        problems.append(
            Problem(
                _("Give the office to contact (for example: the gmina's GOPS)."),
                field="contact_office",
            )
        )
    email = values.contact_email.strip()
    if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
        problems.append(
            Problem(_("Give the office's e-mail, like gops@example.org."), field="contact_email")
        )
    phone = values.contact_phone.strip()
    digits = sum(ch.isdigit() for ch in phone)
    if phone and (not set(phone) <= _PHONE_CHARACTERS or not 9 <= digits <= 15):
        problems.append(
            Problem(
                _("Give the office's phone as digits, like 81 123 45 67."), field="contact_phone"
            )
        )
    return problems


def photo_problems(name: str, size: int, alt_text: str, *, count: int) -> list[Problem]:
    """A photo's type (by its extension), size, its alternative text and the practice's limit."""
    problems: list[Problem] = []
    dot = name.rfind(".")
    if dot < 0 or name[dot:].lower() not in PHOTO_EXTENSIONS:
        problems.append(Problem(_("Upload a JPG, PNG or WEBP picture."), field="file"))
    if size > PHOTO_MAX_BYTES:
        problems.append(Problem(_("The picture may have at most 5 MB."), field="file"))
    if size == 0:
        problems.append(Problem(_("The file is empty."), field="file"))
    if count >= MAX_PHOTOS:
        problems.append(
            Problem(_("A practice has at most %(max)s photos.") % {"max": MAX_PHOTOS}, field="file")
        )
    if not alt_text.strip():
        problems.append(
            Problem(
                _("Describe what the photo shows, for people who cannot see it."),
                field="alt_text",
            )
        )
    return problems
