"""The API and the downloads take as many queries with sixty agreements as with ten."""

from types import SimpleNamespace

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partners.models import Partner
from tests.built_once import site_fixture
from tests.support import (
    API_AGREEMENTS,
    API_PARTNERS,
    add_agreements,
    count_queries,
    export_url,
    get_json,
)


@site_fixture
def grown_database(site_tree):
    """Ten agreements more, the queries (and content) of each API answer and download, then
    fifty more: counted once for the module, as each test would count them before adding the
    fifty."""
    add_agreements(site_tree, 10)
    partner = Partner.objects.filter(country_id="FR").first()
    api = {
        "agreements": (
            f"{API_AGREEMENTS}?page_size=100&lang=vi&country=FR&phase={site_tree.phase.pk}"
        ),
        "partners": f"{API_PARTNERS}?page_size=100&lang=vi",
        "partner": f"{API_PARTNERS}{partner.pk}/",
        # The lists as a client pages through them: every agreement, a search, a country.
        "every agreement": f"{API_AGREEMENTS}?page=2&page_size=5",
        "searched agreements": f"{API_AGREEMENTS}?q=extra+pairing&page=2&page_size=3&lang=fr",
        "partners of a country": f"{API_PARTNERS}?country=FR&page=2&page_size=3",
    }
    downloads = [
        export_url(site_tree.agreement_index, file_format, "vi", "country=JP")
        for file_format in ("csv", "json", "geojson")
    ]
    client = Client()
    small = {url: count_queries(client, url) for url in [*api.values(), *downloads]}
    add_agreements(site_tree, 50)
    return SimpleNamespace(api=api, downloads=downloads, small=small)


def test_a_page_costs_the_same_queries_from_ten_to_sixty_agreements(
    client, grown_database, django_assert_max_num_queries
):
    urls = grown_database.api

    for name, url in urls.items():
        large, _content = count_queries(client, url)
        assert large == grown_database.small[url][0], name
        with django_assert_max_num_queries(10):
            client.get(url)
    assert get_json(client, urls["agreements"])["count"] == 60
    assert get_json(client, urls["searched agreements"])["count"] == 60
    assert get_json(client, urls["partners of a country"])["count"] >= 60


def test_agreement_lists_count_and_order_the_narrow_listing_rows_only(client, grown_database):
    """The number of matches and the page of ids come from the listing rows: the wide page
    table is read for the page's agreements only, so a page costs the same at any size."""
    for name in ("agreements", "every agreement", "searched agreements"):
        url = grown_database.api[name]
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            answer = client.get(url).json()
        page_reads = [
            query["sql"] for query in context.captured_queries if "wagtailcore_page" in query["sql"]
        ]
        assert answer["results"], name
        assert not [sql for sql in page_reads if "COUNT(" in sql], name
        ids = ", ".join(str(record["id"]) for record in answer["results"])
        assert all(f"IN ({ids})" in sql for sql in page_reads if "partners_agreementpage" in sql)


def test_query_count_stays_the_same_from_ten_to_sixty_agreements(
    client, grown_database, django_assert_max_num_queries
):
    for url in grown_database.downloads:
        small, small_content = grown_database.small[url]
        assert small_content.count(b"Extra pairing") == 10

        large, content = count_queries(client, url)
        assert content.count(b"Extra pairing") == 60
        assert large == small, url
        with django_assert_max_num_queries(12):
            b"".join(client.get(url).streaming_content)
