"""Send bad input to every public URL and count the server errors (``iurc.core.fuzzing``).

    python manage.py fuzz_public_urls [--requests 10000] [--seed 13] [--host H] [--show 10]

Crawls the public site from its root, home pages, sitemaps, robots.txt and API root, files
each answer under its kind (each page type, database view, download, search, API endpoint, the
language switcher…), then sends --requests mutated URLs spread evenly over those kinds. The
requests go through Django's test client in this process, over HTTPS as the production proxy
passes them on, with DEBUG off whatever the settings say: run it with
DJANGO_SETTINGS_MODULE=iurc.settings.production to fuzz what production runs (`make fuzz`
does). Downloads are read to their end, so an error halfway through one counts.

Prints the kinds crawled, the number of requests, the histogram of status codes and the number
of server errors (5xx, or an exception while reading an answer) with the first failing URLs
and their exceptions; exits 1 when there is any.
"""

import logging
import random
import time
import traceback
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.signals import got_request_exception
from django.test import Client
from django.test.utils import override_settings

from iurc.core.fuzzing import Crawler, mutated_requests

QUIET_LOGGERS = ("django.request", "django.security", "django.server")


def default_host():
    for host in settings.ALLOWED_HOSTS:
        if "*" not in host:
            return host.lstrip(".")
    return "localhost"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=10_000, help="mutated requests")
        parser.add_argument("--seed", type=int, default=13, help="the same seed, the same run")
        parser.add_argument("--host", help="the site's host name (default: from ALLOWED_HOSTS)")
        parser.add_argument("--crawl-limit", type=int, default=3000)
        parser.add_argument("--show", type=int, default=10, help="failing URLs to print")

    def handle(self, *args, requests, seed, host, crawl_limit, show, **options):
        self.host = host or default_host()
        self.client = Client(raise_request_exception=False)
        self.statuses = Counter()
        self.failures = []
        self.failure_count = 0
        self._exception = None
        started = time.monotonic()
        quiet = [logging.getLogger(name) for name in QUIET_LOGGERS]
        levels = [logger.level for logger in quiet]
        got_request_exception.connect(self._remember_exception)
        try:
            for logger in quiet:
                logger.setLevel(logging.CRITICAL + 1)
            with override_settings(DEBUG=False):
                self.run(requests, seed, crawl_limit, options["verbosity"])
        finally:
            got_request_exception.disconnect(self._remember_exception)
            for logger, level in zip(quiet, levels, strict=True):
                logger.setLevel(level)
        total = sum(self.statuses.values())
        histogram = ", ".join(
            f"{status}: {count}" for status, count in sorted(self.statuses.items(), key=str)
        )
        self.stdout.write(
            f"Requests: {total} ({self.crawled} crawling, {total - self.crawled} mutated) "
            f"in {time.monotonic() - started:.0f} s"
        )
        self.stdout.write(f"Status codes: {histogram}")
        self.stdout.write(f"Server errors: {self.failure_count}")
        for path, kind, problem in self.failures[:show]:
            shown = path if len(path) <= 300 else f"{path[:300]}… ({len(path)} characters)"
            self.stdout.write(f"  {shown}  [{kind}]\n    {problem}")
        if self.failure_count:
            raise CommandError(f"{self.failure_count} server errors.")

    def run(self, requests, seed, crawl_limit, verbosity):
        crawler = Crawler(fetch=self.fetch_for_crawl, host=self.host, limit=crawl_limit)
        kinds = crawler.crawl()
        self.crawled = crawler.requests
        self.stdout.write(f"Crawled {crawler.requests} URLs of {len(kinds)} kinds (with the")
        self.stdout.write("parameters they are seen with, tried most; any others are tried too):")
        names = crawler.names_by_kind()
        for kind in sorted(kinds):
            seen = f"  ({', '.join(sorted(names[kind]))})" if names[kind] else ""
            self.stdout.write(f"  {len(kinds[kind]):5d}  {kind}{seen}")
        rng = random.Random(seed)  # noqa: S311 - test input, not secrets
        requests_made = mutated_requests(crawler, requests, rng)
        seconds = Counter()
        for number, (path, headers, kind) in enumerate(requests_made, start=1):
            started = time.monotonic()
            self.fetch(path, kind, headers)
            seconds[kind] += time.monotonic() - started
            if verbosity > 1 and number % 1000 == 0:
                self.stdout.write(f"  {number} mutated requests sent")
        if verbosity > 1:
            self.stdout.write("Seconds spent per kind on mutated requests:")
            for kind, spent in seconds.most_common():
                self.stdout.write(f"  {spent:7.1f}  {kind}")

    def fetch_for_crawl(self, path):
        return self.fetch(path, "crawl")

    def fetch(self, path, kind, headers=None):
        """The answer to ``path`` and its body read to the end; failures are counted."""
        self.client.cookies.clear()
        self._exception = None
        body = b""
        try:
            response = self.client.get(path, secure=True, HTTP_HOST=self.host, **(headers or {}))
            # Read to the end: a download that fails halfway is a server error too.
            body = b"".join(response.streaming_content) if response.streaming else response.content
        except Exception as error:  # noqa: BLE001 - any error is what this command counts
            self.statuses["exception"] += 1
            self._fail(path, kind, "".join(traceback.format_exception_only(error)).strip())
            return _Failed(), b""
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            problem = self._exception or f"HTTP {response.status_code}"
            self._fail(path, kind, problem)
        return response, body

    def _fail(self, path, kind, problem):
        self.failure_count += 1
        self.failures.append((path, kind, problem))

    def _remember_exception(self, sender, request=None, **kwargs):
        error = traceback.format_exc().strip().splitlines()
        where = [line.strip() for line in error if line.strip().startswith("File ")]
        self._exception = f"{error[-1]} ({where[-1] if where else 'no traceback'})"


class _Failed:
    """Stands for an answer that could not be read, so the crawl goes on."""

    status_code = 599
    streaming = False
    template_name = None

    def get(self, name, default=None):
        return default
