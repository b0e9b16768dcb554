"""Measure the agreements database: server time of every filter of the list, p50 and p95, then
the map, the sitemap files and the API lists at the same size.

    python manage.py generate_agreements        # 20,000 agreements, 8,000 partners
    python manage.py benchmark_agreements [--runs 20]

Requests go through the whole Django stack (middleware, routing, templates) with the test
client, like ``check_budgets``, with the page cache off: the figures are what a request costs
when the cache does not hold its answer. Run it with DEBUG off and on the database to measure.
Exits 1 when a figure misses its target (``TARGETS``).
"""

import gc
import re
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings
from django.utils import translation

from iurc.core.query_count import counting_queries
from iurc.phases.models import ProgrammePhasePage
from partners.models import AgreementIndexPage, AgreementPage, Theme
from regions.models import RegionPage

# Targets of issue 14 at 20,000 agreements.
TARGET_P95_MS = 50.0
MAP_MAX_BYTES = 100_000
MAP_TARGET_P95_MS = 50.0
SITEMAP_MAX_BYTES = 10_000_000
SITEMAP_MAX_URLS = 5_000
SITEMAP_TARGET_P95_MS = 100.0
API_TARGET_P95_MS = 50.0
SITEMAP_LOC = re.compile(rb"<sitemap><loc>https?://[^/]+(/[^<]+)</loc>")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Measure:
    url: str
    status: int
    size: int
    queries: int
    content: bytes
    timings: list

    @property
    def p50(self):
        return statistics.median(self.timings)

    @property
    def p95(self):
        return percentile(self.timings, 0.95)


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

    def measure(self, url, runs):
        with counting_queries() as queries:
            response = self.client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        content = response.content
        timings = []
        for _run in range(runs):
            started = time.perf_counter()
            self.client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        return Measure(url, response.status_code, len(content), len(queries), content, timings)

    def verdict(self, label, value, limit, unit):
        ok = value <= limit
        verdict = "ok  " if ok else "OVER"
        self.stdout.write(f"  {verdict} {label} {value:,.1f} {unit} <= {limit:,.0f} {unit}")
        if not ok:
            self.missed.append(label)

    def handle(self, *args, runs, **options):
        # As a gunicorn worker does once the application is loaded (deploy/gunicorn.conf.py).
        gc.collect()
        gc.freeze()
        page_cache = {**getattr(settings, "IURC_PAGE_CACHE", {}), "ENABLED": False}
        with override_settings(IURC_PAGE_CACHE=page_cache):
            self.run(runs)

    def run(self, runs):
        index_page = AgreementIndexPage.objects.live().first()
        if index_page is None:
            raise CommandError("No agreement index page: run `make demo` first.")
        agreements = AgreementPage.objects.live().count()
        self.client = Client(HTTP_HOST="localhost")
        self.missed = []
        self.stdout.write(f"Agreements database benchmark: {agreements} live agreements")
        self.list_scenarios(index_page, runs)
        self.map(index_page, runs)
        self.sitemaps(runs)
        self.api(runs)
        if self.missed:
            raise CommandError(f"Over budget: {', '.join(self.missed)}.")

    def list_scenarios(self, index_page, runs):
        self.stdout.write(f"{'scenario':<26}{'lang':>5}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}")
        every = []
        for language in ("en", "vi"):
            with translation.override(language):
                base = index_page.get_url()
            for name, query in self.scenarios():
                measure = self.measure(f"{base}?{query}" if query else base, runs)
                every += measure.timings
                self.stdout.write(
                    f"{name:<26}{language:>5}{measure.queries:>9}"
                    f"{measure.p50:>9.1f}{measure.p95:>9.1f}"
                )
        p50, p95 = statistics.median(every), percentile(every, 0.95)
        self.stdout.write(f"All requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        self.verdict("list p95", p95, TARGET_P95_MS, "ms")

    def map(self, index_page, runs):
        with translation.override("en"):
            base = index_page.get_url() + index_page.reverse_subpage("map")
        self.stdout.write(f"\nMap{'':<35}{'KB':>9}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}")
        pages = []
        for label, url in (
            ("map page", base),
            ("map page, one country", f"{base}?country=DE"),
            ("map data (JSON)", f"{base}data/"),
        ):
            measure = self.measure(url, runs)
            self.stdout.write(
                f"{label:<38}{measure.size / 1000:>9.1f}{measure.queries:>9}"
                f"{measure.p50:>9.1f}{measure.p95:>9.1f}"
            )
            if "data" not in url:
                pages.append(measure)
        self.verdict("map page HTML", max(m.size for m in pages) / 1000, MAP_MAX_BYTES / 1000, "KB")
        self.verdict(
            "map page p95",
            percentile([t for m in pages for t in m.timings], 0.95),
            MAP_TARGET_P95_MS,
            "ms",
        )

    def sitemaps(self, runs):
        self.stdout.write(f"\nSitemap{'':<31}{'KB':>9}{'URLs':>9}{'p50 ms':>9}{'p95 ms':>9}")
        index = self.measure("/sitemap.xml", runs)
        files = [match.decode() for match in SITEMAP_LOC.findall(index.content)]
        self.stdout.write(
            f"{'/sitemap.xml (' + str(len(files)) + ' files)':<38}{index.size / 1000:>9.1f}"
            f"{'':>9}{index.p50:>9.1f}{index.p95:>9.1f}"
        )
        # Every file of one language for the size; a few, timed, in two languages.
        english = [name for name in files if name.startswith("/sitemap-en-")]
        largest = most_urls = 0
        for name in english:
            content = self.client.get(name).content
            largest = max(largest, len(content))
            most_urls = max(most_urls, content.count(b"<loc>"))
        timed = [english[0], english[len(english) // 2], english[-1]] if english else []
        timed += [name for name in files if name.startswith("/sitemap-vi-")][:1]
        timings = []
        for name in dict.fromkeys(timed):
            measure = self.measure(name, runs)
            timings += measure.timings
            self.stdout.write(
                f"{name:<38}{measure.size / 1000:>9.1f}{measure.content.count(b'<loc>'):>9}"
                f"{measure.p50:>9.1f}{measure.p95:>9.1f}"
            )
        if not files:
            self.verdict("sitemap p95", index.p95, SITEMAP_TARGET_P95_MS, "ms")
            return
        self.stdout.write(
            f"Largest English file: {largest / 1000:,.1f} KB, most URLs in one: {most_urls}"
        )
        self.verdict("sitemap file size", largest / 1_000_000, SITEMAP_MAX_BYTES / 1_000_000, "MB")
        self.verdict("sitemap URLs per file", most_urls, SITEMAP_MAX_URLS, "URLs")
        self.verdict("sitemap index p95", index.p95, SITEMAP_TARGET_P95_MS, "ms")
        self.verdict("sitemap file p95", percentile(timings, 0.95), SITEMAP_TARGET_P95_MS, "ms")

    def api(self, runs):
        self.stdout.write(f"\nAPI{'':<35}{'KB':>9}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}")
        timings = []
        for label, url in (
            ("agreements", "/api/v1/agreements/"),
            ("agreements, page 400", "/api/v1/agreements/?page=400"),
            ("agreements, search + country", "/api/v1/agreements/?q=city&country=DE"),
            ("partners", "/api/v1/partners/"),
            ("partners, one country", "/api/v1/partners/?country=DE"),
        ):
            measure = self.measure(url, runs)
            timings += measure.timings
            self.stdout.write(
                f"{label:<38}{measure.size / 1000:>9.1f}{measure.queries:>9}"
                f"{measure.p50:>9.1f}{measure.p95:>9.1f}"
            )
        self.verdict("API lists p95", percentile(timings, 0.95), API_TARGET_P95_MS, "ms")
