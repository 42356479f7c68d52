"""Page-number pagination of API lists: `?page=&page_size=`, answered with the page it served."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

PER_PAGE: int = settings.NINJA_PAGINATION_PER_PAGE
MAX_PAGE_SIZE: int = settings.NINJA_MAX_PER_PAGE_SIZE
# A bound keeps the SQL OFFSET within a 64-bit integer whatever the client sends.
MAX_PAGE = 1_000_000


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        PER_PAGE, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, at most {MAX_PAGE_SIZE}."
    )


class PageNumberPagination(PaginationBase):
    Input = PageQuery

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Number of items on all pages.")
        page: int
        page_size: int

    def paginate_queryset(
        self, queryset: QuerySet, pagination: PageQuery, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[offset : offset + pagination.page_size],
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }
