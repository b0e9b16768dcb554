from django.core.management.base import BaseCommand

from partners import listing


class Command(BaseCommand):
    help = (
        "Rebuild the listing rows the agreements database reads (one per visible agreement, "
        "with its country and theme rows) from the live agreements. Publishing keeps them up "
        "to date; run this after changes made outside the admin, or to check them."
    )

    def handle(self, *args, **options):
        count = listing.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Listed {count} agreements."))
