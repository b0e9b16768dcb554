from django.core.management.base import BaseCommand

from iurc.core import search


class Command(BaseCommand):
    help = (
        "Rebuild the per-language search documents of every live page. Publishing keeps them "
        "up to date; run this after bulk changes made outside the admin (e.g. a snippet "
        "renamed in a data migration)."
    )

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} pages in every language."))
