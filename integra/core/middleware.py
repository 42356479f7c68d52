"""Request id: one identifier per request, echoed in the response and kept by the audit trail.

The id is made here. An incoming `X-Request-ID` is adopted only when the operator says a
trusted reverse proxy sets it (INTEGRA_TRUST_REQUEST_ID): otherwise any client could file its
changes under an id of its choosing — another request's, say — in the audit trail.
"""

import logging
import re
import time
import uuid

from django.conf import settings

from integra.core.logs import current_request_id
from integra.core.routers import replica_configured, start_replica_reads, stop_replica_reads

access_log = logging.getLogger("integra.requests")

_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(self.header, "")
        trusted = settings.INTEGRA_TRUST_REQUEST_ID and _VALID.match(incoming)
        request.request_id = incoming if trusted else uuid.uuid4().hex
        token = current_request_id.set(request.request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[self.header] = request.request_id
            if settings.INTEGRA_LOG_REQUESTS:
                access_log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "request_id": request.request_id,
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "ms": round((time.monotonic() - started) * 1000, 1),
                        "user": getattr(getattr(request, "user", None), "pk", None),
                    },
                )
            return response
        finally:
            current_request_id.reset(token)


class ReplicaReadsMiddleware:
    """GET requests of the dashboards and of every export read from the replica (when one is
    configured; integra.core.routers). It only marks the request: the view still passes every
    later middleware's process_view (the second factor, the lockout)."""

    namespaces = frozenset({"dashboards"})
    suffixes = ("-export", "-pdf", "-xlsx", "-csv")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.replica_reads_token = None
        try:
            return self.get_response(request)
        finally:
            if request.replica_reads_token is not None:
                stop_replica_reads(request.replica_reads_token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method not in ("GET", "HEAD") or match is None or not replica_configured():
            return None
        name = match.url_name or ""
        if match.namespace in self.namespaces or name.endswith(self.suffixes):
            request.replica_reads_token = start_replica_reads()
        return None
