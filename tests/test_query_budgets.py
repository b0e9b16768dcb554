"""The agreements database's list and downloads take a fixed number of queries, however many
agreements exist (the page types: tests/test_page_query_budgets.py; the API and downloads
from ten to sixty agreements: tests/test_api_and_download_query_budgets.py)."""

from partners import records
from partners.synthetic import Generator
from tests.support import (
    add_agreements,
    count_queries,
    csv_rows,
    export_url,
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
    assert max(large) <= 15


def test_each_chunk_costs_the_same_four_queries(client, site_tree, monkeypatch):
    """The members of each side, the themes and the goals of a chunk's agreements."""
    url = export_url(site_tree.agreement_index, "csv")
    add_agreements(site_tree, 7)  # 10 agreements in all
    monkeypatch.setattr(records, "CHUNK_SIZE", 5)
    two_chunks, _content = count_queries(client, url)
    monkeypatch.setattr(records, "CHUNK_SIZE", 2)
    five_chunks, content = count_queries(client, url)

    assert five_chunks - two_chunks == 3 * 4
    assert len(csv_rows(content)) == 10
