"""Score public pages with Lighthouse (Google's audit tool), on mobile and desktop.

    python manage.py lighthouse_scores [PATH ...] [--min-score 100] [--max-requests 5]

Starts this site's development server on a free port of 127.0.0.1 with the database of the
settings in force (`make lighthouse` uses the demo's), then runs Lighthouse from
``node_modules`` (pinned in package-lock.json; `make lighthouse` installs it) with Debian's
Chromium (``CHROME_PATH``, default /usr/bin/chromium; Lighthouse never downloads a browser
here), once with its mobile settings and once with ``--preset=desktop``, on each path
(default: the home page in Vietnamese and English). Prints the four category scores,
the audits that lost points and the requests the page made that are not images; exits 1
when a score is under --min-score or a page makes more than --max-requests such requests.
The server is stopped whatever happens.
"""

import json
import os
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

    def handle(self, *args, paths, min_score, max_requests, **options):
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
            failures = []
            with tempfile.TemporaryDirectory(prefix="iurc-lighthouse-") as temp:
                for path in paths:
                    for preset, flags in PRESETS.items():
                        report = self.run(lighthouse, chrome, base + path, flags, Path(temp))
                        failures += self.report(path, preset, report, min_score, max_requests)
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

    def report(self, path, preset, report, min_score, max_requests):
        failures = []
        scores = {}
        for name in CATEGORIES:
            score = report["categories"][name]["score"]
            scores[name] = round(score * 100) if score is not None else 0
            if scores[name] < min_score:
                failures.append(f"{path} {preset} {name} {scores[name]}")
        requests = [
            item
            for item in report["audits"]["network-requests"]["details"]["items"]
            if item.get("resourceType") != "Image"
        ]
        if len(requests) > max_requests:
            failures.append(f"{path} {preset}: {len(requests)} requests before images")
        line = ", ".join(f"{name} {score}" for name, score in scores.items())
        self.stdout.write(f"{path} ({preset}): {line}; {len(requests)} requests besides images")
        for name in CATEGORIES:
            for ref in report["categories"][name]["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                    shown = audit.get("displayValue", "")
                    self.stdout.write(f"    {name}: {ref['id']} {audit['score']:.2f} {shown}")
        return failures
