"""Schemas of the catalogue's API, shared by its two routers: target groups and service types."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Schema

from integra.catalog import selectors
from integra.catalog.models import ServiceType
from integra.catalog.rules import CODE_LENGTH, DESCRIPTION_LENGTH, MAX_POSITION, NAME_LENGTH
from integra.core.actors import UserActor
from integra.core.api.schemas import PRINTABLE, TEXT, caller

Code = Path(..., max_length=CODE_LENGTH, pattern=PRINTABLE, description="Service type code.")


def reader(request: HttpRequest) -> UserActor:
    """The caller, or PermissionDenied when they hold no role in the programme."""
    user = caller(request)
    selectors.require_reader(user)
    return user


class TargetGroupOut(Schema):
    code: str
    name_pl: str
    name_en: str
    position: int


class ServiceTypeOut(Schema):
    code: str
    name_pl: str
    name_en: str
    groups: list[str] = Field(description="Codes of the target groups the type serves.")
    line: ServiceType.Line
    position: int
    description: str
    retired_on: dt.date | None
    is_active: bool = Field(description="False once the type is retired.")
    lock_version: int = Field(description="Send it back with PATCH.")

    @staticmethod
    def resolve_groups(service_type: ServiceType) -> list[str]:
        return [group.code for group in service_type.groups.all()]

    @staticmethod
    def resolve_is_active(service_type: ServiceType) -> bool:
        return not service_type.is_retired


class ServiceTypeFilters(Schema):
    group: str | None = Field(
        None, max_length=CODE_LENGTH, pattern=PRINTABLE, description="Target group code."
    )
    line: ServiceType.Line | None = None
    active: bool | None = Field(
        None, description="true: types in use only; false: retired only; absent: both."
    )
    search: str | None = Field(
        None, max_length=100, pattern=PRINTABLE, description="Part of the code or a name."
    )


def _name(description: str, default: Any = ...) -> Any:
    return Field(
        default, min_length=1, max_length=NAME_LENGTH, pattern=PRINTABLE, description=description
    )


def _groups(default: Any = ...) -> Any:
    return Field(default, max_length=20, description="Codes of the target groups the type serves.")


class ServiceTypeIn(Schema):
    code: str = Field(
        ...,
        max_length=CODE_LENGTH,
        pattern=PRINTABLE,
        description="Stable code, e.g. OS-11: 2–4 capital letters, a hyphen, a number.",
    )
    name_pl: str = _name("Name in Polish.")
    name_en: str = _name("Name in English.")
    groups: list[str] = _groups([])
    line: ServiceType.Line = ServiceType.Line.SERVICES
    position: int = Field(0, ge=0, le=MAX_POSITION)
    description: str = Field("", max_length=DESCRIPTION_LENGTH, pattern=TEXT)


class ServiceTypePatch(Schema):
    """Only the fields given change; lock_version is the version the editor saw (409
    service_type_edit_conflict when someone saved since)."""

    lock_version: int = Field(..., ge=1, le=2**31 - 1, description="The version last read.")
    name_pl: str | None = _name("Name in Polish.", None)
    name_en: str | None = _name("Name in English.", None)
    groups: list[str] | None = _groups(None)
    line: ServiceType.Line | None = None
    position: int | None = Field(None, ge=0, le=MAX_POSITION)
    description: str | None = Field(None, max_length=DESCRIPTION_LENGTH, pattern=TEXT)
