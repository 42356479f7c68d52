"""Files out of the outreach app: a participant's Polish certificate (A4 PDF, WeasyPrint with
the DejaVu fonts) and the tables of the lists (core.exports typed cells)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from integra.core.exports import Table, count
from integra.outreach.models import Registration, TrainingSession


def certificate_file_name(registration: Registration) -> str:
    return f"zaswiadczenie-{registration.session_id}-{registration.pk}.pdf"


def certificate_pdf(registration: Registration) -> bytes:
    """The certificate of attendance, always in Polish."""
    from weasyprint import HTML  # a heavy import, only for the documents

    with translation.override("pl"):
        html = render_to_string(
            "outreach/certificate_pdf.html",
            {"registration": registration, "session": registration.session},
        )
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def sessions_table(sessions: object) -> Table:
    return Table(
        name="szkolenia",
        title=_("Training sessions"),
        header=[
            _("Number"),
            _("Topic"),
            _("Organiser"),
            _("First day"),
            _("Last day"),
            _("Place"),
            _("Places"),
            _("Registered"),
            _("Attended"),
            _("Registration closes on"),
            _("Cost (PLN)"),
            _("Charged to"),
        ],
        rows=(
            [
                s.pk,
                s.topic,
                s.organiser_label,
                s.starts_on,
                s.ends_on,
                _("online") if s.online else s.place,
                s.capacity,
                s.registered,
                s.attended_count,
                s.registration_closes_on,
                s.cost_pln,
                str(s.get_charged_to_display()),
            ]
            for s in sessions  # type: ignore[attr-defined]
        ),
        widths=(8, 48, 24, 12, 12, 30, 8, 10, 10, 14, 14, 30),
    )


def registrations_table(session: TrainingSession, registrations: object) -> Table:
    return Table(
        name=f"uczestnicy-{session.pk}",
        title=_("Participants"),
        header=[_("Name and surname"), _("Function"), _("E-mail"), _("Gmina"), _("Was present")],
        rows=(
            [r.full_name, r.function, r.email, r.gmina.name, r.attended]
            for r in registrations  # type: ignore[attr-defined]
        ),
        widths=(30, 30, 32, 24, 10),
    )


def requests_table(requests: object) -> Table:
    return Table(
        name="wsparcie-eksperckie",
        title=_("Expert support"),
        header=[
            _("Number"),
            _("Topic"),
            _("Gmina"),
            _("TERYT"),
            _("Status"),
            _("Expert"),
            _("Hours"),
            _("Cost (PLN)"),
            _("Requested at"),
        ],
        rows=(
            [
                r.pk,
                r.topic,
                r.gmina.name,
                r.gmina.teryt,
                str(r.get_status_display()),
                str(r.expert.get_full_name() or r.expert.get_username()) if r.expert else "",
                r.hours,
                r.cost_pln,
                r.created_at,
            ]
            for r in requests  # type: ignore[attr-defined]
        ),
        widths=(8, 48, 24, 10, 16, 28, 8, 14, 18),
    )


def events_table(events: object) -> Table:
    return Table(
        name="kampania",
        title=_("Campaign events"),
        header=[
            _("Number"),
            _("Type"),
            _("Title"),
            _("Date"),
            _("Place"),
            _("Organiser"),
            _("Participants"),
            _("People reached"),
            _("Cost (PLN)"),
        ],
        rows=(
            [
                e.pk,
                str(e.get_kind_display()),
                e.title,
                e.held_on,
                e.place,
                e.organiser.name,
                e.participants,
                count(e.reach),
                e.cost_pln,
            ]
            for e in events  # type: ignore[attr-defined]
        ),
        widths=(8, 26, 48, 12, 30, 24, 12, 14, 14),
    )


def practices_table(practices: object) -> Table:
    """Good practices (no contact columns: the library's contacts are on its pages)."""
    return Table(
        name="dobre-praktyki",
        title=_("Good practices"),
        header=[
            _("Number"),
            _("Title"),
            _("Gmina"),
            _("TERYT"),
            _("Service type"),
            _("Target groups"),
            _("People reached"),
            _("Status"),
            _("Published at"),
        ],
        rows=(
            [
                p.pk,
                p.title,
                p.gmina.name,
                p.gmina.teryt,
                str(p.service_type.name),
                ", ".join(str(g.name) for g in p.groups.all()),
                count(p.people_reached),
                str(p.get_status_display()),
                p.published_at.date() if p.published_at else None,
            ]
            for p in practices  # type: ignore[attr-defined]
        ),
        widths=(8, 48, 24, 10, 30, 30, 14, 14, 12),
    )
