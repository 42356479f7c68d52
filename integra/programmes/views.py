"""Pages of programmes: the permission-checked download of a scanned agreement."""

from django.http import FileResponse, Http404, HttpRequest

from integra.programmes.models import Participation, ParticipationAgreement


def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    """The scanned agreement, only for those who may see the gmina's participation (404 else)."""
    agreement = (
        ParticipationAgreement.objects.select_related("participation__gmina")
        .filter(participation__in=Participation.objects.visible_to(request.user), pk=pk)
        .first()
    )
    if agreement is None or not agreement.document:
        raise Http404
    handle = agreement.document.open("rb")
    filename = agreement.document.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=filename)
