"""Every public page type renders in a fixed number of queries, however much content exists."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import translation

from tests.built_once import site_fixture
from tests.factories import AgreementPageFactory, PartnerFactory, QuoteFactory
from tests.support import count_queries

# The most queries each page type may make, warm cache (site root paths cached). About half
# are Wagtail's own routing and view-restriction checks; the rest is what the page shows.
BUDGETS = {
    "home": 10,  # issue 14: at most 10 for the uncached home page; the numbers are one
    "about": 5,
    "phase_index": 11,
    "phase": 13,
    "region_index": 12,
    "region": 20,
    "agreement_index": 13,  # the list, its cards (two queries) and three grouped counts
    "agreement": 17,
    "partner": 12,  # a partner's profile: its agreements in every phase
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
        "partner": f"{tree.agreement_index.url}partners/{first_partner(tree).pk}/",
    }


def first_partner(tree):
    return tree.agreements[0].eu_members.first().partner


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
            # The first agreement's EU partner is in a third of them: its profile grows too.
            eu=[
                first_partner(tree) if i % 3 == 0 else PartnerFactory(country_id="IT"),
                PartnerFactory(country_id="FR"),
            ],
            partners=[PartnerFactory(country_id="JP")],
        )
    quotes = [QuoteFactory() for _ in range(18)]
    tree.region.quotes = [*tree.quotes, *quotes]
    tree.region.save_revision().publish()


@site_fixture
def grown_site(site_tree):
    """The small site's query count of each page type, then the site grown tenfold: counted
    once for the module, as each test would count it before growing the site."""
    small = {
        page_type: count_queries(Client(), url)[0]
        for page_type, url in page_urls(site_tree).items()
    }
    grow_tenfold(site_tree)
    return SimpleNamespace(tree=site_tree, small_queries=small)


@pytest.mark.parametrize("page_type", list(BUDGETS))
def test_public_page_stays_within_its_query_budget_as_content_grows(client, grown_site, page_type):
    small = grown_site.small_queries[page_type]

    large, _content = count_queries(client, page_urls(grown_site.tree)[page_type])

    assert large == small, f"{page_type}: {small} queries with little content, {large} with 10x"
    assert large <= BUDGETS[page_type], f"{page_type}: {large} queries"


def test_search_results_stay_within_budget(client, grown_site, django_assert_max_num_queries):
    client.get("/en/search/?q=agreement")

    with django_assert_max_num_queries(8):
        response = client.get("/en/search/?q=agreement")

    assert response.status_code == 200
