"""The page cache: what it serves, what it never keeps, and that every kind of change is seen
by the next anonymous request, in every language (iurc/core/page_cache.py, cache_tags.py)."""

import gzip
import http.server
import logging
import threading

import brotli
import pytest
from django.core.cache import cache as default_cache
from django.core.cache import caches
from django.test import override_settings
from django.utils import translation
from wagtail.models import PageViewRestriction

from iurc.core import cache_tags, site_roots
from iurc.core.models import Quote
from partners.importer import read_csv
from partners.models import AgreementPage, Partner, Theme
from partners.writer import import_rows
from regions.models import RegionPage
from tests.factories import StandardPageFactory, publish
from tests.support import API_AGREEMENTS, UNREACHABLE_REDIS, csv_text, edit_form_data, edit_url, row

pytestmark = pytest.mark.usefixtures("page_cache")

LANGUAGES = ("en", "es", "pt", "fr", "zh-hans", "hi", "id", "ja", "ms", "ko", "th", "vi")


def url(page, language="en"):
    with translation.override(language):
        return page.url


def read(client, path, **headers):
    response = client.get(path, headers=headers)
    return response, response.content.decode()


def warm(client, *paths):
    """Request each path until the cache serves it (a tag seen for the first time counts
    against the first entry stored with it)."""
    for path in paths:
        for _attempt in range(3):
            if client.get(path).headers.get("X-Cache") == "HIT":
                break
        else:
            raise AssertionError(f"{path} is never served from the cache")


def test_the_second_anonymous_request_comes_from_the_cache_without_a_query(
    client, site_tree, django_assert_num_queries
):
    about = url(site_tree.about, "vi")
    first, first_text = read(client, about)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    warm(client, about)
    with django_assert_num_queries(0):
        again, again_text = read(client, about)
    assert again["X-Cache"] == "HIT"
    assert again_text == first_text
    assert again["Content-Language"] == "vi"


def test_a_cached_page_is_compressed_as_the_client_accepts_and_revalidated_by_etag(
    client, site_tree
):
    about = url(site_tree.about)
    warm(client, about)
    plain = client.get(about)
    identity = plain.content
    assert "Content-Encoding" not in plain
    in_brotli = client.get(about, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert in_brotli["Content-Encoding"] == "br"
    assert brotli.decompress(in_brotli.content) == identity
    assert len(in_brotli.content) < len(identity) / 3
    in_gzip = client.get(about, headers={"Accept-Encoding": "gzip"})
    assert in_gzip["Content-Encoding"] == "gzip"
    assert gzip.decompress(in_gzip.content) == identity
    refused = client.get(about, headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "Content-Encoding" not in refused
    for response in (plain, in_brotli, in_gzip):
        assert "Accept-Encoding" in response["Vary"]
        assert response["Cache-Control"] == (
            "public, max-age=0, s-maxage=300, stale-while-revalidate=60"
        )
    not_modified = client.get(about, headers={"If-None-Match": plain["ETag"]})
    assert not_modified.status_code == 304


def test_the_first_answer_is_compressed_too(client, site_tree):
    response = client.get(url(site_tree.about), headers={"Accept-Encoding": "br"})
    assert response["X-Cache"] == "MISS"
    assert response["Content-Encoding"] == "br"
    assert b"<html" in brotli.decompress(response.content)


def test_with_the_page_cache_off_answers_are_still_compressed_as_the_client_accepts(
    client, site_tree, settings
):
    settings.IURC_PAGE_CACHE = {**settings.IURC_PAGE_CACHE, "ENABLED": False}
    about = url(site_tree.about)
    in_gzip = client.get(about, headers={"Accept-Encoding": "gzip"})
    assert in_gzip["Content-Encoding"] == "gzip"
    plain = client.get(about)
    assert gzip.decompress(in_gzip.content) == plain.content
    for response in (in_gzip, plain):
        assert "X-Cache" not in response
        assert "Accept-Encoding" in response["Vary"]


def test_signed_in_staff_get_pages_rendered_for_them(client, admin_user, site_tree):
    about = url(site_tree.about)
    warm(client, about)
    client.force_login(admin_user)
    response = client.get(about)
    assert "X-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_a_password_protected_page_is_never_kept_nor_compressed(client, site_tree):
    agreement = site_tree.agreements[0]
    PageViewRestriction.objects.create(
        page=agreement, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for _attempt in range(2):
        response = client.get(url(agreement), headers={"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200  # the password form, with its CSRF token
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "X-Cache" not in response
        assert "Content-Encoding" not in response


@pytest.mark.parametrize(
    ("path", "options"),
    [
        ("/en/no-such-page/", {}),
        ("/admin/", {}),
        ("/en/about/", {"method": "post"}),
        ("/en/about/", {"cookie": "messages"}),
        ("/en/about/", {"cookie": "sessionid"}),
    ],
    ids=["not found", "admin", "post", "message cookie", "session cookie"],
)
def test_what_the_cache_never_serves(client, site_tree, path, options):
    if "cookie" in options:
        client.cookies[options["cookie"]] = "x"
    send = getattr(client, options.get("method", "get"))
    for _attempt in range(3):
        response = send(path)
        assert "X-Cache" not in response, response.status_code


def test_a_page_published_is_seen_by_the_next_request_in_every_language(client, site_tree):
    about = site_tree.about
    paths = {language: url(about, language) for language in LANGUAGES}
    home = {language: url(site_tree.home, language) for language in LANGUAGES}
    warm(client, *paths.values(), *home.values())
    page = StandardPageFactory._meta.model.objects.get(pk=about.pk)
    page.title_en = "About the cooperation"
    page.title_vi = "Về hợp tác"
    publish(page)
    for language, path in paths.items():
        response, text = read(client, path)
        assert response["X-Cache"] == "MISS", language
        assert ("Về hợp tác" if language == "vi" else "About the cooperation") in text, language
    for language, path in home.items():
        # The home page's menu names About.
        assert client.get(path)["X-Cache"] == "MISS", language


def test_a_page_edited_and_published_in_the_admin_is_seen_next_in_every_language(
    client, admin_client, site_tree
):
    page = StandardPageFactory(
        parent=site_tree.home,
        title="Funding",
        slug="funding",
        title_vi="Tài trợ",
        slug_vi="tai-tro",
    )
    paths = {language: url(page, language) for language in LANGUAGES}
    warm(client, *paths.values())
    changes = {"title_en": "Funding and partners", "title_th": "เงินทุนและพันธมิตร"}
    response = admin_client.post(
        edit_url(page), edit_form_data(admin_client, page, changes, action="publish")
    )
    assert response.status_code == 302
    for language, path in paths.items():
        response, text = read(client, path)
        assert response["X-Cache"] == "MISS", language
        expected = {"th": "เงินทุนและพันธมิตร", "vi": "Tài trợ"}.get(language, "Funding and partners")
        assert expected in text, language


def test_a_change_to_one_agreement_empties_only_what_showed_it(client, site_tree):
    agreement = site_tree.agreements[0]
    about = url(site_tree.about)
    shown = [url(agreement), url(site_tree.agreement_index), API_AGREEMENTS]
    shown.append("/sitemap.xml")
    warm(client, about, *shown)
    page = AgreementPage.objects.get(pk=agreement.pk)
    page.summary = "Renewed for a second cycle of study visits."
    page.start_year = 2019
    publish(page)
    for path in shown:
        response, text = read(client, path)
        assert response["X-Cache"] == "MISS", path
        if path == "/sitemap.xml":
            continue  # its date is today's already; the MISS shows it was rendered again
        assert "2019" in text, path
        if path == url(agreement):
            assert "Renewed for a second cycle" in text
    assert client.get(about)["X-Cache"] == "HIT"


def _unpublish(agreement, tree):
    agreement.unpublish()


def _delete(agreement, tree):
    agreement.delete()


def _restrict(agreement, tree):
    PageViewRestriction.objects.create(page=agreement, restriction_type=PageViewRestriction.LOGIN)


def _move(agreement, tree):
    hidden = StandardPageFactory(parent=tree.home, title="Hidden", slug="hidden")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    agreement.move(hidden, pos="last-child")


@pytest.mark.parametrize("event", [_unpublish, _delete, _restrict, _move])
def test_an_agreement_taken_from_the_public_leaves_every_cached_list(client, site_tree, event):
    agreement = AgreementPage.objects.get(pk=site_tree.agreements[0].pk)
    lists = [url(site_tree.agreement_index), API_AGREEMENTS, url(site_tree.home)]
    warm(client, *lists)
    assert "Lisbon – Hanoi 0" in client.get(API_AGREEMENTS).content.decode()
    event(agreement, site_tree)
    for path in lists:
        response, text = read(client, path)
        assert response["X-Cache"] == "MISS", path
        assert "Lisbon – Hanoi 0" not in text, path


def test_a_quote_changed_is_seen_on_the_pages_that_quote_it(client, site_tree):
    about = url(site_tree.about)
    warm(client, about)
    quote = Quote.objects.get(pk=site_tree.quotes[0].pk)
    quote.text = "Cities learn fastest from each other."
    quote.save()
    response, text = read(client, about)
    assert response["X-Cache"] == "MISS"
    assert "Cities learn fastest from each other." in text


def test_a_partner_renamed_is_seen_on_its_agreement_and_in_the_api(client, site_tree):
    agreement = site_tree.agreements[0]
    paths = [url(agreement), API_AGREEMENTS]
    warm(client, *paths)
    partner = Partner.objects.get(name="Hanoi 0")
    partner.name = "Hà Nội (capital)"
    partner.save()
    for path in paths:
        response, text = read(client, path)
        assert response["X-Cache"] == "MISS", path
        assert "Hà Nội (capital)" in text or "H\\u00e0 N\\u1ed9i (capital)" in text, path


def test_a_theme_renamed_is_seen_in_the_list_and_its_filters(client, site_tree):
    database = url(site_tree.agreement_index, "vi")
    warm(client, database)
    theme = Theme.objects.get(pk=site_tree.theme.pk)
    theme.name_vi = "Giao thông xanh"
    theme.save()
    response, text = read(client, database)
    assert response["X-Cache"] == "MISS"
    assert "Giao thông xanh" in text


def test_a_region_renamed_is_seen_on_its_agreements(client, site_tree):
    agreement = url(site_tree.agreements[0])
    warm(client, agreement)
    region = RegionPage.objects.get(pk=site_tree.region.pk)
    region.title = "Asia and the Pacific"
    publish(region)
    response, text = read(client, agreement)
    assert response["X-Cache"] == "MISS"
    assert "Asia and the Pacific" in text


def test_imported_agreements_are_listed_by_the_next_request(client, site_tree):
    database = url(site_tree.agreement_index)
    warm(client, database, API_AGREEMENTS)
    csv = csv_text(row(eu_side="Porto", partner_side="Da Nang", programme="IUC"))
    report = import_rows(read_csv(csv), site_tree.agreement_index)
    assert report.ok, [str(error) for error in report.errors]
    for path in (database, API_AGREEMENTS):
        response, text = read(client, path)
        assert response["X-Cache"] == "MISS", path
        assert "Porto" in text and "Da Nang" in text, path


def test_pages_are_served_while_the_cache_is_unreachable_and_it_is_said_once(
    client, site_tree, caplog
):
    about = url(site_tree.about)
    with override_settings(CACHES=UNREACHABLE_REDIS), caplog.at_level(logging.WARNING):
        for _attempt in range(3):
            response = client.get(about, headers={"Accept-Encoding": "br"})
            assert response.status_code == 200
            assert response["Content-Encoding"] == "br"
        unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
        assert len(unreachable) == 1
    caches["pages"].clear()
    # Back: the versions it missed are written before anything is served from it.
    assert client.get(about).status_code == 200
    warm(client, about)
    assert not cache_tags._unwritten


def test_a_page_reads_the_site_roots_of_all_languages_in_one_cache_round_trip(
    client, site_tree, monkeypatch
):
    reads = []
    original = default_cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return original(key, *args, **kwargs)

    about = url(site_tree.about, "vi")
    monkeypatch.setattr(default_cache, "get", counting_get)
    for _attempt in range(2):
        caches["pages"].clear()
        reads.clear()
        response = client.get(about)
        assert response.status_code == 200
        root_reads = [key for key in reads if "root" in key]
        assert root_reads == [site_roots.CACHE_KEY]


class _PurgeLog(http.server.BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the method's name is the HTTP verb
        self.server.purged.add(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purged(settings):
    """A real HTTP cache stand-in on a free port, recording the paths it is told to purge."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PurgeLog)
    server.purged = set()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server.purged
    server.shutdown()
    server.server_close()


def test_a_published_page_is_purged_from_a_cdn_in_every_language(
    site_tree, purged, django_capture_on_commit_callbacks
):
    page = StandardPageFactory._meta.model.objects.get(pk=site_tree.about.pk)
    page.title_en = "About the cooperation"
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    database = url(site_tree.agreement_index)
    for language in LANGUAGES:
        assert url(page, language) in purged, language
        assert url(site_tree.home, language) in purged, language
        assert f"/sitemap-{language}.xml" in purged
    assert {database, f"{database}map/", f"{database}statistics/"} <= purged
    assert {"/sitemap.xml", API_AGREEMENTS, "/api/v1/partners/"} <= purged


def test_a_partner_changed_purges_the_databases_but_not_unrelated_pages(
    site_tree, purged, django_capture_on_commit_callbacks
):
    partner = Partner.objects.get(name="Hanoi 0")
    partner.name = "Hà Nội"
    with django_capture_on_commit_callbacks(execute=True):
        partner.save()
    assert url(site_tree.agreement_index, "vi") in purged
    assert url(site_tree.about, "vi") not in purged
