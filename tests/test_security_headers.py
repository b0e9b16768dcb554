"""The security headers (iurc/core/security.py): a public Content-Security-Policy without any
'unsafe-…' source, the admin's own policy, Permissions-Policy, Cross-Origin-Resource-Policy and
Cross-Origin-Opener-Policy on pages, error pages, the API and static files; and the public
pages' score by Mozilla's HTTP Observatory rubric with production's settings."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import path

from iurc.core import observatory
from iurc.settings import base

UNUSED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]


def failing_view(request):
    raise RuntimeError("A server error, on purpose")


urlpatterns = [path("<str:language>/server-error/", failing_view)]
handler500 = "iurc.core.views.server_error"


@pytest.fixture(scope="module")
def production_security():
    """The security settings production.py sets (HTTPS redirect, HSTS, secure cookies…),
    read in another process: importing it here would change this process's database
    settings, which it shares with base.py."""
    names = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "LANGUAGE_COOKIE_", "X_FRAME_OPTIONS")
    code = (
        "import json, iurc.settings.production as p; "
        f"print(json.dumps({{n: getattr(p, n) for n in dir(p) if n.startswith({names!r})}}))"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= {
        "DJANGO_SECRET_KEY": "x" * 20 + uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "sqlite:////tmp/iurc-security-headers-test.sqlite3",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"]
    return values


def directives(header):
    return {words[0]: words[1:] for words in (part.split() for part in header.split(";")) if words}


def server_error():
    with override_settings(ROOT_URLCONF=__name__):
        return Client(raise_request_exception=False).get("/vi/server-error/")


def test_public_pages_score_at_least_100_by_the_observatory_rubric(
    site_tree, settings, production_security
):
    for name, value in production_security.items():
        setattr(settings, name, value)
    fetch = observatory.client_fetcher(Client(raise_request_exception=False))
    paths = [
        "/",
        site_tree.about.url,
        f"{site_tree.agreement_index.url}map/",
        site_tree.agreements[0].url,
        "/vi/no-such-page/",
    ]

    reports = {
        path: observatory.score(observatory.scan(fetch, "localhost", path)) for path in paths
    }

    low = {path: report for path, report in reports.items() if report.score < 100}
    assert low == {}
    for report in reports.values():
        results = {result.test: result.result for result in report.results}
        assert results["content-security-policy"] == (
            "csp-implemented-with-no-unsafe-default-src-none"
        )
        assert results["redirection"] == "redirection-to-https"


def test_public_policy_allows_nothing_by_default_and_no_unsafe_source(site_tree, client):
    header = client.get(site_tree.about.url).headers["Content-Security-Policy"]

    policy = directives(header)
    assert "'unsafe" not in header
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]  # The nonce appears only once a page uses it.
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == policy["frame-ancestors"] == ["'self'"]
    # No tile server unless the environment sets one: the maps draw our own world outline.
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'"]  # the map's data, and nothing elsewhere


def policies_with_environment(**variables):
    """The public and admin image sources base.py builds with these environment variables,
    read in another process (base.py reads the environment once, at start); or the error
    that stops the site."""
    code = (
        "import json, iurc.settings.base as b; print(json.dumps(["
        "b.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "b.IURC_ADMIN_CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("IURC_MAP_")}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=env | variables,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    if result.returncode:
        return result.stderr.strip().splitlines()[-1]
    return json.loads(result.stdout)


def test_tile_server_set_by_the_environment_is_the_only_image_source_added():
    public, admin = policies_with_environment(
        IURC_MAP_TILES="https://{s}.tile.example.org/{z}/{x}/{y}.png",
        IURC_MAP_TILES_ATTRIBUTION="© Example tiles",
    )

    assert public == ["'self'", "data:", "https://*.tile.example.org"]
    assert admin == ["'self'", "data:", "blob:", "https://*.tile.example.org"]


@pytest.mark.parametrize(
    "template",
    [
        "tile.example.org/{z}/{x}/{y}.png",  # no scheme
        "javascript:alert(1)//{z}/{x}/{y}",
        "https://tile.example.org/{z}/{x}.png",  # no {y}
        "https://user:secret@tile.example.org/{z}/{x}/{y}.png",
        "https://{z}.example.org/{z}/{x}/{y}.png",
    ],
)
def test_a_tile_template_the_map_cannot_use_stops_the_site_at_start(template):
    with pytest.raises(ImproperlyConfigured, match="IURC_MAP_TILES"):
        base.map_tile_source(template)


def test_tiles_without_their_credit_stop_the_site_at_start():
    error = policies_with_environment(IURC_MAP_TILES="https://tile.example.org/{z}/{x}/{y}.png")

    assert "IURC_MAP_TILES_ATTRIBUTION" in error


def test_admin_has_its_own_policy_that_wagtails_editor_needs(site_tree, admin_client):
    response = admin_client.get(f"/admin/pages/{site_tree.about.pk}/edit/")
    public = admin_client.get(site_tree.about.url)  # The same editor, on the public site.

    admin = directives(response.headers["Content-Security-Policy"])
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["default-src"] == admin["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe" not in public.headers["Content-Security-Policy"]


def test_error_pages_carry_the_public_policy_and_the_500_page_no_inline_style(site_tree, client):
    public = client.get(site_tree.about.url).headers["Content-Security-Policy"]
    missing = client.get("/vi/no-such-page/")
    error = server_error()

    assert missing.status_code == 404
    assert error.status_code == 500
    for response in (missing, error):
        assert directives(response.headers["Content-Security-Policy"]) == directives(public)
    html = error.content.decode()
    assert "<style" not in html and "style=" not in html
    assert 'href="/static/css/error.css"' in html


def test_every_response_denies_unused_features_and_cross_origin_embedding(
    site_tree, client, admin_client
):
    responses = {
        "page": client.get(site_tree.about.url),
        "404": client.get("/vi/no-such-page/"),
        "500": server_error(),
        "API": client.get("/api/v1/"),
        "admin": admin_client.get("/admin/"),
    }

    for name, response in responses.items():
        features = dict(
            feature.strip().split("=", 1)
            for feature in response.headers["Permissions-Policy"].split(",")
        )
        assert all(features[feature] == "()" for feature in UNUSED_FEATURES), name
        assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin", name
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin", name


@override_settings(
    MIDDLEWARE=base.MIDDLEWARE, WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True
)
def test_static_files_served_by_whitenoise_carry_the_headers(site_tree):
    response = Client().get("/static/css/site.css")

    assert response.status_code == 200
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
