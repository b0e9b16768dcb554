from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from iurc.core import languages
from iurc.translations.exchange import ui_catalogue
from iurc.translations.exchange.formats import ExchangeFileError


class Command(BaseCommand):
    help = "Export the interface's gettext catalogue of one language as PO, for CAT tools."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="language code, e.g. vi")
        parser.add_argument("--output", help="file to write (default: django-<language>.po)")
        parser.add_argument(
            "--locale-dir", help="the locale folder (default: the project's locale/)"
        )

    def handle(self, *args, **options):
        language = options["language"]
        if language not in languages.codes() or language == languages.default_language():
            raise CommandError(f"{language} has no interface catalogue to translate.")
        try:
            content = ui_catalogue.export_catalogue(language, options["locale_dir"])
            translated, total = ui_catalogue.completeness(language, options["locale_dir"])
        except ExchangeFileError as error:
            raise CommandError(str(error)) from error
        path = Path(options["output"] or f"django-{language}.po")
        path.write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {path}: {translated} of {total} messages translated.")
        )
