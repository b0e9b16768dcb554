"""Backups of the database and the uploaded media together, and their restore.

A backup is one folder, ``<timestamp>/``, holding:

* ``db.dump``: PostgreSQL's custom format (``pg_dump -Fc``), or on the embedded SQLite
  database ``db.sqlite3``, a consistent copy made with SQLite's backup API;
* ``media.tar.gz``: the media folder (images, their renditions, documents);
* ``manifest.json``: when, from which database engine, the SHA-256 and size of each file,
  and the number of pages, images and documents, which a restore checks again.

The folder is written under another name and renamed when complete, so a folder with a
manifest is a whole backup. A restore checks every checksum, refuses a database or media folder
that already holds something (unless told to replace it), unpacks the media beside their
destination and loads the database in one transaction before putting the media in place: when
anything fails, the database and the media folder are as they were.

Media on S3 are not copied: the bucket's own versioning or replication keeps them.
"""

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import threading
from datetime import UTC, datetime
from pathlib import Path

import psycopg

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
POSTGRESQL_DUMP = "db.dump"
SQLITE_COPY = "db.sqlite3"
# What a restore counts again, to show that the content arrived.
COUNTED_TABLES = {
    "pages": "wagtailcore_page",
    "images": "wagtailimages_image",
    "documents": "wagtaildocs_document",
}


class BackupError(Exception):
    """A backup or restore that cannot be done; nothing was changed."""


def vendor_of(database):
    engine = database["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL --------------------------------------------------------------------------------


def postgresql_environment(database):
    """libpq's variables for the command-line tools: the password never appears in argv."""
    environment = dict(os.environ)
    values = {
        "PGDATABASE": database.get("NAME"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGHOST": database.get("HOST"),
        "PGPORT": str(database.get("PORT") or ""),
        "PGSSLMODE": (database.get("OPTIONS") or {}).get("sslmode"),
    }
    environment.update({name: value for name, value in values.items() if value})
    return environment


def postgresql_connection(database, **extra):
    options = database.get("OPTIONS") or {}
    return psycopg.connect(
        dbname=database.get("NAME"),
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        sslmode=options.get("sslmode"),
        connect_timeout=10,
        **extra,
    )


def postgresql_tool(name, database):
    """The tool of the server's major version if installed (a pg_dump older than the server
    refuses to dump it), else the one on PATH."""
    with postgresql_connection(database) as connection:
        major = connection.info.server_version // 10000
    versioned = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if versioned.is_file():
        return str(versioned)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def run_tool(command, environment, what):
    result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.returncode}")
    return result


def count_rows_postgresql(database):
    with postgresql_connection(database) as connection, connection.cursor() as cursor:
        counts = {}
        for label, table in COUNTED_TABLES.items():
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (our constants)
            counts[label] = cursor.fetchone()[0]
        return counts


def postgresql_relations(database):
    """How many tables, views and sequences the database holds outside the system schemas."""
    with postgresql_connection(database) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')"
            " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            " AND n.nspname NOT LIKE 'pg_toast%'"
        )
        return cursor.fetchone()[0]


def restore_postgresql(dump, database, replace):
    """pg_restore's SQL through psql in one transaction, after emptying the schema if asked.

    The transaction is committed only after pg_restore has written everything and said so: a
    dump that fails half-way leaves psql without COMMIT, and the database as it was.
    """
    environment = postgresql_environment(database)
    pg_restore = postgresql_tool("pg_restore", database)
    psql = postgresql_tool("psql", database)
    loader = subprocess.Popen(  # noqa: S603
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", os.devnull],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    reader = subprocess.Popen(  # noqa: S603
        [pg_restore, "--no-owner", "--no-privileges", "-f", "-", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    errors = {}

    def collect(name, stream):
        errors[name] = stream.read().decode(errors="replace")

    collectors = [
        threading.Thread(target=collect, args=("psql", loader.stderr)),
        threading.Thread(target=collect, args=("pg_restore", reader.stderr)),
    ]
    for collector in collectors:
        collector.start()
    try:
        loader.stdin.write(b"BEGIN;\n")
        if replace:
            loader.stdin.write(b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
        shutil.copyfileobj(reader.stdout, loader.stdin, 1 << 20)
        reader.wait()
        if reader.returncode == 0:
            loader.stdin.write(b"COMMIT;\n")
    except BrokenPipeError:
        pass  # psql stopped at an error and rolled back; its message follows
    finally:
        reader.stdout.close()
        with contextlib.suppress(BrokenPipeError):
            loader.stdin.close()
        reader.wait()
        loader.wait()
        for collector in collectors:
            collector.join()
    if reader.returncode != 0:
        raise BackupError(
            f"pg_restore failed and nothing was written: {errors['pg_restore'].strip()}"
        )
    if loader.returncode != 0:
        raise BackupError(
            f"Loading the database failed and nothing was written: {errors['psql'].strip()}"
        )


# --- SQLite ------------------------------------------------------------------------------------


def sqlite_copy(source_path, target_path):
    """A consistent copy of a live SQLite database (its backup API, not a file copy)."""
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def sqlite_tables(path):
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        return 0
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    finally:
        connection.close()


def count_rows_sqlite(path):
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            label: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for label, table in COUNTED_TABLES.items()
        }
    finally:
        connection.close()


# --- Backup ------------------------------------------------------------------------------------


def backup(database, media_root, destination_root, now=None):
    """Write a backup folder under ``destination_root`` and return its path.

    ``media_root`` is the media folder, or None to leave the media out (S3).
    """
    vendor = vendor_of(database)
    now = now or datetime.now(UTC)
    destination_root = Path(destination_root)
    destination = destination_root / now.strftime("%Y%m%dT%H%M%SZ")
    if destination.exists():
        raise BackupError(f"{destination} already exists.")
    partial = destination_root / f".{destination.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        if vendor == "postgresql":
            dump = partial / POSTGRESQL_DUMP
            environment = postgresql_environment(database)
            pg_dump = postgresql_tool("pg_dump", database)
            run_tool([pg_dump, "-Fc", "-f", str(dump)], environment, "pg_dump")
            counts = count_rows_postgresql(database)
        else:
            if not Path(database["NAME"]).is_file():
                raise BackupError(f"There is no database at {database['NAME']} to back up.")
            dump = partial / SQLITE_COPY
            sqlite_copy(database["NAME"], dump)
            counts = count_rows_sqlite(dump)
        files = [dump]
        media_files = None
        if media_root is not None:
            media_root = Path(media_root)
            archive = partial / MEDIA_ARCHIVE
            media_files = 0
            with tarfile.open(archive, "w:gz") as tar:
                for entry in sorted(media_entries(media_root)):
                    for path in [entry, *sorted(entry.rglob("*"))]:
                        arcname = str(path.relative_to(media_root))
                        tar.add(path, arcname=arcname, recursive=False)
                        media_files += path.is_file()
            files.append(archive)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {"vendor": vendor, "file": dump.name},
            "media": None if media_files is None else {"file": MEDIA_ARCHIVE, "files": media_files},
            "counts": counts,
            "files": {
                path.name: {"sha256": sha256(path), "bytes": path.stat().st_size} for path in files
            },
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        partial.rename(destination)
    except (psycopg.Error, sqlite3.Error) as error:
        shutil.rmtree(partial, ignore_errors=True)
        # Unreachable, or not migrated (a table to count is missing).
        raise BackupError(f"The database cannot be backed up: {error}") from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return destination


# --- Restore -----------------------------------------------------------------------------------


def read_manifest(folder):
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.") from None
    except ValueError:
        raise BackupError(f"{folder / MANIFEST} is not valid JSON.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} has a backup format this version cannot read.")
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{path} is missing.")
        if sha256(path) != expected["sha256"]:
            raise BackupError(f"{path} does not match its checksum: the backup is damaged.")
    return manifest


# Inside the media folder, so that moving files in and out is a rename on one file system (the
# folder is often a mount point: a volume, which itself cannot be renamed).
STAGING = ".restoring"
REPLACED = ".replaced"


def media_entries(media_root):
    media_root = Path(media_root)
    if not media_root.exists():
        return []
    return [path for path in media_root.iterdir() if path.name not in (STAGING, REPLACED)]


def put_media_in_place(staged, media_root):
    replaced = media_root / REPLACED
    shutil.rmtree(replaced, ignore_errors=True)
    replaced.mkdir()
    for path in media_entries(media_root):
        path.rename(replaced / path.name)
    for path in staged.iterdir():
        path.rename(media_root / path.name)
    shutil.rmtree(staged, ignore_errors=True)
    shutil.rmtree(replaced, ignore_errors=True)


def restore(folder, database, media_root, replace=False):
    """Restore the backup in ``folder`` into ``database`` and ``media_root``.

    Returns the manifest and the counts found in the restored database.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = vendor_of(database)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['database']['vendor']} database; "
            f"the target is {vendor}."
        )
    dump = folder / manifest["database"]["file"]

    if vendor == "postgresql":
        try:
            occupied = postgresql_relations(database)
        except psycopg.OperationalError:
            raise BackupError(
                f"Cannot connect to the database {database.get('NAME')!r}: create it first "
                "(createdb) and check DATABASE_URL."
            ) from None
    else:
        occupied = sqlite_tables(database["NAME"])
    if occupied and not replace:
        raise BackupError(
            f"The database {database.get('NAME')!r} is not empty ({occupied} tables, views or "
            "sequences): restore into a new database, or pass --replace to overwrite it."
        )

    staged = None
    if manifest["media"] is not None:
        if media_root is None:
            raise BackupError("This backup has media: give the media folder to restore them.")
        media_root = Path(media_root)
        if media_entries(media_root) and not replace:
            raise BackupError(
                f"The media folder {media_root} is not empty: restore into an empty folder, "
                "or pass --replace to overwrite it."
            )
        media_root.mkdir(parents=True, exist_ok=True)
        staged = media_root / STAGING
        shutil.rmtree(staged, ignore_errors=True)
        staged.mkdir()
        try:
            with tarfile.open(folder / manifest["media"]["file"], "r:gz") as tar:
                # Only plain files and folders inside the destination (no links out, no devices).
                tar.extractall(staged, filter="data")
        except (tarfile.TarError, OSError) as error:
            shutil.rmtree(staged, ignore_errors=True)
            raise BackupError(f"The media archive cannot be unpacked: {error}") from None

    try:
        if vendor == "postgresql":
            restore_postgresql(dump, database, replace=bool(occupied))
            counts = count_rows_postgresql(database)
        else:
            target = Path(database["NAME"])
            target.parent.mkdir(parents=True, exist_ok=True)
            incoming = target.parent / f".{target.name}.restoring"
            try:
                sqlite_copy(dump, incoming)
                sqlite_tables(incoming)
            except sqlite3.DatabaseError as error:
                incoming.unlink(missing_ok=True)
                raise BackupError(f"The database copy cannot be read: {error}") from None
            # A journal left by the replaced database would be applied to the new one.
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            os.replace(incoming, target)
            counts = count_rows_sqlite(target)
    except BaseException:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
        raise

    if staged is not None:
        put_media_in_place(staged, media_root)
    if counts != manifest["counts"]:
        raise BackupError(
            f"The restored database holds {counts}, the backup recorded {manifest['counts']}."
        )
    return manifest, counts
