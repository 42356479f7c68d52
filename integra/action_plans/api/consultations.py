"""API of the public consultation of an Action Plan: residents comment on a draft without an
account. The router declares no authentication: the API composition mounts it as public."""

import uuid

from django.http import HttpRequest
from ninja import Router, Status

from integra.action_plans import services
from integra.action_plans.api.schemas import ConsultationKey, PublicCommentIn, PublicCommentOut
from integra.core import ratelimit

router = Router(tags=["action-plans"])


@router.post(
    "/consultations/{key}/comments",
    response={201: PublicCommentOut},
    summary="Comment on a plan under public consultation",
)
def action_plans_public_comments_add(
    request: HttpRequest,
    data: PublicCommentIn,
    key: uuid.UUID = ConsultationKey,
) -> Status:
    """Anyone, without an account (and without a CSRF token: no session is involved); 404
    (consultation_closed) when the consultation is closed or the key unknown, 422 for an empty
    comment, 429 (throttled) past INTEGRA_PUBLIC_POSTS_PER_WINDOW comments from one address in
    INTEGRA_PUBLIC_WINDOW_SECONDS."""
    ratelimit.require_public_post(request)
    comment = services.add_public_comment(
        public_key=key, author_name=data.author_name, text=data.text
    )
    return Status(201, comment)
