"""Every page type works under its Content-Security-Policy in Chromium, with no violation:
the public site in three languages (the map drawn with its world outline, the language switcher,
search and the filters used), the 500 page, and Wagtail's editor (create, edit, preview)
under the admin's policy.

One browser tab for the whole module. Chromium reports each violation on the console and as a
``securitypolicyviolation`` event, which a script added to every frame logs too, so neither a
navigation nor the editor's preview frame hides one.
"""

import base64
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import path, reverse
from django.utils import translation
from wagtail.models import Page

from iurc.core.routing import page_url
from iurc.home.models import HomePage, StandardPage
from iurc.phases.models import ProgrammePhasePage
from partners.models import AgreementIndexPage, AgreementPage
from regions.models import RegionPage

LANGUAGES = ["en", "vi", "zh-hans"]
TILES = re.compile(r"^https://tile\.openstreetmap\.org/")
# A 1×1 PNG for every tile: the map's tiles load without the internet.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`
    + ` at ${event.sourceFile}:${event.lineNumber} on ${location.pathname}`);
});
"""
PROBLEM = re.compile(r"Content Security Policy|CSP violation|Permissions-Policy")
PASSWORD = "browser-test-only"  # noqa: S105


def failing_view(request):
    raise RuntimeError("The 500 page, rendered for the browser test")


urlpatterns = [path("<str:language>/server-error/", failing_view)]
handler500 = "iurc.core.views.server_error"


@pytest.fixture(scope="module")
def tab(browser, site_url):
    """One tab whose problems (CSP violations, Permissions-Policy errors) are collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(REPORT_VIOLATIONS)
    context.route(TILES, lambda route: route.fulfill(content_type="image/png", body=TILE))
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda message: PROBLEM.search(message.text) and page.problems.append(message.text),
    )
    yield page
    context.close()


@pytest.fixture(scope="module")
def public_urls(demo_site, django_db_blocker):
    """{language: {page type: path}} for one page of each type."""
    with django_db_blocker.unblock():
        index = AgreementIndexPage.objects.live().get()
        agreement = AgreementPage.objects.live().order_by("path").first()
        partner = agreement.eu_members.first().partner
        pages = {
            "about": StandardPage.objects.live().get(slug_en="about"),
            "phase": ProgrammePhasePage.objects.live().order_by("path").first(),
            "region": RegionPage.objects.live().order_by("path").first(),
            "agreement": agreement,
        }
        urls = {}
        for language in LANGUAGES:
            with translation.override(language):
                database = page_url(None, index, language)
                urls[language] = {
                    name: page_url(None, page, language) for name, page in pages.items()
                } | {
                    "agreements with filters": f"{database}?kind=city&status=active",
                    "map": f"{database}map/",
                    "statistics": f"{database}statistics/",
                    "partner profile": f"{database}partners/{partner.pk}/",
                    "404": f"/{language}/no-such-page/",
                    "search": reverse("search"),
                }
    return urls


def visit(tab, url):
    response = tab.goto(url)
    assert response.ok or response.status == 404, f"{url}: {response.status}"


def test_public_pages_in_three_languages_report_no_violation(site_url, tab, public_urls):
    tab.problems.clear()
    visit(tab, f"{site_url}/en/")
    for language in LANGUAGES:
        urls = public_urls[language]
        if language != "en":  # The switcher takes the visitor there, and works under the CSP.
            tab.locator(".language-switcher summary").click()
            tab.locator(f'.language-switcher a[lang="{language}"]').click()
            tab.wait_for_url(f"{site_url}/{language}/")
        tab.fill("#site-search-q", "city")  # Search through the header's form.
        tab.press("#site-search-q", "Enter")
        tab.wait_for_url(re.compile(re.escape(f"{site_url}{urls['search']}") + r"\?q=city"))
        assert tab.locator(".search-results li").count() > 0, f"no search results in {language}"
        for name in ("about", "phase", "region", "agreement", "partner profile", "statistics"):
            visit(tab, site_url + urls[name])
        visit(tab, site_url + urls["agreements with filters"])
        with tab.expect_navigation():  # The filter form submits under form-action.
            tab.locator("form.filters button[type=submit]").click()
        visit(tab, site_url + urls["map"])
        map_element = tab.locator("#agreement-map[data-drawn-partners]")
        map_element.wait_for()
        assert map_element.get_attribute("data-drawn-partners").split(), "no partner drawn"
        # The world outline, fetched from our static files under connect-src.
        tab.locator("#agreement-map[data-outline-features]").wait_for()
        visit(tab, site_url + urls["404"])
        visit(tab, f"{site_url}/{language}/")
    assert tab.problems == []


def test_500_page_reports_no_violation_and_is_styled(site_url, tab):
    with override_settings(ROOT_URLCONF=__name__):
        response = Client(raise_request_exception=False).get("/vi/server-error/")
    assert response.status_code == 500
    assert "Content-Security-Policy" in response.headers
    tab.problems.clear()
    tab.route(
        f"{site_url}/vi/server-error/",
        lambda route: route.fulfill(
            status=500, headers=dict(response.items()), body=response.content
        ),
    )

    tab.goto(f"{site_url}/vi/server-error/")

    assert tab.evaluate("getComputedStyle(document.body).maxWidth") == "640px"  # error.css
    assert tab.problems == []


@pytest.fixture(scope="module")
def editor(demo_site, django_db_blocker):
    """A superuser, and the pages the test creates removed afterwards."""
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_superuser("csp-editor", "", PASSWORD)
        before = set(Page.objects.values_list("pk", flat=True))
    yield user
    with django_db_blocker.unblock():
        Page.objects.exclude(pk__in=before).delete()
        user.delete()


def forget_side_panel(tab):
    """Wagtail reopens the side panel last open, a moment after a page has loaded: every page
    of this tab starts with none, so that opening the preview is one click.

    Run as each document starts, not evaluated after a save: the page could still be
    navigating then ("Execution context was destroyed").
    """
    tab.add_init_script("localStorage.removeItem('wagtail:side-panel-open')")


def open_preview(tab):
    tab.locator('[data-side-panel-toggle="preview"]').click()
    return tab.frame_locator(".w-preview__iframe").first


def test_wagtail_editor_works_under_the_admin_policy(site_url, tab, editor, django_db_blocker):
    with django_db_blocker.unblock():
        home = HomePage.objects.get()
        about = StandardPage.objects.get(slug_en="about")
    tab.context.clear_cookies()  # The language the switcher chose would be the preview's.
    tab.problems.clear()
    forget_side_panel(tab)
    tab.goto(f"{site_url}/admin/login/")
    tab.fill("input[name=username]", editor.username)
    tab.fill("input[name=password]", PASSWORD)
    tab.locator("form button[type=submit]").click()
    tab.wait_for_url(re.compile(r".*/admin/$"))

    # Create a page: a title, rich text, its preview (the public template), then save.
    tab.goto(f"{site_url}/admin/pages/add/home/standardpage/{home.pk}/")
    tab.fill("#id_title_en", "Headers that earn an A+")
    tab.locator('[data-contentpath="intro_en"] [contenteditable="true"]').click()
    tab.keyboard.type("Written under the admin's Content-Security-Policy.")
    preview = open_preview(tab)
    preview.get_by_role("heading", name="Headers that earn an A+").wait_for()
    tab.keyboard.press("Control+s")
    tab.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))

    # Edit a page with every kind of block (quotes, link cards) and preview it.
    tab.goto(f"{site_url}/admin/pages/{about.pk}/edit/")
    open_preview(tab).get_by_role("heading", name="About", exact=True).wait_for()

    assert tab.problems == []


def test_a_violation_is_reported(site_url, tab):
    """The checks above can fail: a style attribute written into the page is refused and
    reported."""
    tab.goto(f"{site_url}/en/")
    tab.problems.clear()

    tab.evaluate("document.querySelector('main').innerHTML += '<p style=\"color: red\">x</p>'")
    tab.wait_for_timeout(200)

    assert any("style-src" in problem for problem in tab.problems), tab.problems
