from django.core.management.base import BaseCommand

from iurc.demo.builder import DemoBuilder, create_demo_users
from iurc.demo.calls_publications import build_calls_and_publications
from iurc.demo.events import build_events
from iurc.demo.news import build_networks_and_news
from iurc.demo.profiles import build_profiles


class Command(BaseCommand):
    help = (
        "Build the demo site: home, the About page from the seed, programme phases, regions, "
        "quotes and every agreement of partners/data/pairings.csv. Safe to run again: what "
        "exists is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            metavar="PASSWORD",
            help=(
                "Also create local accounts admin, staff and translator (Vietnamese) with "
                "this password."
            ),
        )

    def handle(self, *args, **options):
        created = DemoBuilder(stdout=self.stdout if options["verbosity"] > 1 else None).build()
        created += build_networks_and_news(stdout=self.stdout if options["verbosity"] > 1 else None)
        created += build_events(stdout=self.stdout if options["verbosity"] > 1 else None)
        created += build_calls_and_publications(
            stdout=self.stdout if options["verbosity"] > 1 else None
        )
        created += build_profiles(stdout=self.stdout if options["verbosity"] > 1 else None)
        if options["demo_users"]:
            create_demo_users(options["demo_users"])
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {created} items created."))
