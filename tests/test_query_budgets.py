"""Every public page type renders in a fixed number of queries, however much content exists."""

import pytest
from django.utils import translation

from partners import records
from partners.models import Partner
from partners.synthetic import Generator
from tests.factories import AgreementPageFactory, PartnerFactory, QuoteFactory
from tests.support import (
    API_AGREEMENTS,
    API_PARTNERS,
    add_agreements,
    count_queries,
    csv_rows,
    export_url,
    get_json,
)

# The most queries each page type may make, warm cache (site root paths cached). About half
# are Wagtail's own routing and view-restriction checks; the rest is what the page shows.
BUDGETS = {
    "home": 17,
    "about": 12,
    "phase_index": 11,
    "phase": 13,
    "region_index": 12,
    "region": 20,
    "agreement_index": 20,  # the list plus one grouped count per facet (seven facets)
    "agreement": 17,
}


def page_urls(tree):
    return {
        "home": "/vi/",
        "about": "/vi/gioi-thieu/",
        "phase_index": tree.phase_index.url,
        "phase": tree.phase.url,
        "region_index": tree.region_index.url,
        "region": tree.region.url,
        "agreement_index": tree.agreement_index.url,
        "agreement": tree.agreements[0].url,
    }


def grow_tenfold(tree):
    """Ten times the agreements, partners and quotes of the small site."""
    with translation.override("en"):
        _add_content(tree)


def _add_content(tree):
    for i in range(27):
        AgreementPageFactory(
            parent=tree.agreement_index,
            title=f"Extra agreement {i}",
            region=tree.region,
            programme_phase=tree.phase,
            themes=[tree.theme],
            eu=[PartnerFactory(country_id="IT"), PartnerFactory(country_id="FR")],
            partners=[PartnerFactory(country_id="JP")],
        )
    quotes = [QuoteFactory() for _ in range(18)]
    tree.region.quotes = [*tree.quotes, *quotes]
    tree.region.save_revision().publish()


@pytest.mark.parametrize("page_type", list(BUDGETS))
def test_public_page_stays_within_its_query_budget_as_content_grows(client, site_tree, page_type):
    url = page_urls(site_tree)[page_type]
    small, _content = count_queries(client, url)

    grow_tenfold(site_tree)
    large, _content = count_queries(client, url)

    assert large == small, f"{page_type}: {small} queries with little content, {large} with 10x"
    assert large <= BUDGETS[page_type], f"{page_type}: {large} queries"


def test_search_results_stay_within_budget(client, site_tree, django_assert_max_num_queries):
    grow_tenfold(site_tree)
    client.get("/en/search/?q=agreement")

    with django_assert_max_num_queries(8):
        response = client.get("/en/search/?q=agreement")

    assert response.status_code == 200


# --- The agreements database's list, API and downloads -------------------------------------
#
# Each reads agreements in bulk: its query count must not grow with their number.


def test_the_list_takes_as_many_queries_with_500_agreements_as_with_50(client, site_tree):
    region, theme = site_tree.region.pk, site_tree.theme.pk
    url = site_tree.agreement_index.url
    queries = [
        "",
        f"region={region}&country=DE&theme={theme}&phase={site_tree.phase.pk}&kind=city"
        "&status=active&year=2020&q=agreement",
        "kind=city&q=agreement",
        "page=2",
    ]
    generator = Generator(index_page=site_tree.agreement_index, seed=1)
    generator.run(agreements=50, partners=30)
    small = [count_queries(client, f"{url}?{query}")[0] for query in queries]

    generator.run(agreements=450, partners=120)
    large = [count_queries(client, f"{url}?{query}")[0] for query in queries]

    assert large == small
    assert max(large) <= 26


def test_a_page_costs_the_same_queries_from_ten_to_sixty_agreements(
    client, site_tree, django_assert_max_num_queries
):
    urls = {
        "agreements": (
            f"{API_AGREEMENTS}?page_size=100&lang=vi&country=FR&phase={site_tree.phase.pk}"
        ),
        "partners": f"{API_PARTNERS}?page_size=100&lang=vi",
        "partner": None,
    }
    add_agreements(site_tree, 10)
    partner = Partner.objects.filter(country_id="FR").first()
    urls["partner"] = f"{API_PARTNERS}{partner.pk}/"
    small = {name: count_queries(client, url)[0] for name, url in urls.items()}

    add_agreements(site_tree, 50)
    for name, url in urls.items():
        large, _content = count_queries(client, url)
        assert large == small[name], name
        with django_assert_max_num_queries(10):
            client.get(url)
    assert get_json(client, urls["agreements"])["count"] == 60


def test_query_count_stays_the_same_from_ten_to_sixty_agreements(
    client, site_tree, django_assert_max_num_queries
):
    urls = [
        export_url(site_tree.agreement_index, file_format, "vi", "country=JP")
        for file_format in ("csv", "json", "geojson")
    ]
    add_agreements(site_tree, 10)
    small = {}
    for url in urls:
        small[url], content = count_queries(client, url)
        assert content.count(b"Extra pairing") == 10

    add_agreements(site_tree, 50)
    for url in urls:
        large, content = count_queries(client, url)
        assert content.count(b"Extra pairing") == 60
        assert large == small[url], url
        with django_assert_max_num_queries(12):
            b"".join(client.get(url).streaming_content)


def test_each_chunk_costs_the_same_three_queries(client, site_tree, monkeypatch):
    url = export_url(site_tree.agreement_index, "csv")
    add_agreements(site_tree, 7)  # 10 agreements in all
    monkeypatch.setattr(records, "CHUNK_SIZE", 5)
    two_chunks, _content = count_queries(client, url)
    monkeypatch.setattr(records, "CHUNK_SIZE", 2)
    five_chunks, content = count_queries(client, url)

    assert five_chunks - two_chunks == 3 * 3
    assert len(csv_rows(content)) == 10
