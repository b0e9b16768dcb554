"""Liveness and readiness: what a probe gets when everything answers, and when something fails."""

import json
import threading
import time

import pytest
from django.core.cache.backends.dummy import DummyCache

from iurc.core import health

SECRET_DETAIL = "db.internal.example:5432 password=hunter2"


def failing(*args, **kwargs):
    raise ConnectionError(SECRET_DETAIL)


@pytest.fixture
def media_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def body(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_liveness_answers_without_touching_the_database_or_the_cache(client, monkeypatch):
    # No django_db mark: any database access in this test raises.
    for name in health.CHECKS:
        monkeypatch.setitem(health.CHECKS, name, failing)

    response = client.get("/healthz/")

    assert response.status_code == 200
    assert body(response) == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readiness_checks_the_real_database_cache_and_media_folder(client, media_folder):
    response = client.get("/readyz/")

    assert response.status_code == 200, response.content
    assert body(response) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("broken", ["database", "storage"])
def test_readiness_is_503_naming_the_dependency_that_failed(client, monkeypatch, broken):
    for name in health.CHECKS:
        monkeypatch.setitem(health.CHECKS, name, failing if name == broken else lambda: None)

    response = client.get("/readyz/")

    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert response["Retry-After"] == "5"
    result = body(response)
    assert result["status"] == "unavailable"
    assert result["checks"][broken] == "failed"
    assert [name for name, outcome in result["checks"].items() if outcome != "ok"] == [broken]
    assert b"hunter2" not in response.content and b"internal" not in response.content


def test_a_cache_outage_is_reported_but_leaves_the_instance_ready(client, monkeypatch):
    # Pages are rendered without the cache; one shared Redis failing must not take every
    # instance out of rotation.
    monkeypatch.setitem(health.CHECKS, "database", lambda: None)
    monkeypatch.setitem(health.CHECKS, "storage", lambda: None)
    monkeypatch.setitem(health.CHECKS, "cache", failing)

    response = client.get("/readyz/")

    assert response.status_code == 200
    assert body(response) == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "failed", "storage": "ok"},
    }


def test_a_check_that_hangs_is_a_timeout_within_the_deadline(client, monkeypatch, settings):
    settings.IURC_HEALTH_CHECK_TIMEOUT = 0.3
    release = threading.Event()
    monkeypatch.setitem(health.CHECKS, "database", lambda: release.wait(5))
    monkeypatch.setitem(health.CHECKS, "cache", lambda: None)
    monkeypatch.setitem(health.CHECKS, "storage", lambda: None)

    started = time.monotonic()
    try:
        response = client.get("/readyz/")
    finally:
        release.set()

    assert time.monotonic() - started < 1.5
    assert response.status_code == 503
    assert body(response)["checks"]["database"] == "timeout"


def test_probes_by_address_over_plain_http_are_answered_in_production_mode(client, settings):
    # Production redirects HTTP to HTTPS and refuses unknown hosts; a container probe is both.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["iurc.example.org"]

    response = client.get("/healthz/", HTTP_HOST="172.18.0.5:8000")

    assert response.status_code == 200
    assert body(response) == {"status": "ok"}


@pytest.mark.django_db
def test_only_the_unprefixed_paths_are_health_endpoints(client):
    response = client.get("/en/healthz/")

    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_head_has_no_body_and_other_methods_are_refused(client):
    head = client.head("/healthz/")
    post = client.post("/readyz/")

    assert head.status_code == 200 and head.content == b""
    assert post.status_code == 405
    assert post["Allow"] == "GET, HEAD"


def test_storage_check_fails_on_a_missing_media_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "not-there")},
        },
    }

    with pytest.raises(RuntimeError):
        health.check_storage()


def test_cache_check_fails_when_the_cache_keeps_nothing(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from django.core.cache import caches

    assert isinstance(caches["default"], DummyCache)
    with pytest.raises(RuntimeError):
        health.check_cache()
