"""The demo site's thematic networks and news, as a Vietnamese and an English reader meet them."""

from iurc.networks.models import ThematicNetworkPage
from iurc.news.models import NewsPage


def test_north_america_has_the_four_networks_the_programme_names(client, demo_site, db):
    networks = ThematicNetworkPage.objects.filter(
        live=True, url_path_en__contains="/north-america/"
    )

    assert sorted(network.title_en for network in networks) == [
        "Economic development",
        "Renovation wave",
        "Sustainable urban mobility and transport",
        "Waste management and circular economy",
    ]
    assert all(network.title_vi for network in networks)
    assert not any(network.show_in_menus for network in networks)


def test_a_network_page_lists_its_themes_agreements_in_its_region(client, demo_site, db):
    response = client.get("/vi/khu-vuc/chau-a-va-chau-uc/giao-thong-do-thi/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Giao thông đô thị" in html
    assert 'class="agreement-card"' in html


def test_news_are_in_vietnamese_and_english_and_the_example_says_so(client, demo_site, db):
    articles = NewsPage.objects.filter(live=True)

    assert articles.count() == 4
    assert all(article.title_vi and article.intro_vi for article in articles)
    example = articles.get(slug_en="north-america-networks-example")
    assert example.intro_en.startswith("This is an example article")
    assert example.intro_vi.startswith("Đây là bài viết mẫu")
    html = client.get("/vi/tin-bai/").content.decode()
    assert "Rotterdam thăm các đối tác Busan và Sejong" in html
