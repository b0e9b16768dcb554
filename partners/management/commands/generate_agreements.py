"""Fill the agreements database with synthetic rows to measure it at scale.

    python manage.py generate_agreements [--agreements 20000] [--partners 8000]
    python manage.py generate_agreements --remove

Never run it on the production database: the rows are marked and ``--remove`` deletes them,
but they are published pages while they exist.
"""

from django.core.management.base import BaseCommand, CommandError

from partners import planner, synthetic


class Command(BaseCommand):
    help = "Create synthetic agreements and partners (or remove them) to measure the database."

    def add_arguments(self, parser):
        parser.add_argument("--agreements", type=int, default=20_000)
        parser.add_argument("--partners", type=int, default=8_000)
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument(
            "--remove", action="store_true", help="Delete the synthetic rows and stop."
        )

    def handle(self, *args, agreements, partners, seed, remove, **options):
        if remove:
            removed, partners_removed = synthetic.remove()
            self.stdout.write(f"Removed {removed} synthetic agreements and their partners.")
            self.analyze()
            return
        if agreements < 1 or partners < 3:
            raise CommandError("Ask for at least 1 agreement and 3 partners.")
        try:
            generator = synthetic.Generator(seed=seed, stdout=self.stdout)
            self.stdout.write(f"Generating {agreements} agreements between {partners} partners")
            generator.run(agreements, partners)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.analyze()
        self.stdout.write(self.style.SUCCESS("Done."))

    def analyze(self):
        # The lists are measured right after: they must not wait for autovacuum to plan well.
        tables = planner.analyze()
        if tables:
            self.stdout.write(f"  planner statistics updated for {len(tables)} tables")
