"""The public page of a draft under consultation: residents read it and comment without an
account."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from integra.action_plans import forms, selectors, services
from integra.action_plans.models import PlanVersion
from integra.action_plans.views.plans import problems_at, service_lines
from integra.core import ratelimit
from integra.core.errors import RulesBroken

# Public consultation ------------------------------------------------------------------------------


@login_not_required
def public_consultation(request: HttpRequest, key: UUID) -> HttpResponse:
    """The read-only draft under consultation and a comment form; 404 once it is closed."""
    try:
        version = selectors.get_public_version(public_key=key)
    except PlanVersion.DoesNotExist as exc:
        raise Http404(_("This plan is not open to public consultation.")) from exc
    form = forms.PublicCommentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.require_public_post(request)
            services.add_public_comment(
                public_key=key,
                author_name=form.cleaned_data["author_name"],
                text=form.cleaned_data["text"],
            )
        except services.ConsultationClosed as closed:
            raise Http404(closed.message) from closed
        except RulesBroken as refusal:
            problems_at(form, refusal, {"text": "text"})
        except ratelimit.TooManyRequests as refusal:
            form.add_error(None, refusal.message)
            status = 429
        else:
            messages.success(request, _("Thank you: your comment has been sent to the gmina."))
            return redirect("action_plans:public-consultation", key=key)
    services_line, training = service_lines(version)
    context = {
        "version": version,
        "plan": version.plan,
        "services_line": services_line,
        "training": training,
        "form": form,
    }
    return render(request, "action_plans/action_plan_public.html", context, status=status)
