from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from iurc.core import languages
from iurc.translations.exchange import ui_catalogue
from iurc.translations.exchange.formats import ExchangeFileError


class Command(BaseCommand):
    help = (
        "Merge a translated PO file into the interface's catalogue of one language and compile "
        "it. Only msgids the catalogue has are taken; placeholders must match their source."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--language", required=True, help="language code, e.g. vi")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--locale-dir", help="the locale folder (default: the project's locale/)"
        )

    def handle(self, *args, **options):
        language = options["language"]
        if language not in languages.codes() or language == languages.default_language():
            raise CommandError(f"{language} has no interface catalogue to translate.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            report = ui_catalogue.import_catalogue(
                path.read_bytes(), language, options["locale_dir"], dry_run=options["dry_run"]
            )
        except ExchangeFileError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        verb = "Would update" if report.dry_run else "Updated"
        self.stdout.write(
            f"{verb} {len(report.updated)} messages of the {language} catalogue; "
            f"{len(report.unchanged)} unchanged, {len(report.untranslated)} untranslated."
        )
        if report.unknown:
            self.stdout.write(
                self.style.WARNING(f"Not in the catalogue (ignored): {len(report.unknown)}")
            )
            for msgid in report.unknown:
                self.stdout.write(f"  {msgid}")
        if report.invalid:
            self.stdout.write(self.style.WARNING(f"Rejected: {len(report.invalid)}"))
            for msgid, reason in report.invalid:
                self.stdout.write(f"  {msgid}: {reason}")
