"""Serving a page: the site, the route, view restrictions and the links a page shows."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from iurc.core.blocks import BodyBlock
from iurc.core.routing import find_site, page_url, route
from tests.factories import StandardPageFactory, publish, stream


def test_page_below_another_is_served_at_its_translated_path(client, about_page):
    with translation.override("en"):
        child = StandardPageFactory(
            parent=about_page,
            title="Funding",
            slug="funding",
            title_vi="Tài trợ",
            slug_vi="tai-tro",
        )

    response = client.get("/vi/gioi-thieu/tai-tro/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tài trợ</h1>" in html
    assert '<a href="/vi/gioi-thieu/">Giới thiệu</a>' in html  # breadcrumb to the parent
    assert child.pk == response.context["page"].pk


def test_routing_loads_the_page_in_full_as_its_own_type(rf, about_page):
    request = rf.get("/vi/gioi-thieu/")
    root = Site.objects.get(is_default_site=True).root_page
    with translation.override("vi"):
        page = route(root, request, ["gioi-thieu"]).page

    assert type(page) is type(about_page)
    assert page.get_deferred_fields() == set()


def test_routing_loads_a_plain_wagtail_page_in_full(rf, home):
    plain = home.add_child(instance=Page(title="Plain", slug="plain"))
    with translation.override("en"):
        page = route(home, rf.get("/en/plain/"), ["plain"]).page

    assert type(page) is Page
    assert page.pk == plain.pk
    assert page.get_deferred_fields() == set()


def test_page_with_a_login_restriction_still_asks_for_login(client, about_page):
    PageViewRestriction.objects.create(page=about_page, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/vi/gioi-thieu/")

    assert response.status_code == 302
    assert "Giới thiệu" not in response.content.decode()


def test_page_below_a_password_restriction_asks_for_the_password(client, about_page):
    with translation.override("en"):
        child = StandardPageFactory(parent=about_page, title="Funding", slug="funding")
    PageViewRestriction.objects.create(
        page=about_page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    response = client.get(child.url)

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_menu_leaves_out_a_private_section_once_a_restriction_exists(client, site_tree):
    region_index_url = site_tree.region_index.url.replace("/en/", "/vi/")
    assert region_index_url in client.get("/vi/gioi-thieu/").content.decode()

    PageViewRestriction.objects.create(
        page=site_tree.region_index, restriction_type=PageViewRestriction.LOGIN
    )

    html = client.get("/vi/gioi-thieu/").content.decode()
    assert region_index_url not in html
    assert "/vi/gioi-thieu/" in html


SITES = {
    "default only": [("localhost", 80, True)],
    "two hosts": [("localhost", 80, True), ("example.org", 80, False)],
    "same host, two ports": [("example.org", 80, True), ("example.org", 8080, False)],
    "host on another port": [("localhost", 80, True), ("example.org", 8080, False)],
    "host on two other ports": [
        ("localhost", 80, True),
        ("example.org", 8080, False),
        ("example.org", 8443, False),
    ],
    "no default": [("example.org", 8080, False), ("example.org", 8443, False)],
}
HOSTS = ["localhost", "example.org", "example.org:8080", "EXAMPLE.org:8443", "other.net:81"]


@pytest.mark.parametrize("sites", list(SITES))
def test_site_is_chosen_as_wagtail_chooses_it(home, sites):
    Site.objects.all().delete()
    for hostname, port, is_default in SITES[sites]:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=is_default
        )

    for host in HOSTS:
        request = RequestFactory(HTTP_HOST=host).get("/")
        request.META["SERVER_PORT"] = host.partition(":")[2] or "80"
        expected = Site._find_for_request(request)
        found = find_site(request)
        assert (found and found.pk) == (expected and expected.pk), (sites, host)


def test_page_url_is_the_pages_url_in_every_language(rf, about_page):
    request = rf.get("/vi/gioi-thieu/")
    with translation.override("vi"):
        urls = {code: page_url(request, about_page, code) for code in ("en", "vi", "ms")}
        assert page_url(request, about_page) == "/vi/gioi-thieu/"

    assert urls == {"en": "/en/about/", "vi": "/vi/gioi-thieu/", "ms": "/ms/about/"}


def test_chosen_quotes_keep_their_order_repeats_and_gaps(quotes):
    chooser = BodyBlock().child_blocks["quote"].child_blocks["quote"]
    first, second = quotes

    loaded = chooser.bulk_to_python([second.pk, first.pk, second.pk, 999_999])

    assert [quote and quote.pk for quote in loaded] == [second.pk, first.pk, second.pk, None]
    assert loaded[0] is not loaded[2]


def link_card(title, page_id):
    return (
        "link_cards",
        {
            "heading": "",
            "cards": [
                {
                    "type": "item",
                    "value": {
                        "title": title,
                        "description": "",
                        "page": page_id,
                        "external_url": "",
                    },
                    "id": "card-region",
                }
            ],
        },
    )


def test_link_card_to_a_page_links_it_in_the_readers_language(client, site_tree):
    about = site_tree.about
    about.body_en = stream(link_card("Regions", site_tree.region.pk))
    # The Vietnamese text of the same card: its link is English's.
    about.body_vi = stream(link_card("Khu vực", None))
    publish(about)

    html = client.get("/vi/gioi-thieu/").content.decode()

    with translation.override("vi"):
        region_url = site_tree.region.url
    assert region_url.startswith("/vi/")
    assert f'<a class="card__link" href="{region_url}">' in html
