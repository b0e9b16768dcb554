"""Measure the agreements database: server time of the filtered list, p50 and p95.

    python manage.py generate_agreements        # 20,000 agreements, 8,000 partners
    python manage.py benchmark_agreements [--runs 20]

Requests go through the whole Django stack (middleware, routing, templates) with the test
client, like ``check_budgets``; run it with DEBUG off and on the database to measure. Exits 1
when the p95 over all requests is above the target.
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.utils import translation

from iurc.core.query_count import counting_queries
from iurc.phases.models import ProgrammePhasePage
from partners.models import AgreementIndexPage, AgreementPage, Theme
from regions.models import RegionPage

TARGET_P95_MS = 100.0


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="Requests per scenario.")

    def scenarios(self):
        region = RegionPage.objects.live().values_list("pk", flat=True).first()
        phase = ProgrammePhasePage.objects.live().values_list("pk", flat=True).first()
        theme = Theme.objects.values_list("pk", flat=True).first()
        return [
            ("no filter", ""),
            ("region", f"region={region}"),
            ("country", "country=DE"),
            ("theme + year", f"theme={theme}&year=2020"),
            ("kind + status", "kind=trio&status=active"),
            ("phase + country + year", f"phase={phase}&country=CN&year=2019"),
            ("search", "q=agreement+0042"),
            ("search + region", f"q=city&region={region}"),
            (
                "every filter",
                f"region={region}&country=DE&theme={theme}&phase={phase}"
                "&kind=city&status=active&year=2021&q=agreement",
            ),
            ("page 40", "page=40"),
            ("bad parameters", "region=x&year=1&kind=a&kind=b&page=-3"),
        ]

    def handle(self, *args, runs, **options):
        index_page = AgreementIndexPage.objects.live().first()
        if index_page is None:
            raise CommandError("No agreement index page: run `make demo` first.")
        agreements = AgreementPage.objects.live().count()
        client = Client(HTTP_HOST="localhost")
        self.stdout.write(f"Agreements database benchmark: {agreements} live agreements")
        self.stdout.write(f"{'scenario':<26}{'lang':>5}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}")
        every = []
        for language in ("en", "vi"):
            with translation.override(language):
                base = index_page.get_url()
            for name, query in self.scenarios():
                url = f"{base}?{query}" if query else base
                with counting_queries() as queries:
                    response = client.get(url)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                timings = []
                for _run in range(runs):
                    started = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                every += timings
                self.stdout.write(
                    f"{name:<26}{language:>5}{len(queries):>9}"
                    f"{statistics.median(timings):>9.1f}{percentile(timings, 0.95):>9.1f}"
                )
        p50, p95 = statistics.median(every), percentile(every, 0.95)
        verdict = "ok  " if p95 <= TARGET_P95_MS else "OVER"
        self.stdout.write(f"All requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        self.stdout.write(f"  {verdict} p95 {p95:.1f} ms <= {TARGET_P95_MS:.0f} ms")
        if p95 > TARGET_P95_MS:
            raise CommandError("Over budget.")
