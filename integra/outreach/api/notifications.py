"""API of the caller's own notifications (`/notifications`)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.outreach import selectors, services
from integra.outreach.api.schemas import NotificationFilters, NotificationItem, ObjectId
from integra.outreach.models import Notification

router = Router(tags=["notifications"])


@router.get("", response=list[NotificationItem], summary="My notifications")
@paginate(PageNumberPagination)
def notifications_list(
    request: HttpRequest, filters: Query[NotificationFilters]
) -> QuerySet[Notification]:
    return selectors.list_notifications(user=caller(request), unread=filters.unread)


@router.post("/{notification_id}/read", response=NotificationItem, summary="Mark as read")
def notifications_read(request: HttpRequest, notification_id: int = ObjectId) -> Notification:
    notification = selectors.list_notifications(user=caller(request)).get(pk=notification_id)
    services.mark_read(actor=caller(request), notification=notification)
    notification.refresh_from_db()
    return notification
