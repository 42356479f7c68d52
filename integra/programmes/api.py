"""API of gminas' participations in programmes, each caller seeing only those in their scope."""

from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import MAX_ID, PRINTABLE, caller
from integra.programmes import selectors
from integra.programmes.models import Participation, Programme
from integra.territories.models import Territory

router = Router(tags=["participations"])

PROGRAMME_CODE_LENGTH = Programme._meta.get_field("code").max_length


class ParticipationFilters(Schema):
    # Optional but never null: a query string has no null, so the schema should not offer one.
    programme: str = Field(
        None,
        max_length=PROGRAMME_CODE_LENGTH,
        pattern=PRINTABLE,
        description="Code of the programme, e.g. PIS.",
    )
    voivodeship: str = Field(
        None, pattern=r"^[0-9]{2}$", description="TERYT code of the voivodeship (2 digits)."
    )
    status: Participation.Status = Field(None, description="Status of the participation.")


class ProgrammeRef(Schema):
    code: str
    name: str


class UnitRef(Schema):
    teryt: str
    name: str


class ParticipationItem(Schema):
    id: int
    programme: ProgrammeRef
    gmina: UnitRef
    voivodeship: UnitRef = Field(description="The voivodeship of the gmina.")
    status: Participation.Status
    status_label: str = Field(description="The status in words, in the language of the request.")
    selection_rank: int | None = Field(description="Rank of the gmina in the selection, if any.")
    url: str = Field(description="Path of the participation's detail in this API.")

    @staticmethod
    def resolve_voivodeship(participation: Participation) -> Territory | None:
        # gmina → powiat → voivodeship (a gmina always has both), loaded by the selector.
        powiat = participation.gmina.parent
        return powiat.parent if powiat else None

    @staticmethod
    def resolve_status_label(participation: Participation) -> str:
        return str(participation.get_status_display())

    @staticmethod
    def resolve_url(participation: Participation) -> str:
        return reverse("api:participations_detail", kwargs={"participation_id": participation.pk})


class ProgrammePeriod(ProgrammeRef):
    starts_on: date
    ends_on: date = Field(description="The programme's last day.")


class ParticipationDetail(ParticipationItem):
    programme: ProgrammePeriod
    powiat: UnitRef = Field(description="The powiat of the gmina.")
    gmina_type: Territory.GminaType = Field(
        description='Gmina type (RODZ): "1" urban, "2" rural, "3" urban-rural.'
    )
    gmina_type_label: str

    @staticmethod
    def resolve_powiat(participation: Participation) -> Territory | None:
        return participation.gmina.parent

    @staticmethod
    def resolve_gmina_type(participation: Participation) -> str:
        return participation.gmina.gmina_type

    @staticmethod
    def resolve_gmina_type_label(participation: Participation) -> str:
        return str(participation.gmina.get_gmina_type_display())


@router.get("", response=list[ParticipationItem], summary="List participations")
@paginate(PageNumberPagination)
def participations_list(
    request: HttpRequest, filters: Query[ParticipationFilters]
) -> QuerySet[Participation]:
    """Gminas' participations in programmes within the caller's scope (a gmina's users see their
    gmina, a voivodeship's users its gminas, the ministry all), by programme, then TERYT code."""
    return selectors.list_participations(
        user=caller(request),
        programme=filters.programme,
        voivodeship=filters.voivodeship,
        status=filters.status,
    )


@router.get("/{participation_id}", response=ParticipationDetail, summary="One participation")
def participations_detail(
    request: HttpRequest, participation_id: int = Path(..., ge=1, le=MAX_ID)
) -> Participation:
    """404 when absent and equally when outside the caller's scope: nothing tells them apart."""
    return selectors.get_participation(
        user=caller(request),
        participation_id=participation_id,
    )
