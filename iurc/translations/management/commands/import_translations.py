from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from iurc.translations.exchange.formats import MAX_FILE_SIZE, ExchangeFileError
from iurc.translations.exchange.importing import import_translations


class Command(BaseCommand):
    help = (
        "Import a translated XLIFF (2.0 or 1.2) or PO file. Valid translations are saved as new "
        "draft revisions (pages, quotes; partners and themes directly); nothing is published. "
        "Every unit that is not applied is listed with the reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--user", help="username the drafts are attributed to")
        parser.add_argument("--language", help="refuse the file unless it is for this language")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.stat().st_size > MAX_FILE_SIZE:
            raise CommandError(f"{path} is larger than {MAX_FILE_SIZE // (1024 * 1024)} MB.")
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get_by_natural_key(options["user"])
            except get_user_model().DoesNotExist as error:
                raise CommandError(f"No user {options['user']}.") from error
        try:
            report = import_translations(
                path.read_bytes(),
                user=user,
                language=options["language"],
                dry_run=options["dry_run"],
            )
        except ExchangeFileError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error

        verb = "Would apply" if report.dry_run else "Applied"
        self.stdout.write(
            f"{verb} {len(report.applied)} translations into {report.language}; "
            f"{len(report.unchanged)} unchanged, {len(report.untranslated)} untranslated."
        )
        for saved in report.saved:
            kind = "draft revision" if saved.revision else "saved"
            self.stdout.write(f"  {saved.label}: {saved.unit_count} units ({kind})")
        for title, outcomes in report.rejected_by_reason():
            if outcomes:
                self.stdout.write(self.style.WARNING(f"{title}: {len(outcomes)}"))
                for outcome in outcomes:
                    self.stdout.write(f"  {outcome.key}: {outcome.message}")
        if report.rejected:
            self.stdout.write(self.style.WARNING(f"{len(report.rejected)} units rejected."))
