"""Measure the About page against the public site's budgets and print the figures.

    python manage.py check_budgets [--path /vi/gioi-thieu/] [--runs 60]

Budgets (issue: "The public site in 12 languages"): at most 60 KB of HTML+CSS+JS, at most 10
requests, no render-blocking request to another host, and a median server render under 30 ms
with the page cache off for the run (each request rendered). Exits 1 when a budget is exceeded.
Run it with DEBUG off (`make budget` does) and on the database you want to measure.
"""

import gzip
import statistics
import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings

from iurc.core.query_count import counting_queries

MAX_BYTES = 60 * 1024
MAX_REQUESTS = 10
MAX_MEDIAN_MS = 30.0


class Resources(HTMLParser):
    """Subresources a browser fetches for a page, and which of them block rendering."""

    def __init__(self):
        super().__init__()
        self.found = []  # (url, kind, blocking)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rel = set((attrs.get("rel") or "").split())
            if "stylesheet" in rel:
                self.found.append((attrs["href"], "css", attrs.get("media") in (None, "all")))
            elif rel & {"icon", "preload", "modulepreload"}:
                self.found.append((attrs["href"], "other", False))
        elif tag == "script" and attrs.get("src"):
            blocking = (
                "async" not in attrs and "defer" not in attrs and attrs.get("type") != "module"
            )
            self.found.append((attrs["src"], "js", blocking))
        elif tag == "img" and attrs.get("src") and attrs.get("loading") != "lazy":
            self.found.append((attrs["src"], "image", False))


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--path", default="/vi/gioi-thieu/")
        parser.add_argument("--runs", type=int, default=60)

    def handle(self, *args, **options):
        # Every request rendered: the budget is the page's, not the page cache's.
        with override_settings(IURC_PAGE_CACHE={**settings.IURC_PAGE_CACHE, "ENABLED": False}):
            return self.measure(*args, **options)

    def measure(self, *args, path, runs, **options):
        client = Client(HTTP_HOST="localhost")
        response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}: run `make demo` first.")
        html = response.content
        parser = Resources()
        parser.feed(html.decode())

        rows = [(path, "html", len(html), len(gzip.compress(html)))]
        foreign_blocking = []
        for url, kind, blocking in parser.found:
            parts = urlsplit(url)
            if parts.netloc and parts.netloc not in {"localhost", "testserver"}:
                if blocking:
                    foreign_blocking.append(url)
                rows.append((url, kind, 0, 0))
                continue
            body = self._static_body(client, parts.path)
            rows.append((url, kind, len(body), len(gzip.compress(body))))

        counted = [row for row in rows if row[1] in {"html", "css", "js"}]
        raw = sum(row[2] for row in counted)
        compressed = sum(row[3] for row in counted)
        requests = len(rows)

        client.get(path)  # warm: templates compiled, site root paths cached
        with counting_queries() as queries:
            client.get(path)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        median = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[-1]

        self.stdout.write(f"Budget check for {path}")
        for url, kind, size, gz in rows:
            self.stdout.write(
                f"  {kind:6} {size / 1024:7.1f} KB  ({gz / 1024:5.1f} KB gzip)  {url}"
            )
        results = [
            (
                "HTML+CSS+JS (uncompressed)",
                f"{raw / 1024:.1f} KB",
                f"<= {MAX_BYTES // 1024} KB",
                raw <= MAX_BYTES,
            ),
            ("HTML+CSS+JS (gzip)", f"{compressed / 1024:.1f} KB", "", True),
            ("requests", str(requests), f"<= {MAX_REQUESTS}", requests <= MAX_REQUESTS),
            (
                "render-blocking requests to other hosts",
                str(len(foreign_blocking)),
                "0",
                not foreign_blocking,
            ),
            (
                f"server render, median of {runs} (no page cache)",
                f"{median:.1f} ms",
                f"< {MAX_MEDIAN_MS:.0f} ms",
                median < MAX_MEDIAN_MS,
            ),
            ("server render, p95", f"{p95:.1f} ms", "", True),
            # The fastest run is what the code costs when nothing else competes for the CPU.
            ("server render, fastest", f"{min(timings):.1f} ms", "", True),
            ("database queries per render", str(len(queries)), "", True),
        ]
        for name, figure, budget, ok in results:
            mark = "ok  " if ok else "OVER"
            self.stdout.write(f"  {mark} {name}: {figure} {budget}")
        if not all(ok for *_, ok in results):
            raise CommandError("Over budget.")

    def _static_body(self, client, path):
        from django.conf import settings

        if path.startswith(settings.STATIC_URL):
            relative = path[len(settings.STATIC_URL) :]
            found = finders.find(relative)
            if found:
                with open(found, "rb") as handle:
                    return handle.read()
        return b"".join(client.get(path).streaming_content) if path else b""
