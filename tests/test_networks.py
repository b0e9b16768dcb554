"""Thematic networks: a region's network page lists the public agreements of its theme there."""

from types import SimpleNamespace

from iurc.networks.models import ThematicNetworkPage
from regions.models import RegionPage
from tests.built_once import site_fixture
from tests.factories import AgreementPageFactory, PartnerFactory, RegionPageFactory, ThemeFactory
from tests.factories_content import ThematicNetworkPageFactory


@site_fixture
def networks(site_tree):
    network = ThematicNetworkPageFactory(
        parent=site_tree.region,
        title="Sustainable urban mobility",
        slug="mobility",
        title_vi="Giao thông đô thị bền vững",
        slug_vi="giao-thong",
        intro="Cities that plan cleaner transport together.",
        intro_vi="Các thành phố cùng lập kế hoạch giao thông sạch hơn.",
        theme=site_tree.theme,
    )
    # The same theme in another region, and another theme in this one: neither belongs here.
    other_region = RegionPageFactory(parent=site_tree.region_index, title="Latin America")
    AgreementPageFactory(
        parent=site_tree.agreement_index,
        title="Madrid – Bogotá",
        region=other_region,
        themes=[site_tree.theme],
        eu=[PartnerFactory(name="Madrid", country_id="ES")],
        partners=[PartnerFactory(name="Bogotá", country_id="CO")],
    )
    AgreementPageFactory(
        parent=site_tree.agreement_index,
        title="Porto – Osaka",
        region=site_tree.region,
        themes=[ThemeFactory(name="Circular economy")],
        eu=[PartnerFactory(name="Porto", country_id="PT")],
        partners=[PartnerFactory(name="Osaka", country_id="JP")],
    )
    return SimpleNamespace(network=network, site=site_tree)


def test_network_page_lists_the_agreements_of_its_theme_in_its_region(client, networks):
    html = client.get("/en/regions/asia-australasia/mobility/").content.decode()

    for i in range(3):
        assert f"Lisbon – Hanoi {i}" in html
    assert "Madrid – Bogotá" not in html
    assert "Porto – Osaka" not in html
    assert 'class="agreement-card"' in html
    assert "Cities that plan cleaner transport together." in html


def test_network_page_reads_in_vietnamese(client, networks):
    response = client.get("/vi/regions/chau-a-va-chau-uc/giao-thong/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Giao thông đô thị bền vững" in html
    assert "Các thành phố cùng lập kế hoạch giao thông sạch hơn." in html
    assert "Giao thông đô thị" in html  # the theme's name in Vietnamese


def test_network_without_theme_says_it_has_no_agreements(client, networks):
    networks.network.theme = None
    networks.network.save()

    html = client.get("/en/regions/asia-australasia/mobility/").content.decode()

    assert "Lisbon – Hanoi" not in html
    assert "No agreements of this network have been published yet." in html


def test_network_is_not_in_menus_by_default(networks):
    assert networks.network.show_in_menus is False


def test_networks_are_created_under_regions_only():
    assert ThematicNetworkPage.allowed_parent_page_models() == [RegionPage]
    assert ThematicNetworkPage in RegionPage.allowed_subpage_models()
    assert ThematicNetworkPage.allowed_subpage_models() == []
