"""Production settings fail closed, pass `check --deploy`, and use Redis when configured."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "iurc.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + uuid.uuid4().hex * 2,
    "DJANGO_ALLOWED_HOSTS": "iurc.example.org",
    "DATABASE_URL": "sqlite:////tmp/iurc-settings-test.sqlite3",
    "DJANGO_EMAIL_HOST": "smtp.example.org",
}


def run_manage(*args, env):
    base = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    base.pop("DATABASE_URL", None)
    return subprocess.run(
        [*MANAGE, *args], env={**base, **env}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert missing in result.stderr


def test_production_passes_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_production_has_no_smtp_server():
    env = {key: value for key, value in PRODUCTION.items() if key != "DJANGO_EMAIL_HOST"}

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "iurc.W001" in result.stderr
    assert "password resets and workflow notifications cannot be sent" in result.stderr


def redis_url():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {url} (CI starts one)")
    return url


def test_redis_cache_is_used_when_redis_url_is_set():
    url = redis_url()
    code = (
        "from django.core.cache import caches; "
        "cache = caches['default']; "
        "cache.set('iurc-test', 'ok', 30); "
        "print(type(cache).__name__, cache.get('iurc-test'))"
    )

    result = run_manage("shell", "-c", code, env={**PRODUCTION, "REDIS_URL": url})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["RedisCache", "ok"]


@pytest.mark.parametrize(("value", "expected"), [("true", "True"), ("", "False")])
def test_a_transaction_pooler_turns_off_server_side_cursors(value, expected):
    code = (
        "from django.db import connection; "
        "print(connection.settings_dict.get('DISABLE_SERVER_SIDE_CURSORS', False))"
    )
    env = {
        **PRODUCTION,
        "DATABASE_URL": "postgres://iurc@127.0.0.1:5432/iurc",
        "DATABASE_TRANSACTION_POOLER": value,
    }

    result = run_manage("shell", "-c", code, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == expected


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"REDIS_URL": ""}, "False []"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/1"}, "True []"),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/1", "IURC_PAGE_CACHE": "false"},
            "False []",
        ),
        (
            {
                "REDIS_URL": "",
                "IURC_PURGE_URL": "http://127.0.0.1:6081",
                "CLOUDFLARE_ZONE_ID": "zone",
            },
            "False ['cloudflare', 'http']",
        ),
    ],
    ids=["no redis", "redis", "switched off", "purge backends"],
)
def test_production_caches_pages_only_with_a_shared_cache_and_purges_what_is_configured(
    extra, expected
):
    code = (
        "from django.conf import settings; "
        "print(settings.IURC_PAGE_CACHE['ENABLED'], sorted(settings.WAGTAILFRONTENDCACHE))"
    )

    result = run_manage("shell", "-c", code, env={**PRODUCTION, **extra})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
