"""`manage.py backup` and `restore`: pages, translations and media come back identical.

The content is written, committed, into a copy of this run's test database (pg_dump reads only
what is committed, and the test database must stay as other tests expect it); the backup is
restored into a new empty database and media folder, and both are compared with the source.
"""

import hashlib
import json
import shutil
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connections
from django.test import override_settings
from django.test.utils import setup_databases, teardown_databases
from wagtail.documents import get_document_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail_factories import ImageFactory

from iurc.core import backup
from tests.factories import HomePageFactory, StandardPageFactory


@contextmanager
def admin_connection(settings_dict):
    connection = backup.postgresql_connection({**settings_dict, "NAME": "postgres"})
    connection.autocommit = True
    try:
        yield connection
    finally:
        connection.close()


def create_database(settings_dict, name, template=None):
    with admin_connection(settings_dict) as connection:
        if template:
            # A template must have no session: this process's own was closed by the caller.
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [template],
            )
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            connection.execute(f'CREATE DATABASE "{name}"')


class Scratch:
    """Databases made for this module, on the test database's server (or SQLite files)."""

    def __init__(self, settings_dict, folder):
        self.settings_dict = dict(settings_dict)
        self.vendor = backup.vendor_of(settings_dict)
        self.folder = folder
        self.created = []

    def empty(self, label):
        if self.vendor == "sqlite":
            return str(self.folder / f"{label}.sqlite3")
        name = f"iurc_backup_{label}_{uuid.uuid4().hex[:8]}"
        create_database(self.settings_dict, name)
        self.created.append(name)
        return name

    def copy_of_test_database(self, connection):
        if self.vendor == "sqlite":
            path = str(self.folder / "source.sqlite3")
            target = sqlite3.connect(path)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            return path
        name = f"iurc_backup_source_{uuid.uuid4().hex[:8]}"
        create_database(self.settings_dict, name, template=self.settings_dict["NAME"])
        self.created.append(name)
        return name

    def url(self, name):
        if self.vendor == "sqlite":
            return f"sqlite:///{name}"
        database = self.settings_dict
        port = database.get("PORT") or 5432
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        return f"postgres://{database['USER']}{password}@{database['HOST']}:{port}/{name}"

    def rows(self, name):
        """Every table's rows, as comparable text."""
        if self.vendor == "sqlite":
            connection = sqlite3.connect(name)
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%'"
                )
            ]
        else:
            connection = backup.postgresql_connection({**self.settings_dict, "NAME": name})
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
        try:
            return {
                table: sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))  # noqa: S608
                for table in tables
            }
        finally:
            connection.close()

    def drop_all(self):
        with admin_connection(self.settings_dict) as connection:
            for name in self.created:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def site_database(connection, name):
    """Django's default connection pointed at another database of the same server (or file)."""
    original = connection.settings_dict["NAME"]
    saved = None
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Closing an in-memory database would destroy it: keep it aside.
        saved, connection.connection = connection.connection, None
    else:
        connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        if saved is not None:
            connection.connection = saved


def media_checksums(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


def table_count(scratch, name):
    if scratch.vendor == "sqlite":
        return backup.sqlite_tables(name)
    return backup.postgresql_relations({**scratch.settings_dict, "NAME": name})


@pytest.fixture(scope="module")
def test_database(django_db_setup, django_db_blocker):
    """This run's test database, migrated. pytest-django creates it only when a collected test
    runs inside it; this module's test works beside it (its content must be committed), so
    when the module runs alone it creates the test database itself."""
    connection = connections["default"]
    created = None
    if not (
        connection.settings_dict["NAME"].startswith("test_")
        or (connection.vendor == "sqlite" and connection.is_in_memory_db())
    ):
        with django_db_blocker.unblock():
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield connection
    if created is not None:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(scope="module")
def scratch(test_database, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        made = Scratch(test_database.settings_dict, tmp_path_factory.mktemp("databases"))
        try:
            yield made
        finally:
            if made.vendor == "postgresql":
                made.drop_all()


@pytest.fixture(scope="module")
def source(scratch, django_db_blocker, tmp_path_factory):
    """A site with translated pages, an image and a document, committed in its own database,
    with its media in a folder: what `backup` sees in production."""
    media = tmp_path_factory.mktemp("media")
    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(media)},
    }
    with django_db_blocker.unblock():
        connection = connections["default"]
        if connection.vendor == "postgresql":
            connection.close()
        name = scratch.copy_of_test_database(connection)
        with (
            override_settings(
                STORAGES={"default": storage, "staticfiles": {"BACKEND": "x"}},
                MEDIA_ROOT=str(media),
            ),
            site_database(connection, name),
        ):
            home = HomePageFactory(
                parent=Page.get_first_root_node(), slug="backup-home", title_vi="Trang chủ"
            )
            for title, title_vi, title_fr in [
                ("About", "Giới thiệu", "À propos"),
                ("Cooperation", "Hợp tác", "Coopération"),
            ]:
                StandardPageFactory(
                    parent=home,
                    title=title,
                    title_vi=title_vi,
                    title_fr=title_fr,
                    slug_vi=f"vi-{title.lower()}",
                )
            ImageFactory(title="Harbour", file=get_test_image_file(filename="harbour.png"))
            document = get_document_model()(title="Annual report")
            document.file.save("report.pdf", ContentFile(b"%PDF-1.4 IURC annual report\n"))
            yield name, media, storage


def test_a_backup_restores_into_a_new_database_and_media_folder_identical(
    scratch, source, django_db_blocker, tmp_path
):
    name, media, storage = source
    with django_db_blocker.unblock():
        with (
            override_settings(STORAGES={"default": storage, "staticfiles": {"BACKEND": "x"}}),
            site_database(connections["default"], name),
        ):
            call_command(
                "backup",
                output=str(tmp_path / "backups"),
                stdout=open(  # noqa: SIM115
                    tmp_path / "backup.log", "w"
                ),
            )
        [folder] = (tmp_path / "backups").iterdir()
        manifest = backup.read_manifest(folder)
        assert set(manifest["files"]) == {
            "db.sqlite3" if scratch.vendor == "sqlite" else "db.dump",
            "media.tar.gz",
        }
        assert manifest["counts"]["pages"] >= 4 and manifest["counts"]["images"] == 1
        assert manifest["counts"]["documents"] == 1

        target = scratch.empty("target")
        restored_media = tmp_path / "restored-media"
        call_command(
            "restore",
            str(folder),
            database_url=scratch.url(target),
            media_root=str(restored_media),
            stdout=open(tmp_path / "restore.log", "w"),  # noqa: SIM115
        )

        # Every table, pages with every language's title and slug among them, row for row.
        source_rows, restored_rows = scratch.rows(name), scratch.rows(target)
        assert restored_rows == source_rows
        pages = "".join(source_rows["wagtailcore_page"])
        assert "Giới thiệu" in pages and "À propos" in pages and "vi-cooperation" in pages
        # Every media file (the image, the document), byte for byte.
        checksums = media_checksums(media)
        assert media_checksums(restored_media) == checksums
        assert any(path.startswith("original_images/") for path in checksums)
        assert any(path.startswith("documents/") for path in checksums)

        # A second restore into what is no longer empty is refused and changes nothing.
        with pytest.raises(CommandError, match="not empty"):
            call_command(
                "restore", str(folder), database_url=scratch.url(target), media_root=str(media)
            )
        # A database that is empty with a media folder that is not: refused before either is
        # written.
        untouched = scratch.empty("untouched")
        with pytest.raises(CommandError, match="media folder .* is not empty"):
            call_command(
                "restore", str(folder), database_url=scratch.url(untouched), media_root=str(media)
            )
        assert table_count(scratch, untouched) == 0

        # --replace overwrites both, and the result is the backup again.
        (restored_media / "stray.txt").write_text("not in the backup")
        call_command(
            "restore",
            str(folder),
            database_url=scratch.url(target),
            media_root=str(restored_media),
            replace=True,
            stdout=open(tmp_path / "replace.log", "w"),  # noqa: SIM115
        )
        assert scratch.rows(target) == source_rows
        assert media_checksums(restored_media) == checksums

        # Into the site's own database (no --database-url): the cache, which held pages of
        # the database as it was, is emptied.
        cache.set("iurc:site-root-paths", "before the restore")
        caches["pages"].set("iurc:page:about", "before the restore")
        with site_database(connections["default"], target):
            call_command(
                "restore",
                str(folder),
                media_root=str(restored_media),
                replace=True,
                stdout=open(tmp_path / "own.log", "w"),  # noqa: SIM115
            )
        assert cache.get("iurc:site-root-paths") is None
        assert caches["pages"].get("iurc:page:about") is None
        assert scratch.rows(target) == source_rows

        # A dump that fails half-way through loading (consistent checksums, truncated data)
        # leaves the database and the media folder as they were.
        truncated = tmp_path / "truncated"
        shutil.copytree(folder, truncated)
        dump = truncated / manifest["database"]["file"]
        dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
        manifest["files"][dump.name] = {"sha256": backup.sha256(dump), "bytes": 0}
        (truncated / "manifest.json").write_text(json.dumps(manifest))
        (restored_media / "documents" / "report.pdf").unlink()
        before = media_checksums(restored_media)
        with pytest.raises(CommandError):
            call_command(
                "restore",
                str(truncated),
                database_url=scratch.url(target),
                media_root=str(restored_media),
                replace=True,
            )
        assert scratch.rows(target) == source_rows
        assert media_checksums(restored_media) == before
        assert sorted(path.name for path in restored_media.iterdir()) == sorted(
            path.name for path in media.iterdir()
        )

        # A damaged backup is refused before anything is touched.
        damaged = tmp_path / "damaged"
        shutil.copytree(folder, damaged)
        with open(damaged / "media.tar.gz", "r+b") as archive:
            archive.seek(40)
            archive.write(b"\0\0\0\0")
        with pytest.raises(CommandError, match="checksum"):
            call_command(
                "restore",
                str(damaged),
                database_url=scratch.url(untouched),
                media_root=str(tmp_path / "never"),
            )
        assert table_count(scratch, untouched) == 0
        assert not (tmp_path / "never").exists()
