"""Score public pages with Lighthouse (Google's audit tool), on mobile and desktop.

    python manage.py lighthouse_scores [PATH ...] [--min-score 100] [--max-requests 5]
        [--database /vi/agreements/ | --database ""]

Starts this site's development server on a free port of 127.0.0.1 with the database of the
settings in force (`make lighthouse` uses the demo's), then runs Lighthouse from
``node_modules`` (pinned in package-lock.json; `make lighthouse` installs it) with Debian's
Chromium (``CHROME_PATH``, default /usr/bin/chromium; Lighthouse never downloads a browser
here), once with its mobile settings and once with ``--preset=desktop``, on each path
(default: the home page in Vietnamese and English). Prints the four category scores,
the audits that lost points and the requests the page made that are not images; exits 1
when a score is under --min-score or a page makes more than --max-requests such requests.

Then every view of the agreements database at --database is scored for accessibility alone
(its pages are judged on performance by the query budgets and the benchmarks): the list, its
map and statistics, and the first agreement page and partner profile the list links to, read
from the list as served, so that this base layer needs no import of the agreements app.
The server is stopped whatever happens.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The database views scored besides its list, as routes under the list's translated URL.
DATABASE_ROUTES = ("map/", "statistics/")
AGREEMENT_LINK = re.compile(r'class="agreement-card__title"><a href="([^"]+)"')
PARTNER_LINK = re.compile(r'<a href="([^"]*/partners/\d+/)"')
PRESETS = {"mobile": [], "desktop": ["--preset=desktop"]}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", default=["/vi/", "/en/"])
        parser.add_argument("--min-score", type=int, default=100)
        parser.add_argument("--max-requests", type=int, default=5)
        parser.add_argument(
            "--database",
            default="/vi/agreements/",
            help='The agreements list whose views are scored for accessibility ("" for none).',
        )

    def handle(self, *args, paths, min_score, max_requests, database, **options):
        lighthouse = settings.BASE_DIR / "node_modules" / ".bin" / "lighthouse"
        if not lighthouse.exists():
            raise CommandError("Lighthouse is not installed: `make lighthouse` installs it (npm).")
        chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
        if not shutil.which(chrome):
            raise CommandError(f"No Chromium at {chrome}: `make browser-deps` installs it.")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [
                sys.executable,
                str(settings.BASE_DIR / "manage.py"),
                "runserver",
                "--noreload",
                f"127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self.wait_for(base)
            # A running site is scored, not the first render after a start (templates not yet
            # compiled, caches empty), which is no visitor's experience.
            for path in paths:
                self.warm(base + path)
            failures = []
            with tempfile.TemporaryDirectory(prefix="iurc-lighthouse-") as temp:
                for path in paths:
                    for preset, flags in PRESETS.items():
                        report = self.run(lighthouse, chrome, base + path, flags, Path(temp))
                        failures += self.report(path, preset, report, min_score, max_requests)
                for path in self.database_views(base, database) if database else []:
                    for preset, flags in PRESETS.items():
                        flags = [*flags, "--only-categories=accessibility"]
                        report = self.run(lighthouse, chrome, base + path, flags, Path(temp))
                        failures += self.report(
                            path, preset, report, min_score, None, ("accessibility",)
                        )
        finally:
            server.terminate()
            server.wait(timeout=10)
        if failures:
            raise CommandError("Under target: " + "; ".join(failures))
        self.stdout.write(self.style.SUCCESS("Every page met its targets."))

    def wait_for(self, base):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/healthz/", timeout=2):  # noqa: S310 - ours
                    return
            except OSError:
                time.sleep(0.3)
        raise CommandError("The development server did not start.")

    def warm(self, url):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - ours
                response.read()
        except OSError:
            pass  # Lighthouse reports what is wrong with the page

    def database_views(self, base, list_path):
        """The paths of the database's views: its list (where ``list_path`` redirects), map
        and statistics, and the first agreement and partner profile the list links to."""
        with urllib.request.urlopen(base + list_path, timeout=30) as response:  # noqa: S310
            list_url = response.url
            html = response.read().decode()
        list_path = list_url.removeprefix(base)
        agreement, partner = AGREEMENT_LINK.search(html), PARTNER_LINK.search(html)
        if not agreement or not partner:
            raise CommandError(f"{list_path} links to no agreement or partner to score.")
        return [
            list_path,
            *(list_path + route for route in DATABASE_ROUTES),
            agreement.group(1),
            partner.group(1),
        ]

    def run(self, lighthouse, chrome, url, flags, temp):
        output = temp / "report.json"
        result = subprocess.run(  # noqa: S603 - the pinned Lighthouse, our own URL
            [
                str(lighthouse),
                url,
                *flags,
                "--quiet",
                "--output=json",
                f"--output-path={output}",
                "--chrome-flags=--headless=new --no-sandbox --disable-background-networking",
            ],
            env={**os.environ, "CHROME_PATH": chrome},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0 or not output.exists():
            raise CommandError(f"Lighthouse failed on {url}: {result.stderr[-2000:]}")
        return json.loads(output.read_text())

    def report(self, path, preset, report, min_score, max_requests, categories=CATEGORIES):
        """Print the scores of ``categories`` and what lost points; return the failures.
        ``max_requests`` None: the requests are not counted."""
        failures = []
        scores = {}
        for name in categories:
            score = report["categories"][name]["score"]
            scores[name] = round(score * 100) if score is not None else 0
            if scores[name] < min_score:
                failures.append(f"{path} {preset} {name} {scores[name]}")
        line = ", ".join(f"{name} {score}" for name, score in scores.items())
        if max_requests is not None:
            requests = [
                item
                for item in report["audits"]["network-requests"]["details"]["items"]
                if item.get("resourceType") != "Image"
            ]
            if len(requests) > max_requests:
                failures.append(f"{path} {preset}: {len(requests)} requests before images")
            line += f"; {len(requests)} requests besides images"
        self.stdout.write(f"{path} ({preset}): {line}")
        for name in categories:
            for ref in report["categories"][name]["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                    shown = audit.get("displayValue", "")
                    self.stdout.write(f"    {name}: {ref['id']} {audit['score']:.2f} {shown}")
        return failures
