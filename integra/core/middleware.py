"""Request id: one identifier per request, echoed in the response and kept by the audit trail.

The id is made here. An incoming `X-Request-ID` is adopted only when the operator says a
trusted reverse proxy sets it (INTEGRA_TRUST_REQUEST_ID): otherwise any client could file its
changes under an id of its choosing — another request's, say — in the audit trail.
"""

import re
import uuid

from django.conf import settings

_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(self.header, "")
        trusted = settings.INTEGRA_TRUST_REQUEST_ID and _VALID.match(incoming)
        request.request_id = incoming if trusted else uuid.uuid4().hex
        response = self.get_response(request)
        response[self.header] = request.request_id
        return response
