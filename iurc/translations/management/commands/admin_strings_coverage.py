from django.core.management.base import BaseCommand, CommandError

from iurc.core import languages
from iurc.translations import admin_strings


class Command(BaseCommand):
    help = (
        "Render the admin screens translators use (login, dashboard, page and snippet editors, "
        "workflow, the Translations dashboard, the translation file exchange) once, in a "
        "transaction rolled back afterwards, and print per language the share of the "
        "interface strings they show that a catalogue translates (ours, an app's or "
        "Django's). -v 2 lists the missing strings. Needs the demo content (load_demo_content)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            action="append",
            dest="codes",
            metavar="CODE",
            help="only this language (repeat for several); default: every translated language",
        )

    def handle(self, *args, **options):
        codes = options["codes"] or admin_strings.translated_languages()
        unknown = [code for code in codes if code not in languages.codes()]
        if unknown:
            raise CommandError(f"Unknown language: {', '.join(unknown)}")
        try:
            found = admin_strings.screen_strings()
        except admin_strings.MissingContent as error:
            raise CommandError(str(error)) from error
        messages = found.messages
        verbosity = options["verbosity"]
        if verbosity > 1:
            for name, screen_messages in found.screens.items():
                self.stdout.write(f"{name}: {len(screen_messages)} strings")
        self.stdout.write(f"{len(messages)} strings on {len(found.screens)} screens.")
        incomplete = 0
        for code, result in admin_strings.coverage(messages, codes).items():
            sources = ", ".join(
                f"{label} {count}" for label, count in result.by_source().most_common()
            )
            line = (
                f"{code:8} {result.share:7.1%}  {len(result.translated)}/{len(messages)}"
                f"  ({sources})"
            )
            if result.missing:
                incomplete += 1
                self.stdout.write(self.style.WARNING(line))
            else:
                self.stdout.write(line)
            if verbosity > 1:
                for message in result.missing:
                    self.stdout.write(f"    missing: {message}")
        if incomplete:
            self.stdout.write(f"{incomplete} of {len(codes)} languages are incomplete.")
