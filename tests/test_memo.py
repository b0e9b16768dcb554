"""What each process remembers of the site, the menu and the routes (iurc/core/memo.py): read
once, and never shown once an editor has changed it, in any language."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import PageViewRestriction

from iurc.core import memo
from iurc.core.models import Quote
from partners.models import Partner
from tests.factories import AgreementPageFactory, PartnerFactory, StandardPageFactory, make_live
from tests.support import UNREACHABLE_REDIS


@pytest.fixture(autouse=True)
def remembering(settings):
    """Values remembered, the page cache off: every request renders its page."""
    settings.IURC_PAGE_CACHE = {**settings.IURC_PAGE_CACHE, "MEMO": True, "CLOCK_MARGIN": 0}
    caches["pages"].clear()
    memo.forget_all()
    yield
    caches["pages"].clear()
    memo.forget_all()


def url(page, language="en"):
    with translation.override(language):
        return page.url


def render(client, path):
    """The page and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [query["sql"] for query in queries.captured_queries]


def menu_of(text):
    return text.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]


def test_the_site_menu_and_route_are_read_once_then_remembered(client, site_tree):
    about = url(site_tree.about, "vi")
    first, first_sql = render(client, about)
    again, again_sql = render(client, about)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert any('FROM "wagtailcore_site"' in sql for sql in first_sql)
    assert not any('FROM "wagtailcore_site"' in sql for sql in again_sql)
    # The menu's sections and the child routing found: only the page itself is read again.
    assert len(again_sql) <= len(first_sql) - 3, again_sql


def test_a_section_renamed_is_in_the_next_menu_in_every_language(client, site_tree):
    home_vi, home_en = url(site_tree.home, "vi"), url(site_tree.home)
    for path in (home_vi, home_en, home_vi):
        assert "Giới thiệu" in menu_of(client.get(path).content.decode()) or path == home_en
    about = site_tree.about
    about.title_vi = "Về chương trình"
    about.title_en = "About the programme"
    about.save()
    assert "Về chương trình" in menu_of(client.get(home_vi).content.decode())
    assert "About the programme" in menu_of(client.get(home_en).content.decode())


def test_a_section_restricted_leaves_the_menu_of_the_next_page(client, site_tree):
    home = url(site_tree.home)
    for _attempt in range(2):
        assert "/en/about/" in menu_of(client.get(home).content.decode())
    PageViewRestriction.objects.create(
        page=site_tree.about, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert "/en/about/" not in menu_of(client.get(home).content.decode())


def test_a_page_renamed_is_found_at_its_new_address_and_not_at_the_old_one(client, site_tree):
    page = StandardPageFactory(parent=site_tree.about, title="Funding", slug="funding")
    for _attempt in range(2):
        assert client.get("/en/about/funding/").status_code == 200
    page.slug = "money"
    page.save()
    assert client.get("/en/about/money/").status_code == 200
    assert client.get("/en/about/funding/").status_code in (301, 404)


def test_a_page_unpublished_answers_not_found_next(client, site_tree):
    page = StandardPageFactory(parent=site_tree.about, title="Funding", slug="funding")
    for _attempt in range(2):
        assert client.get("/en/about/funding/").status_code == 200
    page.unpublish()
    assert client.get("/en/about/funding/").status_code == 404


def test_a_draft_deleted_after_it_was_asked_for_answers_not_found(client, site_tree):
    draft = StandardPageFactory(
        parent=site_tree.about, title="Draft", slug="draft", published=False, live=False
    )
    for _attempt in range(2):
        assert client.get("/en/about/draft/").status_code == 404
    draft.delete()  # a draft leaves no tag: the remembered route leads nowhere
    assert client.get("/en/about/draft/").status_code == 404
    make_live(StandardPageFactory(parent=site_tree.about, title="Draft", slug="draft"))
    assert client.get("/en/about/draft/").status_code == 200


def test_while_the_cache_is_unreachable_nothing_is_remembered(client, site_tree):
    about = url(site_tree.about)
    with override_settings(CACHES=UNREACHABLE_REDIS):
        for _attempt in range(2):
            response, sql = render(client, about)
            assert response.status_code == 200
            assert any('FROM "wagtailcore_site"' in query for query in sql)


def test_switched_off_every_request_reads_the_site(client, site_tree, settings):
    settings.IURC_PAGE_CACHE = {**settings.IURC_PAGE_CACHE, "MEMO": False}
    about = url(site_tree.about)
    for _attempt in range(2):
        _response, sql = render(client, about)
        assert any('FROM "wagtailcore_site"' in query for query in sql)


def _rename_phase(tree):
    tree.phase.title_vi = "Giai đoạn một"
    tree.phase.save()
    return "Giai đoạn một"


def _rename_region(tree):
    tree.region.title_vi = "Châu Á – Thái Bình Dương"
    tree.region.save()
    return "Châu Á – Thái Bình Dương"


def _change_quote(tree):
    quote = Quote.objects.order_by("-pk").first()
    quote.text_vi = "Các thành phố học hỏi nhanh nhất từ nhau."
    quote.save()
    return "Các thành phố học hỏi nhanh nhất từ nhau."


def _rename_partner(tree):
    partner = Partner.objects.get(name_en="Hanoi 2")
    partner.name_vi = "Hà Nội"
    partner.save()
    return "Hà Nội"


def _new_agreement(tree):
    AgreementPageFactory(
        parent=tree.agreement_index,
        title="Porto – Da Nang",
        title_vi="Porto – Đà Nẵng",
        start_year=2024,
        eu=[PartnerFactory(name="Porto", country_id="PT")],
        partners=[PartnerFactory(name="Da Nang", country_id="VN")],
    )
    return "Porto – Đà Nẵng"


@pytest.mark.parametrize(
    "change", [_rename_phase, _rename_region, _change_quote, _rename_partner, _new_agreement]
)
def test_what_the_home_page_shows_of_other_pages_is_current_on_the_next_visit(
    client, site_tree, change
):
    home = url(site_tree.home, "vi")
    for _attempt in range(2):
        assert client.get(home).status_code == 200
    with translation.override("en"):
        shown = change(site_tree)
    assert shown in client.get(home).content.decode()


def test_a_request_that_may_write_computes_every_time(rf):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    for _attempt in range(2):
        assert memo.remembered(rf.post("/en/"), ("test", "post"), compute) == len(calls)
    assert len(calls) == 2
    first = memo.remembered(rf.get("/en/"), ("test", "get"), compute)
    assert memo.remembered(rf.get("/en/"), ("test", "get"), compute) == first
    assert len(calls) == 3
