"""``manage.py import_agreements FILE``: add or update agreements from a CSV or XLSX file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.importer import MAX_FILE_BYTES, ImportFileError, read_file
from partners.models import AgreementIndexPage
from partners.writer import import_rows

BAR_WIDTH = 30


class ProgressBar:
    """A text bar on a stream: redrawn in place on a terminal, a line per tenth otherwise."""

    def __init__(self, stream):
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.redraw = bool(isatty and isatty())
        self.last_tenth = -1

    def __call__(self, done, total):
        filled = BAR_WIDTH * done // total
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}"
        if self.redraw:
            self.stream.write(f"\r{line}", ending="\n" if done == total else "")
            self.stream.flush()
            return
        tenth = 10 * done // total
        if tenth != self.last_tenth:
            self.last_tenth = tenth
            self.stream.write(line)


class Command(BaseCommand):
    help = (
        "Add or update agreements from a CSV or XLSX file (see README, “Importing agreements”). "
        "Every row is checked first; one invalid row means nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change, without writing anything",
        )
        parser.add_argument(
            "--index-page",
            type=int,
            metavar="ID",
            help="the agreement index page to import into (needed when there are several)",
        )

    def handle(self, *args, file, dry_run, index_page, **options):
        index = self.index_page(index_page)
        path = Path(file)
        try:
            if not path.is_file():
                raise CommandError(_("“%(file)s” is not a file.") % {"file": file})
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ImportFileError(
                    _("The file is too large: at most %(size)s MB.")
                    % {"size": MAX_FILE_BYTES // 1024**2}
                )
            rows = read_file(path.read_bytes(), path.name)
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from error
        except OSError as error:
            raise CommandError(
                _("“%(file)s” cannot be read: %(error)s")
                % {"file": file, "error": error.strerror or error}
            ) from error

        self.stderr.write(
            _("%(file)s: %(rows)s rows, into “%(index)s”.")
            % {"file": path.name, "rows": len(rows), "index": index.title}
        )
        report = import_rows(rows, index, dry_run=dry_run, progress=ProgressBar(self.stderr))
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            lines = len({error.line for error in report.errors})
            raise CommandError(
                ngettext(
                    "%(lines)s invalid row: nothing was imported.",
                    "%(lines)s invalid rows: nothing was imported.",
                    lines,
                )
                % {"lines": lines}
            )
        counts = {
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
        }
        if dry_run:
            self.stdout.write(
                _(
                    "Dry run, nothing was written: %(created)s would be created, "
                    "%(updated)s updated, %(unchanged)s unchanged."
                )
                % counts
            )
        else:
            self.stdout.write(
                _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % counts
            )

    def index_page(self, page_id):
        if page_id is not None:
            index = AgreementIndexPage.objects.filter(pk=page_id).first()
            if index is None:
                raise CommandError(
                    _("There is no agreement index page with the id %(id)s.") % {"id": page_id}
                )
            return index
        indexes = list(AgreementIndexPage.objects.order_by("path"))
        if not indexes:
            raise CommandError(_("There is no agreement index page: create one first."))
        if len(indexes) > 1:
            choices = ", ".join(f"{index.pk} ({index.title})" for index in indexes)
            raise CommandError(
                _("There are several agreement index pages; choose one with --index-page: %(ids)s.")
                % {"ids": choices}
            )
        return indexes[0]
