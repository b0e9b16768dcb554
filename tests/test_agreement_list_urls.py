"""Shared URLs of the agreements database name only the filters set, and its list puts the
results before the filters on a phone."""

import re

import pytest

from partners.index import without_blank_parameters


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("q=&region=9&country=&theme=&phase=&kind=&status=&year=", "region=9"),
        ("q=water&country=", "q=water"),
        ("country=VN&q=+", "country=VN"),
        ("q=&page=", ""),
        ("region=9&&kind=trio", "region=9&kind=trio"),
        ("q=caf%C3%A9&year=", "q=caf%C3%A9"),
        ("q", ""),
    ],
)
def test_blank_parameters_are_dropped_and_the_others_kept_as_written(query, kept):
    assert without_blank_parameters(query) == kept


def test_a_query_string_without_blank_parameters_needs_no_change():
    assert without_blank_parameters("region=9&country=VN&page=2") is None


@pytest.mark.parametrize("view", ["", "map/", "statistics/", "map/data/", "statistics/kind/csv/"])
def test_the_database_redirects_blank_parameters_away_for_good(client, site_tree, view):
    url = f"{site_tree.agreement_index.url}{view}"
    region = site_tree.region.pk

    response = client.get(f"{url}?q=&region={region}&country=&theme=&year=")

    assert response.status_code == 301
    assert response["Location"] == f"{url}?region={region}"
    assert client.get(response["Location"]).status_code == 200


def test_a_form_with_nothing_chosen_leads_to_the_bare_list(client, site_tree):
    url = site_tree.agreement_index.url

    response = client.get(f"{url}?q=&region=&country=&theme=&phase=&kind=&status=&year=")

    assert response.status_code == 301
    assert response["Location"] == url


def test_the_page_number_keeps_its_rules(client, site_tree):
    url = site_tree.agreement_index.url

    response = client.get(f"{url}?page=2&q=")

    assert response["Location"] == f"{url}?page=2"
    # The page number stays on the list's own URL only, as before.
    html = client.get(f"{url}?page=abc").content.decode()
    assert "is not a page number" in html


def test_filters_fold_into_a_panel_after_which_the_results_follow(client, site_tree):
    html = client.get(site_tree.agreement_index.url).content.decode()

    panel = re.search(
        r'<details class="filters-panel" data-filters-panel>(.*?)</details>', html, re.S
    )
    assert panel, "the filters are in a closed disclosure"
    assert '<form class="filters" method="get"' in panel.group(1)
    assert html.index("</details>") < html.index('id="results-heading"')
    # Applying on change is an enhancement: the button submits the form without it.
    assert '<button type="submit">Apply filters</button>' in panel.group(1)
    # The script tells readers that a choice applies at once; without it, nothing says so.
    assert re.search(r'<p class="filters__hint"[^>]* hidden>Results change as soon', html)
    assert re.search(r'<script defer src="[^"]*/js/agreement-filters\.js"></script>', html)


def test_the_panel_says_how_many_filters_are_chosen(client, site_tree):
    url = site_tree.agreement_index.url
    html = client.get(f"{url}?region={site_tree.region.pk}&q=Hanoi").content.decode()

    assert '<span class="filters-panel__count">(2 chosen)</span>' in html
    assert "filters-panel__count" not in client.get(url).content.decode()


# The roles of WAI-ARIA 1.2 that are not abstract.
ROLE_NAMES = """alert alertdialog application article banner blockquote button caption cell checkbox
    code columnheader combobox complementary contentinfo definition deletion dialog document
    emphasis feed figure form generic grid gridcell group heading img insertion link list
    listbox listitem log main marquee math menu menubar menuitem menuitemcheckbox
    menuitemradio meter navigation none note option paragraph presentation progressbar radio
    radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider
    spinbutton status strong subscript superscript switch tab table tablist tabpanel term
    textbox time timer toolbar tooltip tree treegrid treeitem"""
ARIA_ROLES = set(ROLE_NAMES.split())


def test_no_element_of_the_database_views_has_an_invalid_role(client, site_tree):
    url = site_tree.agreement_index.url
    partner = site_tree.agreements[0].eu_members.first().partner_id
    for view in ("", "map/", "statistics/", f"partners/{partner}/"):
        html = client.get(f"{url}{view}").content.decode()
        for tag, role in re.findall(r'<(\w+)[^>]*\brole="([^"]+)"', html):
            assert role in ARIA_ROLES, (view, tag, role)
            # A heading keeps its own role: role="status" on an h2 hid that it is a heading.
            assert not re.fullmatch(r"h[1-6]", tag), (view, tag, role)
