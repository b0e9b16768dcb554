"""What visitors get while the database or Redis is down (iurc/core/outage.py).

The real outages (a stopped PostgreSQL, a stopped Redis, under load) are played by the scripts
in deploy/faults/ (`make faults`); these tests pin the pieces: the 503 page, its language,
its headers, the breaker and the log filters.
"""

import json
import logging
import os
import runpy
import subprocess
import sys
import time

import psycopg
import pytest
from django.core.cache import caches
from django.db import DatabaseError, OperationalError, connection
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path
from psycopg_pool import PoolTimeout
from wagtail.models import Site

from iurc import urls as project_urls
from iurc.core import outage

calls = []


def database_down(request, code=""):
    calls.append(request.path)
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


def pool_gave_up(request):
    calls.append(request.path)
    try:
        raise PoolTimeout("couldn't get a connection after 2.00 sec")
    except PoolTimeout as error:
        # As Django's wrap_database_errors raises it.
        raise OperationalError(*error.args) from error


def query_error(request):
    calls.append(request.path)
    raise DatabaseError("syntax error at or near SELECT")


PSYCOPG_ERRORS = {
    "refused": psycopg.OperationalError("connection refused"),
    "shutdown": psycopg.errors.AdminShutdown("terminating connection due to administrator"),
    "starting": psycopg.errors.CannotConnectNow("the database system is starting up"),
    "full": psycopg.errors.TooManyConnections("sorry, too many clients already"),
    "closed": psycopg.InterfaceError("the connection is closed"),
    "statement-timeout": psycopg.errors.QueryCanceled("canceling statement due to timeout"),
    "deadlock": psycopg.errors.DeadlockDetected("deadlock detected"),
    "bad-sql": psycopg.errors.SyntaxError("syntax error at or near SELECT"),
}


def psycopg_error(request, name):
    calls.append(request.path)
    # Django's own translation of a driver error (on PostgreSQL, psycopg's).
    with connection.wrap_database_errors:
        raise PSYCOPG_ERRORS[name]


def works(request):
    calls.append(request.path)
    return HttpResponse("fine")


urlpatterns = [
    path("<str:code>/down/", database_down),
    path("down/", database_down),
    path("pool/", pool_gave_up),
    path("broken-query/", query_error),
    path("psycopg/<str:name>/", psycopg_error),
    path("works/", works),
    *project_urls.urlpatterns,
]
handler500 = "iurc.core.views.server_error"


@pytest.fixture(autouse=True)
def fresh_breaker():
    outage.breaker.open_until = outage.cache_breaker.open_until = 0.0
    calls.clear()
    yield
    outage.breaker.open_until = outage.cache_breaker.open_until = 0.0


@pytest.fixture
def anonymous(client):
    client.raise_request_exception = False
    return client


pytestmark = pytest.mark.urls(__name__)


def test_database_down_gives_503_with_retry_after_and_no_query(anonymous):
    # No django_db mark: a query anywhere on the way would raise, and the page would be a 500.
    response = anonymous.get("/vi/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Language"] == "vi"
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Trang web tạm thời không truy cập được" in html
    assert 'href="/vi/"' in html
    # Valid under the public CSP: no inline script or style of any kind.
    assert "<script" not in html
    assert "<style" not in html
    assert "style=" not in html
    assert 'rel="stylesheet" href="/static/css/error.css"' in html


def test_the_api_answers_its_clients_in_json(anonymous):
    outage.breaker.trip()
    response = anonymous.get("/api/v1/agreements/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "Chúng tôi chưa thể hiển thị trang này lúc này. Vui lòng thử lại sau một phút."
    }


@override_settings(IURC_OUTAGE_RETRY_AFTER=120)
def test_retry_after_follows_the_setting(anonymous):
    assert anonymous.get("/en/down/")["Retry-After"] == "120"


@pytest.mark.parametrize(
    ("url", "accept_language", "language", "title"),
    [
        ("/ja/down/", "fr", "ja", "サイトは一時的にご利用いただけません"),
        ("/down/", "fr-CA,fr;q=0.9,en;q=0.5", "fr", "Le site est momentanément indisponible"),
        ("/down/", "zh-CN,zh;q=0.9", "zh-hans", "网站暂时无法访问"),
        ("/down/", "de-DE,de;q=0.9", "en", "The site is briefly unavailable"),
        ("/down/", "", "en", "The site is briefly unavailable"),
    ],
)
def test_the_page_speaks_the_url_language_else_the_browser_language_else_english(
    anonymous, url, accept_language, language, title
):
    response = anonymous.get(url, HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 503
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in response.content.decode()
    assert title in response.content.decode()


def test_pool_timeout_is_an_outage(anonymous):
    assert anonymous.get("/pool/").status_code == 503


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("refused", 503),
        ("shutdown", 503),
        ("starting", 503),
        ("full", 503),
        ("closed", 503),
        # The database is there: the query itself failed.
        ("statement-timeout", 500),
        ("deadlock", 500),
        ("bad-sql", 500),
    ],
)
def test_only_errors_that_mean_the_database_is_out_of_reach_give_503(anonymous, name, status):
    assert anonymous.get(f"/psycopg/{name}/").status_code == status
    assert outage.breaker.is_open() is (status == 503)


def test_an_error_in_a_query_is_still_a_500(anonymous):
    response = anonymous.get("/broken-query/")
    assert response.status_code == 500
    assert not outage.breaker.is_open()


def test_while_the_database_is_known_down_requests_answer_at_once_then_try_again(anonymous):
    assert anonymous.get("/en/down/").status_code == 503
    assert outage.breaker.is_open()

    # Known down: the view is not even called.
    response = anonymous.get("/works/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 503
    assert response["Content-Language"] == "ko"
    assert calls == ["/en/down/"]

    # The breaker's time has passed: the next request tries, and the database answers.
    outage.breaker.open_until = time.monotonic() - 0.01
    response = anonymous.get("/works/")
    assert response.status_code == 200
    assert calls == ["/en/down/", "/works/"]
    assert outage.breaker.open_until == 0.0


def test_an_outage_is_logged_once_however_many_requests_fail(anonymous, caplog, monkeypatch):
    # The filter LOGGING puts on django.request, fresh (the settings' own has seen other tests).
    logger = logging.getLogger("django.request")
    assert any(isinstance(f, outage.DatabaseOutageOncePerBurst) for f in logger.filters)
    monkeypatch.setattr(logger, "filters", [outage.DatabaseOutageOncePerBurst(quiet=60)])
    with caplog.at_level(logging.ERROR, logger="django.request"):
        for _ in range(3):
            outage.breaker.open_until = 0.0
            assert anonymous.get("/down/").status_code == 503
            # Answered by the breaker: no exception, and Django logs the 503 all the same.
            assert anonymous.get("/works/").status_code == 503
        outage.breaker.open_until = 0.0
        assert anonymous.get("/broken-query/").status_code == 500
        assert anonymous.get("/broken-query/").status_code == 500
    logged = [record for record in caplog.records if record.name == "django.request"]
    # One record for the outage; every other error as usual.
    assert [record.status_code for record in logged] == [503, 500, 500]


def test_once_per_burst_lets_a_record_through_after_a_quiet_spell(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(outage.time, "monotonic", lambda: now[0])
    burst = outage.OncePerBurst(quiet=60)
    record = logging.LogRecord(
        "iurc.cache", logging.ERROR, __file__, 1, "Exception ignored", (), None
    )
    shown = []
    for step in (0, 1, 30, 59, 59, 200, 1):
        now[0] += step
        shown.append(burst.filter(record))
    # A burst is calls less than a minute apart: its first call alone is logged.
    assert shown == [True, False, False, False, False, True, False]


@pytest.mark.django_db
def test_redis_down_is_a_cache_miss_with_the_production_settings(monkeypatch, caplog):
    # The settings as production builds them from REDIS_URL, against a port nothing listens on.
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:9/0")
    base = runpy.run_path("iurc/settings/base.py")
    # Every command asks for a Redis connection one of these two ways.
    connections = []
    for name in ("get_client", "get_client_with_index"):
        original = getattr(outage.RedisClient, name)
        monkeypatch.setattr(
            outage.RedisClient,
            name,
            lambda self, *args, original=original, **kwargs: (
                connections.append(1) or original(self, *args, **kwargs)
            ),
        )
    with override_settings(
        CACHES=base["CACHES"],
        DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=base["DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS"],
        DJANGO_REDIS_LOGGER=base["DJANGO_REDIS_LOGGER"],
    ):
        cache = caches["default"]
        assert isinstance(cache.client, outage.RedisClient)
        with caplog.at_level(logging.ERROR, logger="iurc.cache"):
            started = time.monotonic()
            cache.set("key", "value")
            assert outage.cache_breaker.is_open()
            # Known down: the following calls are misses without trying Redis.
            assert cache.get("key") is None
            assert cache.get_many(["key", "other"]) == {}
            assert cache.get_or_set("key", "computed") == "computed"
            # Wagtail's own cache read, which every page's URLs go through.
            Site.get_site_root_paths()
            assert len(connections) == 1
            assert time.monotonic() - started < 5
            # Its time has passed: the next call tries Redis again.
            outage.cache_breaker.open_until = time.monotonic() - 0.01
            assert cache.get("key") is None
            assert len(connections) == 2
        assert any(record.name == "iurc.cache" for record in caplog.records)


def test_production_waits_for_the_database_far_less_than_gunicorn_waits_for_a_request():
    # In a process of its own: production.py changes the DATABASES it imports from base.py.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_POOL_TIMEOUT", "DATABASE_CONNECT_TIMEOUT", "GUNICORN_TIMEOUT"}
    }
    environment.update(
        DJANGO_SECRET_KEY="settings-test-only",
        DJANGO_ALLOWED_HOSTS="iurc.example.org",
        DATABASE_URL="postgres://iurc@db.example.org:5432/iurc",
    )
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, iurc.settings.production as p; "
            "print(json.dumps(p.DATABASES['default']['OPTIONS']))",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    options = json.loads(printed)
    gunicorn = runpy.run_path("deploy/gunicorn.conf.py")
    # A visitor gets the 503 page within 3 s of the database going away.
    assert options["pool"]["timeout"] <= 2
    assert options["pool"]["reconnect_timeout"] <= 2
    assert options["connect_timeout"] <= 2
    assert gunicorn["timeout"] >= 10 * options["pool"]["timeout"]
    assert gunicorn["worker_class"] == "sync"
