"""Score the public pages by Mozilla's HTTP Observatory rubric (iurc/core/observatory.py).

    python manage.py observatory_score [PATH ...] [--url http://127.0.0.1:8000]
        [--host iurc.example.org] [--language en] [--min-score 100]

Without --url, the pages are requested in this process through Django's test client with the
settings in force: run it with DJANGO_SETTINGS_MODULE=iurc.settings.production to score what
production sends (`make observatory` does). With --url, they are requested from that running
server (gunicorn), as the TLS-terminating proxy in front of it passes them on: the visitor's
Host and X-Forwarded-Proto: https; plain HTTP without it.

Without paths: the site's root (where the public Observatory starts), one live public page of
each page type, the parameterless views under routable pages (the agreements' map and
statistics), a search and a missing page, in --language.
Prints each test with its result and modifier, each page's score and grade, and the lowest;
exits 1 when a page scores under --min-score.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from iurc.core import observatory


def default_host():
    for host in settings.ALLOWED_HOSTS:
        if "*" not in host:
            return host.lstrip(".")
    return "localhost"


def default_paths(language):
    """A live public page of each type, with its parameterless routes, a search and a 404."""
    pages = Page.objects.live().public().filter(depth__gt=1)
    content_types = pages.order_by().values_list("content_type", flat=True).distinct()
    paths = ["/"]  # What the public Observatory scans: the redirect to a language, then its home.
    with translation.override(language):
        for content_type in sorted(content_types):
            page = pages.filter(content_type=content_type).order_by("path").first().specific
            url = page.get_url()
            if not url:
                continue
            paths.append(urlsplit(url).path)
            if isinstance(page, RoutablePageMixin):
                for pattern in page.get_subpage_urls():
                    try:
                        subpath = page.reverse_subpage(pattern.name)
                    except NoReverseMatch:  # A route with parameters (an id, a format).
                        continue
                    if subpath:
                        paths.append(urlsplit(url).path + subpath)
        paths.append(reverse("search") + "?q=city")
        paths.append(f"/{language}/observatory-no-such-page/")
    return paths


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="paths to score (default: every page type)")
        parser.add_argument("--url", help="a running server to ask, e.g. http://127.0.0.1:8000")
        parser.add_argument("--host", help="the site's host name (default: from ALLOWED_HOSTS)")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)
        parser.add_argument("--min-score", type=int, default=None)

    def handle(self, *args, paths, url, host, language, min_score, **options):
        host = host or default_host()
        paths = paths or default_paths(language)
        reports = []
        # The missing page would log "Not Found" between the reports.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        for path in paths:
            fetch = (
                observatory.http_fetcher(url)
                if url
                else observatory.client_fetcher(Client(raise_request_exception=False))
            )
            scan = observatory.scan(fetch, host, path)
            report = observatory.score(scan)
            reports.append((path, report))
            self.print_report(path, scan, report, options["verbosity"])
        lowest_path, lowest = min(reports, key=lambda item: item[1].score)
        self.stdout.write(
            f"\nLowest score: {lowest.score} ({lowest.grade}) on {lowest_path}"
            f" — {len(reports)} pages, each scored from 100 by "
            "Mozilla's HTTP Observatory rubric (algorithm version 6)."
        )
        if min_score is not None and lowest.score < min_score:
            raise CommandError(f"{lowest_path} scores {lowest.score}, under {min_score}.")

    def print_report(self, path, scan, report, verbosity):
        status = scan.page.status
        note = "" if 200 <= status < 400 or status in {401, 403} else " (the Observatory "
        note += "" if not note else "scores only 2xx, 3xx, 401 and 403 answers)"
        redirected = f" (from {scan.https[0].url})" if len(scan.https) > 1 else ""
        self.stdout.write(f"\n{scan.page.url}{redirected}  HTTP {status}{note}")
        for result in report.results:
            self.stdout.write(f"  {result.test:<32} {result.modifier:+4d}  {result.result}")
            if verbosity > 1 and result.detail:
                self.stdout.write(f"  {'':<32}       {result.detail}")
        self.stdout.write(f"  {'score':<32} {report.score:4d}  {report.grade}")
