from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from iurc.core import backup


def media_folder():
    """The media folder, or None when uploads go to object storage (S3)."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc, or a copy of the SQLite file) and the media folder "
        "together into one timestamped folder with checksums (README, 'Backup and restore')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "var" / "backups"),
            help="Folder that receives the backup's timestamped folder (default var/backups).",
        )
        parser.add_argument(
            "--no-media",
            action="store_true",
            help="Leave the media out (required when they are on S3, which keeps its own copies).",
        )

    def handle(self, *args, **options):
        media_root = None if options["no_media"] else media_folder()
        if media_root is None and not options["no_media"]:
            raise CommandError(
                "Uploaded media are in object storage (S3), which this command does not copy: "
                "keep them with the bucket's versioning or replication, and run "
                "backup --no-media for the database."
            )
        database = connections["default"].settings_dict
        try:
            folder = backup.backup(database, media_root, Path(options["output"]))
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = backup.read_manifest(folder)
        counts = ", ".join(f"{number} {label}" for label, number in manifest["counts"].items())
        media = manifest["media"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {counts}"
                + (f" and {media['files']} media files" if media else " (no media)")
                + f" to {folder}"
            )
        )
