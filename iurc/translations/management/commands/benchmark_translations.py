"""Time the Translations dashboard on the current database, as a translator opens it.

    python manage.py generate_agreements          # 20,000 synthetic agreements
    python manage.py benchmark_translations [--runs 5]

Synthetic rows are written without signals, so the summaries are rebuilt first when they do
not cover every page (and that time is printed too). The dashboard reads summaries only: its
answer should stay well under a second at 20,000 agreements.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from iurc.translations import status
from iurc.translations.models import TranslationSummary


class Command(BaseCommand):
    help = "Print how long the Translations dashboard takes to answer, and its query count."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, runs, **options):
        pages = Page.objects.filter(depth__gt=1).count()
        summarised = (
            TranslationSummary.objects.filter(language="vi").values("object_id").distinct().count()
        )
        if summarised < pages:
            started = time.perf_counter()
            count = status.rebuild_summaries()
            self.stdout.write(
                f"Summaries rebuilt for {count} objects in {time.perf_counter() - started:.1f} s"
            )
        with transaction.atomic():
            user = get_user_model().objects.create_superuser("benchmark-translations", None, None)
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            url = reverse("workspace_translations")
            timings = []
            for _run in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url, {"language": "vi"})
                    timings.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
            transaction.set_rollback(True)
        median = statistics.median(timings) * 1000
        self.stdout.write(
            f"Translations dashboard, {pages} pages: median {median:.0f} ms, "
            f"slowest {max(timings) * 1000:.0f} ms, {len(queries)} queries "
            f"(budget: under 1000 ms)"
        )
