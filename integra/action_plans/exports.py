"""Documents of an Action Plan version: the plan as a Polish A4 PDF (WeasyPrint) and its planned
services as an XLSX table."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.action_plans.models import PlanVersion, ReviewComment
from integra.action_plans.selectors import budget_summary, get_plan_version
from integra.catalog.models import ServiceType
from integra.core.exports import Table, count
from integra.core.jobs import JobContext, JobFile, job_kind

PDF_TYPE = "application/pdf"


def file_name(version: PlanVersion) -> str:
    plan = version.plan
    return f"plan-dzialania-{plan.programme.code}-{plan.gmina.teryt}-{plan.year}-v{version.number}"


def _context(version: PlanVersion) -> dict[str, Any]:
    services = list(
        version.services.select_related("service_type", "goal").prefetch_related("groups")
    )
    training = [s for s in services if s.service_type.line == ServiceType.Line.TRAINING]
    goals = {s.goal.pk: s.goal for s in services if s.goal is not None}
    powiat = version.plan.gmina.parent
    return {
        "version": version,
        "plan": version.plan,
        "voivodeship": powiat.parent.name.lower() if powiat and powiat.parent else "",
        "services_line": [s for s in services if s not in training],
        "training": training,
        "goals": sorted(goals.values(), key=lambda goal: goal.code),
        "budget": budget_summary(version),
        "return_comments": [
            c for c in version.comments.all() if c.kind == ReviewComment.Kind.RETURN
        ],
    }


def plan_version_pdf(version: PlanVersion, progress: Any = None) -> bytes:
    """The version as an A4 PDF, always in Polish (the language of the approval procedure).
    `progress(percent, message)`, when given, hears how far the build got."""
    from weasyprint import HTML  # a heavy import, only for the documents

    report = progress or (lambda percent, message="": None)
    with translation.override("pl"):
        html = render_to_string("action_plans/action_plan_pdf.html", _context(version))
        report(20, _("Laying out the pages"))
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
        report(80, _("Writing the PDF file"))
        return document.write_pdf()


@job_kind("action_plans.plan_pdf", title=gettext_lazy("Action Plan (PDF)"))
def build_plan_pdf(ctx: JobContext) -> JobFile:
    """A large plan's PDF in the background (params: plan, number), for whoever still sees it."""
    version = get_plan_version(
        user=ctx.actor, plan_id=int(ctx.params["plan"]), number=int(ctx.params["number"])
    )
    ctx.progress(5, _("Reading the plan"))
    content = plan_version_pdf(version, progress=ctx.progress)
    return JobFile(filename=f"{file_name(version)}.pdf", content_type=PDF_TYPE, content=content)


def services_table(version: PlanVersion) -> Table:
    """Every planned service of the version, one row each, with its cost in PLN and EUR."""
    services = version.services.select_related("service_type", "goal").prefetch_related("groups")
    return Table(
        name=file_name(version),
        title=_("Planned services"),
        header=[
            _("No."),
            _("Service"),
            _("Service type"),
            _("Line"),
            _("Target groups"),
            _("For disabled people"),
            _("Strategy goal"),
            _("Description"),
            _("Villages"),
            _("Quarters"),
            _("Planned beneficiaries"),
            _("Planned cost (PLN)"),
            _("Planned cost (EUR)"),
            _("Provider type"),
            _("Does not duplicate services paid from public funds"),
            _("Justification"),
        ],
        rows=[
            [
                number,
                s.title,
                s.service_type.code,
                s.service_type.get_line_display(),
                ", ".join(group.code for group in s.groups.all()),
                s.for_disabled,
                str(s.goal) if s.goal else "",
                s.description,
                s.villages,
                ", ".join(s.quarters),
                count(s.planned_beneficiaries),
                s.planned_cost_pln,
                s.planned_cost_eur,
                s.get_provider_kind_display(),
                s.non_duplication_declared,
                s.non_duplication_justification,
            ]
            for number, s in enumerate(services, start=1)
        ],
        widths=(5, 36, 10, 24, 12, 10, 30, 40, 24, 24, 12, 16, 16, 24, 14, 40),
    )
