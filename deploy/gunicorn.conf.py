"""gunicorn in production, behind nginx (deploy/nginx/iurc.conf.template).

Sync workers: each serves one request at a time, which is safe only because nginx hands it
whole requests and takes whole answers at once; a worker never waits on a visitor's network.
``gunicorn -c deploy/gunicorn.conf.py iurc.wsgi:application``. Environment:

* ``GUNICORN_BIND`` (default ``0.0.0.0:$PORT``, ``PORT`` default 8000)
* ``GUNICORN_WORKERS`` (default 3; about two per core: a worker waits on the database too)
* ``GUNICORN_TIMEOUT`` (default 30 s): a request still running then is killed with its
  worker. The database pool gives up long before (``DATABASE_POOL_TIMEOUT``, 2 s), so a
  database outage answers 503, not a killed worker.
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On a restart (SIGHUP, a new release), requests under way get this long to finish.
graceful_timeout = 20
# Connections waiting for a worker: beyond this the kernel refuses them and nginx answers 502
# at once instead of letting them queue for minutes.
backlog = 256
# A worker is replaced after this many requests (spread so they do not all restart at once):
# memory a long-lived process gathers is given back.
# GUNICORN_MAX_REQUESTS=0 keeps workers (benchmark_serving measures the steady state).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a container's overlay disk, which can stall them.
SHARED_MEMORY = "/dev/shm"  # noqa: S108 (gunicorn unlinks its files there at once)
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY
# Request line and headers stay small: anything bigger is refused before Django sees it.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# GUNICORN_ACCESS_LOG: a file, "-" (standard output, the default) or empty for none.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# X-Forwarded-For and -Proto are read by Django (SECURE_PROXY_SSL_HEADER, trusted proxies),
# not by gunicorn.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def post_worker_init(worker):
    """Once the application is loaded, its objects (Django, Wagtail, the settings and URL
    patterns: hundreds of thousands) leave the garbage collector's watch: a full collection
    then scans only what requests create, a few milliseconds instead of close to a hundred
    that would land on one unlucky request."""
    import gc

    gc.collect()
    gc.freeze()
