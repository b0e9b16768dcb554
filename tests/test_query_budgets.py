"""The agreements database's list, API and downloads take a fixed number of queries, however
many agreements exist (the page types: tests/test_page_query_budgets.py)."""

from partners import records
from partners.models import Partner
from partners.synthetic import Generator
from tests.support import (
    API_AGREEMENTS,
    API_PARTNERS,
    add_agreements,
    count_queries,
    csv_rows,
    export_url,
    get_json,
)

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
