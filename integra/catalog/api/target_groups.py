"""API of the catalogue's target groups, read by every user with a role."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router

from integra.catalog import selectors
from integra.catalog.api.schemas import TargetGroupOut, reader
from integra.catalog.models import TargetGroup

router = Router(tags=["catalogue"])


@router.get("", response=list[TargetGroupOut], summary="List target groups")
def target_groups_list(request: HttpRequest) -> QuerySet[TargetGroup]:
    """Every target group in catalogue order."""
    reader(request)
    return selectors.list_target_groups()
