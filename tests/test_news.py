"""News ("Reads"): the list and its filters, the article, latest reads, feeds, and the
translators' tools, as visitors and translators meet them."""

import datetime
from types import SimpleNamespace

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import streamfield
from wagtail_factories import ImageFactory

from iurc.home.models import HomePage
from iurc.news.models import NewsIndexPage, NewsPage, reading_minutes
from iurc.translations.exchange import exporting, importing, units
from iurc.translations.exchange.formats import PO, XLIFF2
from iurc.translations.groups import PROGRAMME_STAFF
from tests import support
from tests.built_once import site_fixture
from tests.factories import make_live, stream
from tests.factories_content import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ThematicNetworkPageFactory,
)
from tests.support import add_url, form_errors, page_form_data, paragraph

LONG_ENGLISH = " ".join(["Cities share what works in waste management."] * 120)
SHORT_VIETNAMESE = "Các thành phố chia sẻ kinh nghiệm quản lý chất thải."


@site_fixture
def news(site_tree):
    index = NewsIndexPageFactory(
        parent=site_tree.home, title="Reads", slug="news", title_vi="Tin bài", slug_vi="tin-bai"
    )
    network = ThematicNetworkPageFactory(
        parent=site_tree.region,
        title="Circular economy",
        slug="circular",
        title_vi="Kinh tế tuần hoàn",
        slug_vi="kinh-te-tuan-hoan",
    )
    article = NewsPageFactory(
        parent=index,
        title="Hanoi and Lisbon compare waste plans",
        slug="hanoi-lisbon",
        title_vi="Hà Nội và Lisbon so sánh kế hoạch xử lý rác",
        slug_vi="ha-noi-lisbon",
        date=datetime.date(2026, 3, 2),
        authors="IURC Asia team",
        intro="Two cities, one plan.",
        intro_vi="Hai thành phố, một kế hoạch.",
        body_en=stream(("paragraph", f"<p>{LONG_ENGLISH}</p>")),
        body_vi=stream(("paragraph", f"<p>{SHORT_VIETNAMESE}</p>")),
        lead_image_alt="Recycling bins in a street",
        lead_image_alt_vi="Thùng rác tái chế trên phố",
        published=False,
    )
    article.regions = [site_tree.region]
    article.networks = [network]
    article.tags.add("waste")
    make_live(article)
    older = NewsPageFactory(
        parent=index,
        title="A study visit in Osaka",
        slug="osaka",
        date=datetime.date(2026, 1, 15),
        published=False,
    )
    older.tags.add("study visit")
    make_live(older)
    NewsPageFactory(parent=index, title="Not published yet", slug="draft", live=False)
    return SimpleNamespace(
        index=index, article=article, older=older, network=network, site=site_tree
    )


def html_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


# --- The list -------------------------------------------------------------------------------


def test_vietnamese_list_shows_public_articles_newest_first(client, news):
    html = html_of(client, "/vi/tin-bai/")

    newest = html.index("Hà Nội và Lisbon so sánh kế hoạch xử lý rác")
    assert newest < html.index("A study visit in Osaka")
    assert "Not published yet" not in html


def test_list_filters_by_region_network_and_tag(client, news):
    region = news.site.region.pk
    assert "A study visit in Osaka" not in html_of(client, "/en/news/", region=region)
    by_network = html_of(client, "/en/news/", network=news.network.pk)
    assert "Hanoi and Lisbon compare waste plans" in by_network
    assert "A study visit in Osaka" not in by_network
    by_tag = html_of(client, "/en/news/", tag="study-visit")
    assert "A study visit in Osaka" in by_tag
    assert "Hanoi and Lisbon compare waste plans" not in by_tag


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "abc"}, "“abc” is not a region; articles of every region are shown."),
        ({"region": "999999"}, "“999999” is not a region"),
        ({"network": "-1"}, "“-1” is not a thematic network"),
        ({"tag": "nope"}, "There is no tag “nope”; articles with any tag are shown."),
        ({"page": "x"}, "“x” is not a page number; the first page is shown."),
    ],
)
def test_bad_filter_values_show_the_list_with_a_message(client, news, params, message):
    html = html_of(client, "/en/news/", **params)

    assert message in html
    assert "Hanoi and Lisbon compare waste plans" in html


def test_a_filter_naming_a_page_of_another_type_is_refused(client, news):
    html = html_of(client, "/en/news/", region=news.network.pk)

    assert "is not a region" in html


# --- The article ----------------------------------------------------------------------------


def test_article_reads_in_vietnamese_with_its_reading_time_alt_text_and_links(client, news):
    html = html_of(client, "/vi/tin-bai/ha-noi-lisbon/")

    assert "Hà Nội và Lisbon so sánh kế hoạch xử lý rác" in html
    assert SHORT_VIETNAMESE in html
    assert "IURC Asia team" in html
    assert (
        '<a href="/vi/regions/chau-a-va-chau-uc/kinh-te-tuan-hoan/">Kinh tế tuần hoàn</a>' in html
    )
    assert "?tag=waste" in html


def test_reading_time_is_computed_from_each_languages_body(news):
    article = NewsPage.objects.get(pk=news.article.pk)

    with translation.override("en"):
        english = article.reading_time
    with translation.override("vi"):
        vietnamese = article.reading_time
    with translation.override("fr"):  # no French: the English body is shown, and timed
        french = article.reading_time

    assert english == 4  # 850 words: the title, introduction and body
    assert vietnamese == 1
    assert french == english


def test_reading_time_counts_characters_of_scripts_without_spaces():
    assert reading_minutes(["漢" * 900]) == 2
    assert reading_minutes(["word " * 440]) == 2
    assert reading_minutes([""]) == 1


def test_reading_time_is_shown_in_the_readers_language(client, news):
    assert "4 minutes read" in html_of(client, "/en/news/hanoi-lisbon/")
    vietnamese = html_of(client, "/vi/tin-bai/ha-noi-lisbon/")
    assert "1 phút đọc" in vietnamese


# --- Latest reads and feeds -------------------------------------------------------------------


def test_home_and_region_pages_show_the_latest_reads(client, news):
    home = html_of(client, "/vi/")
    region = html_of(client, news.site.region.url.replace("/en/", "/vi/", 1))

    for html in (home, region):
        assert 'href="/vi/tin-bai/ha-noi-lisbon/"' in html
    assert "A study visit in Osaka" in home
    assert "A study visit in Osaka" not in region  # it is about no region
    assert f'href="/vi/tin-bai/?region={news.site.region.pk}"' in region


def test_network_page_shows_its_reads(client, news):
    html = html_of(client, "/en/regions/asia-australasia/circular/")

    assert 'href="/en/news/hanoi-lisbon/"' in html


@pytest.mark.parametrize("url", ["/vi/", "/vi/tin-bai/", "/vi/tin-bai/ha-noi-lisbon/"])
def test_pages_link_to_the_feeds_in_their_language(client, news, url):
    html = html_of(client, url)

    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/vi/tin-bai/feed/rss/"' in html
    assert 'type="application/atom+xml"' in html
    assert 'href="/vi/tin-bai/feed/atom/"' in html


@pytest.mark.parametrize(("kind", "version"), [("rss", "rss20"), ("atom", "atom10")])
def test_feeds_parse_and_list_the_articles_in_the_language_of_their_url(
    client, news, kind, version
):
    response = client.get(f"/vi/tin-bai/feed/{kind}/")

    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    assert parsed.feed.title == "Tin bài"
    assert parsed.feed.get("language", "vi") == "vi"
    titles = [entry.title for entry in parsed.entries]
    assert titles == ["Hà Nội và Lisbon so sánh kế hoạch xử lý rác", "A study visit in Osaka"]
    first = parsed.entries[0]
    assert first.link == "http://testserver/vi/tin-bai/ha-noi-lisbon/"
    assert first.summary == "Hai thành phố, một kế hoạch."
    assert "2026-03-02" in first.published or "02 Mar 2026" in first.published
    assert [tag.term for tag in first.tags] == ["waste"]


def test_english_feed_is_english(client, news):
    parsed = feedparser.parse(client.get("/en/news/feed/rss/").content)

    assert parsed.entries[0].title == "Hanoi and Lisbon compare waste plans"
    assert parsed.feed.language == "en"


# --- Search, sitemap, visibility ------------------------------------------------------------------


def test_articles_are_found_in_the_readers_language(client, news):
    html = html_of(client, "/vi/search/", q="ke hoach xu ly rac")

    assert "Hà Nội và Lisbon so sánh kế hoạch xử lý rác" in html


def test_articles_are_in_the_sitemap_in_every_language(client, news):
    xml = client.get("/sitemap.xml").content.decode()

    assert "http://testserver/vi/tin-bai/ha-noi-lisbon/" in xml
    assert "http://testserver/en/news/hanoi-lisbon/" in xml
    assert "draft" not in xml


# --- Staff and translators ---------------------------------------------------------------------


def test_news_types_have_their_place_in_the_tree():
    assert NewsIndexPage.allowed_parent_page_models() == [HomePage]
    assert NewsIndexPage in HomePage.allowed_subpage_models()
    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]
    assert NewsPage.allowed_subpage_models() == []


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("editor", password="not-used")
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    client = Client()
    client.force_login(user)
    return client


def test_staff_create_and_publish_an_article_in_the_admin(news, staff, client):
    response = staff.post(
        add_url(NewsPage, news.index),
        page_form_data(
            NewsPage,
            {
                "title_en": "A new read",
                "slug_en": "a-new-read",
                "title_vi": "Một bài mới",
                "slug_vi": "mot-bai-moi",
                "date": "2026-04-01",
                "authors": "IURC",
                "body_en": streamfield([paragraph("<p>Read me.</p>")]),
                "body_vi": streamfield([paragraph("<p>Hãy đọc.</p>")]),
                "lead_image_alt_vi": "Ảnh minh họa",
                "regions": [str(news.site.region.pk)],
                "networks": [str(news.network.pk)],
                "tags": "waste, mobility",
            },
            action="publish",
        ),
    )

    assert response.status_code == 302, form_errors(response)
    article = NewsPage.objects.get(slug_en="a-new-read")
    assert article.live
    assert sorted(tag.name for tag in article.tags.all()) == ["mobility", "waste"]
    assert list(article.regions.all()) == [news.site.region]
    assert "Hãy đọc." in html_of(client, "/vi/tin-bai/mot-bai-moi/")


def test_translators_workspace_lists_articles_and_networks_and_opens_their_editor(
    news, staff, django_user_model
):
    rows = staff.get("/admin/translations/", {"language": "vi", "state": "missing"})
    rows = {row["label"]: row for row in rows.context["rows"]}

    assert "Title" in rows["A study visit in Osaka"]["missing"]
    assert "Circular economy" not in rows  # the network's title is translated
    segments = reverse("workspace_segments", args=["news.newspage", news.older.pk, "vi"])
    assert rows["A study visit in Osaka"]["segments_url"] == segments
    translator = support.make_translator(django_user_model, "tran", "vi")
    client = Client()
    client.force_login(translator)
    assert client.get(segments).status_code == 200
    network = reverse(
        "workspace_segments", args=["networks.thematicnetworkpage", news.network.pk, "vi"]
    )
    assert client.get(network).status_code == 200


NEWS_VIETNAMESE = {
    "A study visit in Osaka": "Chuyến tham quan học tập ở Osaka",
    "osaka": "osaka-vi",
    "Delegates met the city's planners.": "Các đại biểu gặp các nhà quy hoạch của thành phố.",
    "A delegation at the city hall": "Một đoàn đại biểu tại tòa thị chính",
    "Photo: the city of Osaka": "Ảnh: thành phố Osaka",
}


@pytest.fixture
def osaka(news):
    page = NewsPage.objects.get(pk=news.older.pk)
    page.intro = "Delegates met the city's planners."
    page.lead_image_alt = "A delegation at the city hall"
    page.lead_image_credit = "Photo: the city of Osaka"
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


@pytest.mark.parametrize("file_format", [XLIFF2, PO])
def test_xliff_and_po_round_trip_translate_an_article(
    client, admin_user, osaka, monkeypatch, file_format
):
    monkeypatch.setattr(support, "VIETNAMESE", NEWS_VIETNAMESE)
    exported = exporting.export("vi", file_format, objects=[units.working_copy(osaka)])
    translated = (
        support.translate_xliff(exported.content)
        if file_format == XLIFF2
        else support.translate_po(exported.content)
    )

    report = importing.import_translations(translated, user=admin_user)

    assert report.rejected == []
    page = support.publish_latest(osaka)
    assert page.title_vi == "Chuyến tham quan học tập ở Osaka"
    assert page.lead_image_alt_vi == "Một đoàn đại biểu tại tòa thị chính"
    html = html_of(client, f"/vi/tin-bai/{page.slug_vi}/")
    assert "Các đại biểu gặp các nhà quy hoạch của thành phố." in html


# --- Query budgets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/vi/", "/vi/tin-bai/", "/vi/tin-bai/ha-noi-lisbon/", "/vi/tin-bai/feed/rss/"]
)
def test_news_surfaces_cost_the_same_queries_however_many_articles(client, news, url):
    small, _content = support.count_queries(client, url)
    with translation.override("en"):
        for i in range(15):
            article = NewsPageFactory(parent=news.index, title=f"More news {i}", published=False)
            article.regions = [news.site.region]
            article.tags.add("waste", f"tag {i}")
            make_live(article)

    large, _content = support.count_queries(client, url)

    assert large == small
    # The home page's budget is test_page_query_budgets.py's; latest reads are one query of it.
    assert url == "/vi/" or large <= 14


# --- Visibility -----------------------------------------------------------------------------------


def test_a_restricted_article_is_in_no_list_feed_or_latest_reads(client, news):
    PageViewRestriction.objects.create(
        page=news.article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    for url in ("/en/news/", "/en/", news.site.region.url, "/en/news/feed/rss/"):
        assert "Hanoi and Lisbon compare waste plans" not in html_of(client, url), url
    assert (
        client.get("/en/search/", {"q": "waste plans"}).content.decode().count("Hanoi and Lisbon")
        == 0
    )


def test_the_language_switcher_keeps_the_lists_filters(client, news):
    html = html_of(client, "/en/news/", tag="waste", region=news.site.region.pk)

    assert f"/vi/tin-bai/?region={news.site.region.pk}&amp;tag=waste" in html


# --- Lead images ----------------------------------------------------------------------------------


def test_lead_image_has_its_text_alternative_and_credit_in_the_readers_language(client, news):
    article = NewsPage.objects.get(pk=news.article.pk)
    article.lead_image = ImageFactory(title="Bins", file=get_test_image_file(size=(1600, 900)))
    article.lead_image_credit = "City of Hanoi"
    article.lead_image_credit_vi = "Thành phố Hà Nội"
    article.save()

    html = html_of(client, "/vi/tin-bai/ha-noi-lisbon/")
    listing = html_of(client, "/vi/tin-bai/")

    assert 'alt="Thùng rác tái chế trên phố"' in html
    assert "<figcaption>Hình ảnh: Thành phố Hà Nội</figcaption>" in html
    # The page's lead image as the home and region pages show theirs: fixed sizes, AVIF or WebP.
    assert 'height="360"' in html
    assert 'width="640"' in html
    assert 'type="image/avif"' in html and ".webp" in html
    assert 'alt="Thùng rác tái chế trên phố"' in listing


def test_the_list_reads_lead_images_in_a_constant_number_of_queries(client, news):
    small, _content = support.count_queries(client, "/vi/tin-bai/")
    with translation.override("en"):
        for i in range(6):
            image = ImageFactory(title=f"Image {i}", file=get_test_image_file())
            NewsPageFactory(parent=news.index, title=f"Pictured {i}", lead_image=image)
    client.get("/vi/tin-bai/")  # renditions are made once, on the first view

    large, _content = support.count_queries(client, "/vi/tin-bai/")

    assert large == small + 1  # the renditions of the page's images, in one query
