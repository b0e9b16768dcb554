from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from iurc.core import backup
from iurc.core.management.commands.backup import media_folder


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `backup` into an empty database and media folder "
        "(the configured ones unless given). Checks every checksum first; when anything fails, "
        "the database and the media are left as they were."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup's folder (var/backups/<timestamp>).")
        parser.add_argument(
            "--database-url",
            help="The database to restore into (default: DATABASE_URL, the site's own).",
        )
        parser.add_argument(
            "--media-root",
            help="The folder to restore the media into (default: the site's media folder).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database or media folder that is not empty.",
        )

    def handle(self, *args, **options):
        if options["database_url"]:
            database = dj_database_url.parse(options["database_url"])
        else:
            database = connections["default"].settings_dict
            # The site's own connection would hold the database open while it is replaced.
            connections["default"].close()
        media_root = options["media_root"] or media_folder()
        try:
            manifest, counts = backup.restore(
                Path(options["folder"]),
                database,
                Path(media_root) if media_root else None,
                replace=options["replace"],
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if not options["database_url"]:
            # The site's own database changed under the caches (pg_restore wrote it, unseen by
            # the page cache's tags): cached pages and paths would show what it held before.
            for alias in settings.CACHES:
                caches[alias].clear()
        restored = ", ".join(f"{number} {label}" for label, number in counts.items())
        media = manifest["media"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {restored}"
                + (f" and {media['files']} media files into {media_root}" if media else "")
                + f" from the backup of {manifest['created_at']}."
            )
        )
