"""The schema is complete after a non-interactive migrate, and no migration is missing."""

import os
import sqlite3
import subprocess
import sys
from io import StringIO

from django.conf import settings
from django.core.management import call_command


def test_no_model_change_lacks_a_migration(db):
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()


def test_migrate_never_prompts_and_leaves_page_translation_columns(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="iurc.settings.dev", DATABASE_URL=f"sqlite:///{database}")

    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "migrate", "--noinput"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(database) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(wagtailcore_page)")}
        pages = connection.execute(
            "SELECT title_en, slug_en, url_path_en, url_path_vi FROM wagtailcore_page"
        ).fetchall()
        groups = {row[0] for row in connection.execute("SELECT name FROM auth_group")}
    assert {"title_vi", "slug_zh_hans", "url_path_ind", "seo_title_th"} <= columns
    # Pages created by Wagtail's own migrations have their English values too.
    assert pages and all(all(value for value in page) for page in pages)
    assert {"Programme staff", "Translators"} <= groups
