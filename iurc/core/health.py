"""Health endpoints for the proxy, compose and any orchestrator.

* ``/healthz/`` (liveness): the process answers. It touches neither the database nor the
  cache, so a dependency's outage never gets a healthy worker restarted.
* ``/readyz/`` (readiness): the database, the cache and the media storage answer, each within
  ``IURC_HEALTH_CHECK_TIMEOUT`` seconds (default 2). 200 when the site can serve; 503 when the
  database or the media storage cannot be reached. The cache is reported but does not make
  the instance unready: the site renders pages without it (every instance shares one Redis, so
  failing readiness on it would take the whole site out of rotation).

Both are answered by the first middleware, before host validation, the HTTPS redirect,
sessions and language prefixes: a probe that knows only the container's address, over plain
HTTP, gets the same answer as one through the proxy. The bodies name the checks and their
outcome and nothing else (no host, no exception text: causes go to the log).
"""

import json
import logging
import os
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.http import HttpResponse

logger = logging.getLogger("iurc.health")

LIVENESS_PATH = "/healthz/"
READINESS_PATH = "/readyz/"

OK = "ok"
FAILED = "failed"
TIMEOUT = "timeout"


def check_database():
    """One round trip to the default database, on this thread's own connection."""
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        # The check runs on a thread of its own: give the connection back (to the pool, in
        # production) rather than leave it open with the thread.
        connection.close()


def check_cache():
    """Write and read back a value: a backend that swallows errors returns None."""
    cache = caches["default"]
    key = f"iurc:readyz:{uuid.uuid4().hex}"
    token = uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    try:
        if cache.get(key) != token:
            raise RuntimeError("the cache did not return what was just written to it")
    finally:
        cache.delete(key)


def check_storage():
    """The media storage can be written (a folder) or its bucket reached (S3)."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        if not os.path.isdir(location) or not os.access(location, os.W_OK | os.X_OK):
            raise RuntimeError("the media folder is missing or not writable")
        return
    bucket_name = getattr(storage, "bucket_name", None)
    if bucket_name:
        # HEAD on the bucket: a missing bucket, wrong credentials or an unreachable endpoint
        # all raise.
        storage.connection.meta.client.head_bucket(Bucket=bucket_name)
        return
    storage.exists("readyz-probe")


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}
# Checks that make the instance unready when they fail.
REQUIRED = ("database", "storage")


def run_checks(checks=None, timeout=None):
    """Run every check at once on its own thread; each has ``timeout`` seconds to answer."""
    checks = CHECKS if checks is None else checks
    if timeout is None:
        timeout = float(getattr(settings, "IURC_HEALTH_CHECK_TIMEOUT", 2.0))
    outcomes = {}

    def run(name, check):
        try:
            check()
        except Exception as error:
            # One line per failed probe (they come every few seconds), without the traceback.
            logger.warning("Readiness check %s failed: %s: %s", name, type(error).__name__, error)
            outcomes[name] = FAILED
        else:
            outcomes[name] = OK

    threads = {
        name: threading.Thread(target=run, args=(name, check), daemon=True, name=f"readyz-{name}")
        for name, check in checks.items()
    }
    for thread in threads.values():
        thread.start()
    # One deadline for all: the checks run side by side, so the probe waits at most `timeout`.
    deadline = time.monotonic() + timeout
    for name, thread in threads.items():
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            logger.warning("Readiness check %s did not answer within %.1f s", name, timeout)
    return {name: outcomes.get(name, TIMEOUT) for name in checks}


def _json_response(body, status):
    response = HttpResponse(
        json.dumps(body, sort_keys=True), status=status, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def liveness(request):
    return _json_response({"status": OK}, 200)


def readiness(request):
    results = run_checks()
    unready = [name for name in REQUIRED if results.get(name) != OK]
    if unready:
        status, code = "unavailable", 503
    elif any(outcome != OK for outcome in results.values()):
        status, code = "degraded", 200
    else:
        status, code = OK, 200
    response = _json_response({"status": status, "checks": results}, code)
    if code == 503:
        response["Retry-After"] = "5"
    return response


VIEWS = {LIVENESS_PATH: liveness, READINESS_PATH: readiness}


class HealthCheckMiddleware:
    """Answers the two health paths before any other middleware sees the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = VIEWS.get(request.path_info)
        if view is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _json_response({"status": "method not allowed"}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        response = view(request)
        if request.method == "HEAD":
            response.content = b""
        return response
