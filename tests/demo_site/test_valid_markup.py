"""Every public page type of the demo site, in English, Vietnamese and Chinese, and the error
pages, are valid HTML by the W3C Nu HTML checker (vnu.jar from the npm package vnu-jar, pinned
in package-lock.json, run by Debian's Java; `make test` installs both when they are missing).

The pages are written to one folder and checked by one run of the checker: one Java start for
all of them, not one per page. Warnings are printed, not failed on."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone, translation

from iurc.calls.models import CallIndexPage, CallPage
from iurc.core import outage
from iurc.core.views import server_error
from iurc.events.models import EventIndexPage, EventPage
from iurc.home.models import HomePage, StandardPage
from iurc.networks.models import ThematicNetworkPage
from iurc.news.models import NewsIndexPage, NewsPage
from iurc.newsletter.links import confirm_path, unsubscribe_path
from iurc.newsletter.models import Subscription
from iurc.phases.models import ProgrammePhaseIndexPage, ProgrammePhasePage
from iurc.publications.models import PublicationIndexPage, PublicationPage
from partners.filters import AgreementFilter
from partners.models import AgreementIndexPage, AgreementPage, Partner
from regions.models import RegionIndexPage, RegionPage

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A short run: the JIT's first tier only (half the CPU time of the default), and the stack that
# tier's larger frames need (with 1 MB, the checker stopped on a StackOverflowError).
JAVA_OPTIONS = ("-Xss8m", "-XX:TieredStopAtLevel=1")
# JSON on stdout, every message (errors, warnings, notes); the exit code says nothing of them.
VNU_OPTIONS = ("--format", "json", "--stdout", "--exit-zero-always")
# Vietnamese for its diacritics, Chinese for a CJK script (both left to right).
LANGUAGES = ("en", "vi", "zh-hans")
# A document with a known error, checked in the same run: proves the checker's report is read.
CANARY = "canary.html"
CANARY_HTML = (
    '<!DOCTYPE html><html lang="en"><head><title>Canary</title></head>'
    '<body><h2 role="status">Not a status</h2></body></html>'
)


def first_live(model):
    return model.objects.live().order_by("path").first()


def public_pages(language):
    """(name, URL, expected status) of one page of every public page type in ``language``."""
    with translation.override(language):
        agreements = first_live(AgreementIndexPage)
        agreement = first_live(AgreementPage)
        facets = {facet.name: facet for facet in AgreementFilter(QueryDict(), agreements).facets}
        region_value = facets["region"].choices[0].value
        theme_value = facets["theme"].choices[0].value
        # A partner with a photo when one has one: the fullest profile.
        partner = (
            Partner.objects.filter(live=True).exclude(photo=None).order_by("pk").first()
            or agreement.eu_partners()[0]
        )
        listing = agreements.url
        pages = [
            ("home", first_live(HomePage).url, 200),
            ("about", first_live(StandardPage).url, 200),
            ("phases", first_live(ProgrammePhaseIndexPage).url, 200),
            ("phase", first_live(ProgrammePhasePage).url, 200),
            ("regions", first_live(RegionIndexPage).url, 200),
            ("region", first_live(RegionPage).url, 200),
            ("network", first_live(ThematicNetworkPage).url, 200),
            ("agreements", listing, 200),
            (
                "agreements-filtered",
                f"{listing}?{urlencode({'region': region_value, 'theme': theme_value})}",
                200,
            ),
            ("agreements-bad-filter", f"{listing}?country=ZZ&year=soon&q=water", 200),
            ("agreements-page-2", f"{listing}?page=2", 200),
            ("map", listing + agreements.reverse_subpage("map"), 200),
            ("statistics", listing + agreements.reverse_subpage("statistics"), 200),
            (
                "partner",
                listing + agreements.reverse_subpage("partner", args=[partner.pk]),
                200,
            ),
            ("agreement", agreement.url, 200),
            ("news", first_live(NewsIndexPage).url, 200),
            ("news-bad-filter", f"{first_live(NewsIndexPage).url}?region=0&tag=none", 200),
            ("news-item", first_live(NewsPage).url, 200),
            ("events", first_live(EventIndexPage).url, 200),
            ("events-past", f"{first_live(EventIndexPage).url}?when=past", 200),
            ("events-bad-filter", f"{first_live(EventIndexPage).url}?when=soon&region=0", 200),
            ("event-past", EventPage.objects.live().earliest("starts_at").url, 200),
            ("event-upcoming", EventPage.objects.live().latest("starts_at").url, 200),
            ("calls", first_live(CallIndexPage).url, 200),
            # The demo's calls: one open, one closed, one not open yet.
            *(
                (f"call-{call.pk}", call.url, 200)
                for call in CallPage.objects.live().order_by("opens_at")
            ),
            ("publications", first_live(PublicationIndexPage).url, 200),
            ("publication", first_live(PublicationPage).url, 200),
            ("search-hits", f"/{language}/search/?q=Rotterdam", 200),
            ("search-none", f"/{language}/search/?q=zzqxv", 200),
            ("newsletter", f"/{language}/newsletter/", 200),
            ("newsletter-pending", f"/{language}/newsletter/thanks/", 200),
            ("newsletter-bad-link", f"/{language}/newsletter/confirm/not-a-token/", 400),
            ("not-found", f"/{language}/no-such-page/", 404),
        ]
    return pages


def newsletter_pages(client, language):
    """The sign-up form sent with a wrong address (its errors shown), and a subscription's
    confirm and unsubscribe pages."""
    subscription = Subscription.objects.create(
        email=f"reader-{language}@example.org",
        language=language,
        consent_text="Consent",
        consented_at=timezone.now(),
    )
    yield "newsletter-errors", client.post(f"/{language}/newsletter/", {"email": "no"}), 400
    yield "newsletter-confirm", client.get(confirm_path(subscription)), 200
    yield "newsletter-unsubscribe", client.get(unsubscribe_path(subscription)), 200


def error_pages(language):
    """The 500 and 503 pages, which are rendered without the database or the site's base."""
    request = RequestFactory().get(f"/{language}/somewhere/")
    try:
        raise RuntimeError("A test of the 500 page")
    except RuntimeError:
        yield "server-error", server_error(request).content
    yield "unavailable", outage.page(language).encode()


def checker_messages(folder):
    """The checker's messages about every HTML file in ``folder``, from one run."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "The W3C Nu HTML checker needs Java, which is not installed: `make test` installs "
            "it, or run `sudo apt-get install default-jre-headless`."
        )
    if not VNU_JAR.exists():
        pytest.fail(
            f"The W3C Nu HTML checker ({VNU_JAR.relative_to(settings.BASE_DIR)}) is not "
            "installed: `make test` installs it, or run "
            "`npm ci --ignore-scripts --no-audit --no-fund` (Node.js and npm)."
        )
    result = subprocess.run(
        [java, *JAVA_OPTIONS, "-jar", str(VNU_JAR), *VNU_OPTIONS, str(folder)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    # With --exit-zero-always, any other exit code means the checker itself failed.
    if result.returncode != 0:
        pytest.fail(f"The W3C Nu HTML checker failed:\n{result.stderr}{result.stdout}")
    return json.loads(result.stdout)["messages"]


def describe(message, sources):
    """``page (file), line N: message [the markup it is about]``."""
    name = message.get("url", "").rsplit("/", 1)[-1]
    extract = " ".join(message.get("extract", "").split())
    return (
        f"{sources.get(name, name)} ({name}), line {message.get('lastLine', '?')}: "
        f"{message['message']} [{extract}]"
    )


def test_every_page_type_in_three_languages_is_valid_html(client, demo_site, db, tmp_path):
    sources = {}

    def save(name, source, content):
        sources[name] = source
        (tmp_path / name).write_bytes(content)

    for language in LANGUAGES:
        for name, url, status in public_pages(language):
            response = client.get(url)
            assert response.status_code == status, (name, url)
            save(f"{language}-{name}.html", url, response.content)
        for name, response, status in newsletter_pages(client, language):
            assert response.status_code == status, name
            save(f"{language}-{name}.html", response.request["PATH_INFO"], response.content)
        for name, content in error_pages(language):
            save(f"{language}-{name}.html", f"{name} page ({language})", content)
    response = client.get("/admin/login/")
    assert response.status_code == 200
    save("admin-login.html", "/admin/login/", response.content)
    save(CANARY, "a document with a known error", CANARY_HTML.encode())

    messages = checker_messages(tmp_path)

    canary = [m for m in messages if m.get("url", "").endswith("/" + CANARY)]
    assert any("role" in m["message"] for m in canary), "the checker's report was not read"
    messages = sorted(
        (m for m in messages if m not in canary),
        key=lambda m: (m.get("url", ""), m.get("lastLine", 0)),
    )
    notes = [m for m in messages if m["type"] != "error"]
    if notes:  # Shown with ``pytest -s`` or when the test fails.
        print("Warnings and notes of the W3C Nu HTML checker:")
        print("\n".join(f"{m.get('subType', m['type'])}: {describe(m, sources)}" for m in notes))
    errors = [m for m in messages if m["type"] == "error"]
    assert not errors, f"{len(errors)} errors of the W3C Nu HTML checker:\n" + "\n".join(
        describe(m, sources) for m in errors
    )
