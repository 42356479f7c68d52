"""gunicorn settings of `make serve` (bin/serve): the app server behind the reverse proxy.

Every value comes from the environment: PORT (8000), INTEGRA_BIND_HOST (127.0.0.1: the proxy on
the same machine; 0.0.0.0 when the proxy is elsewhere), WEB_CONCURRENCY (worker processes,
2 × CPUs + 1 by default), INTEGRA_WEB_THREADS (1), INTEGRA_WEB_TIMEOUT (60 s).
"""

import multiprocessing
import os

bind = f"{os.environ.get('INTEGRA_BIND_HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("INTEGRA_WEB_THREADS", "1"))
timeout = int(os.environ.get("INTEGRA_WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced now and then, so that no slow leak grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# Django logs every request as JSON with its request id (integra.core.middleware); gunicorn's own
# access log would repeat it without the id.
accesslog = None
errorlog = "-"
# The proxy's X-Forwarded-* headers are trusted from these addresses only.
forwarded_allow_ips = os.environ.get("INTEGRA_PROXY_IPS", "127.0.0.1")
