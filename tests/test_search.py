"""Site search in the reader's language."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page

from iurc.core.models import SearchDocument
from iurc.core.search import fold
from tests.factories import StandardPageFactory, publish, stream


def result_titles(response):
    return [result.title for result in (response.context["results"] or [])]


@pytest.mark.parametrize("query", ["hợp tác", "hop tac", "HỢP TÁC", "Hop Tac"])
def test_vietnamese_finds_the_about_page_with_or_without_diacritics(client, about_page, query):
    response = client.get("/vi/search/", {"q": query})

    assert response.status_code == 200
    assert "Giới thiệu" in result_titles(response)


def test_results_link_to_the_page_in_the_active_language(client, about_page):
    html = client.get("/vi/search/", {"q": "hop tac"}).content.decode()

    assert '<a href="/vi/gioi-thieu/">Giới thiệu</a>' in html


def test_search_is_limited_to_the_active_language(client, about_page):
    response = client.get("/en/search/", {"q": "hợp tác"})

    assert result_titles(response) == []
    assert response.context["message"]


@pytest.fixture
def asian_pages(home):
    page = StandardPageFactory(
        parent=home, title="Cooperation in Asia", slug="asia", published=False
    )
    page.title_zh_hans = "亚洲城市合作"
    page.body_zh_hans = stream(("paragraph", "<p>欧洲城市与亚洲伙伴开展可持续城市发展合作。</p>"))
    page.title_th = "ความร่วมมือในเอเชีย"
    page.body_th = stream(
        ("paragraph", "<p>เมืองในยุโรปร่วมมือกับเมืองในประเทศไทยเพื่อการพัฒนาเมืองที่ยั่งยืน</p>")
    )
    page.title_ja = "アジアの都市協力"
    page.body_ja = stream(
        ("paragraph", "<p>欧州の都市とアジアのパートナーが持続可能な都市開発で協力しています。</p>")
    )
    return publish(page)


@pytest.mark.parametrize(
    ("language", "query", "title"),
    [
        ("zh-hans", "可持续", "亚洲城市合作"),
        ("zh-hans", "城市合作", "亚洲城市合作"),
        ("th", "ยั่งยืน", "ความร่วมมือในเอเชีย"),
        ("th", "ประเทศไทย", "ความร่วมมือในเอเชีย"),
        ("ja", "持続可能", "アジアの都市協力"),
    ],
)
def test_cjk_and_thai_queries_find_pages_without_word_spaces(
    client, asian_pages, language, query, title
):
    response = client.get(f"/{language}/search/", {"q": query})

    assert title in result_titles(response)


def test_untranslated_fields_never_match_none(client, about_page, asian_pages):
    for language in ("en", "vi", "ko", "th"):
        response = client.get(f"/{language}/search/", {"q": "none"})

        assert result_titles(response) == [], language


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 5000,
        "%",
        "_",
        "'; DROP TABLE wagtailcore_page; --",
        "\x00abc",
        "🙂🙂",
        "<script>",
    ],
)
def test_empty_huge_or_odd_queries_answer_with_a_message(client, about_page, query):
    response = client.get("/en/search/", {"q": query})

    assert response.status_code == 200
    assert response.context["message"] or response.context["results"] is not None
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_repeated_or_bad_page_parameters_do_not_fail(client, about_page):
    response = client.get("/vi/search/?q=hop+tac&page=abc&page=999&q=x")

    assert response.status_code == 200


def test_unpublished_pages_leave_the_index(client, about_page):
    about_page.unpublish()

    response = client.get("/vi/search/", {"q": "hop tac"})

    assert "Giới thiệu" not in result_titles(response)


def test_fold_strips_latin_diacritics_but_keeps_thai_and_devanagari_marks():
    assert fold("Hợp TÁC Đô thị") == "hop tac do thi"
    assert fold("São Paulo, Málaga") == "sao paulo malaga"
    assert fold("ความร่วมมือ") == "ความร่วมมือ"
    assert fold("सहयोग") == "सहयोग"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigram index is PostgreSQL's (migration core.0005)",
)
def test_postgresql_indexes_the_trigrams_of_each_languages_documents(db):
    """``folded LIKE '%term%'`` within one language is what every search asks."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'iurc_search_document_trigrams'"
        )
        (definition,) = cursor.fetchone()

    assert "USING gin (language, folded gin_trgm_ops)" in definition


def test_rebuild_search_documents_writes_the_documents_publishing_writes(site_tree):
    """``manage.py rebuild_search_documents`` rebuilds the copies publishing made."""
    for page in Page.objects.filter(depth__gt=1).specific():
        publish(page)
    columns = ("page_id", "route", "kind", "language", "title", "summary", "folded_title", "folded")
    published = sorted(SearchDocument.objects.values_list(*columns))
    SearchDocument.objects.all().delete()

    call_command("rebuild_search_documents", stdout=io.StringIO())

    assert sorted(SearchDocument.objects.values_list(*columns)) == published
    pages = Page.objects.live().filter(depth__gt=1).count()
    profiles = 6  # the Lisbon and Hanoi partners of the three agreements
    assert len(published) == 12 * (pages + profiles)
