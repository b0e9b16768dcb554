from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from iurc.translations.exchange import exporting
from iurc.translations.exchange.formats import FORMATS, XLIFF2


class Command(BaseCommand):
    help = (
        "Export the content to translate into one language as XLIFF 2.0, XLIFF 1.2 or PO, for "
        "CAT tools: chosen pages and snippets, or everything; --missing-or-outdated keeps only "
        "the texts without a translation or translated from an older English text."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="target language code, e.g. vi")
        parser.add_argument("--format", default=XLIFF2, choices=sorted(FORMATS))
        parser.add_argument(
            "--page", type=int, action="append", default=[], metavar="ID", help="a page id"
        )
        parser.add_argument(
            "--snippet",
            action="append",
            default=[],
            metavar="APP.MODEL:PK",
            help="a snippet, e.g. core.quote:3",
        )
        parser.add_argument("--missing-or-outdated", action="store_true")
        parser.add_argument("--output", help="file to write (default: a name in this folder)")

    def handle(self, *args, **options):
        try:
            objects = None
            if options["page"] or options["snippet"]:
                objects = exporting.pages_by_id(options["page"]) + [
                    exporting.snippet_by_reference(reference) for reference in options["snippet"]
                ]
            result = exporting.export(
                options["language"],
                options["format"],
                objects=objects,
                missing_or_outdated=options["missing_or_outdated"],
            )
        except exporting.ExportError as error:
            raise CommandError(str(error)) from error
        path = Path(options["output"] or result.filename)
        path.write_bytes(result.content)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {result.unit_count} units of {result.object_count} pages and snippets "
                f"to {path}."
            )
        )
