"""A small limiter of anonymous writes over Django's cache: at most N hits per client and window.

The window is fixed (it starts at a multiple of its length), the count lives in the cache under a
key of the scope, the client's address and the window: `cache.add` starts it, `cache.incr` raises
it atomically on the shared caches (Redis, Memcached; per process with the local-memory cache).
The client is the address Django sees (REMOTE_ADDR): behind a reverse proxy, the proxy must set it
to the client's own (e.g. uWSGI/gunicorn with the proxy's real-IP handling), never a header a
client could choose.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from integra.core.errors import DomainError

PUBLIC_POSTS = "public-posts"


class TooManyRequests(DomainError):
    """A client has used up its allowance for the window; it may try again in the next one."""

    code = "throttled"
    status = 429


def client_address(request: HttpRequest) -> str:
    """The client as Django sees it; "unknown" when the server gives no address."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def hit(scope: str, client: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one hit of `client` in `scope`; True while the window's hits are within `limit`."""
    moment = time.time() if now is None else now
    slot = int(moment // window)
    digest = hashlib.sha256(f"{scope}|{client}|{slot}".encode()).hexdigest()[:32]
    key = f"ratelimit:{digest}"
    # Outlives the window a little, so that a count is never read back after it was evicted.
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this hit starts the count again
        cache.add(key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def require_public_post(request: HttpRequest) -> None:
    """Count an anonymous post of this client: TooManyRequests past
    INTEGRA_PUBLIC_POSTS_PER_WINDOW posts in INTEGRA_PUBLIC_WINDOW_SECONDS."""
    limit = settings.INTEGRA_PUBLIC_POSTS_PER_WINDOW
    window = settings.INTEGRA_PUBLIC_WINDOW_SECONDS
    if not hit(PUBLIC_POSTS, client_address(request), limit=limit, window=window):
        minutes = max(1, round(window / 60))
        raise TooManyRequests(
            str(
                _(
                    "Too many comments from your address; at most %(limit)s in %(minutes)s "
                    "minutes. Please try again later."
                )
                % {"limit": limit, "minutes": minutes}
            )
        )
