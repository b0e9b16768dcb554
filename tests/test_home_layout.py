"""The home page's sections: staff choose which and in what order, for every language; the
agreements' headline numbers; the lead image of home and region pages in modern formats at
fixed sizes."""

import re

import pytest
from django.utils import translation
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_factories import ImageFactory

from iurc.home.models import HomePage
from partners.models import Partner
from tests.factories import make_live
from tests.support import edit_form_data, edit_url

HEADINGS = {
    "headline_numbers": 'id="home-numbers"',
    "programme": 'id="home-programme"',
    "regions": 'id="home-regions"',
    "agreements": 'id="home-agreements"',
    "quote": 'class="quote',
}


def order_of(html):
    """The sections of ``HEADINGS`` the page shows, in the order it shows them."""
    found = {name: html.find(marker) for name, marker in HEADINGS.items()}
    return [name for name, place in sorted(found.items(), key=lambda item: item[1]) if place >= 0]


def test_a_home_page_without_a_layout_shows_every_section_in_the_default_order(client, site_tree):
    html = client.get("/vi/").content.decode()

    assert order_of(html) == ["headline_numbers", "programme", "regions", "agreements", "quote"]


def test_staff_choose_the_sections_and_their_order_in_the_admin(client, admin_client, site_tree):
    home = HomePage.objects.get(pk=site_tree.home.pk)
    data = edit_form_data(admin_client, home, {}, action="publish")
    layout = [("quote", ""), ("agreements", {"count": 2}), ("regions", "")]
    data.update(nested_form_data({"layout": streamfield(layout)}))

    response = admin_client.post(edit_url(home), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    for language in ("vi", "en", "th"):
        html = client.get(f"/{language}/").content.decode()
        assert order_of(html) == ["quote", "agreements", "regions"], language
        section = html.split('id="home-agreements"', 1)[1]
        assert section.count('class="agreement-card"') == 2, language


def test_the_headline_numbers_count_what_the_public_sees(client, site_tree):
    numbers = r"<dd>(\d+)</dd>"
    assert re.findall(numbers, client.get("/en/").content.decode()) == ["3", "6", "2"]

    hidden = Partner.objects.get(name_en="Hanoi 0")
    hidden.live = False
    hidden.save()

    assert re.findall(numbers, client.get("/en/").content.decode()) == ["3", "5", "2"]


@pytest.mark.django_db
def test_the_lead_image_comes_in_modern_formats_at_fixed_sizes_with_its_text(client, site_tree):
    home = HomePage.objects.get(pk=site_tree.home.pk)
    home.lead_image = ImageFactory(title="Da Nang", file=get_test_image_file(size=(1600, 900)))
    home.lead_image_alt_en = "The Han River bridge in Da Nang at dusk"
    home.lead_image_alt_vi = "Cầu sông Hàn ở Đà Nẵng lúc hoàng hôn"
    home.lead_image_credit_en = "Example photograph"
    make_live(home)

    html = client.get("/vi/").content.decode()

    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    image = re.search(r"<img [^>]*>", picture).group(0)
    assert 'width="640"' in image and 'height="360"' in image
    assert 'alt="Cầu sông Hàn ở Đà Nẵng lúc hoàng hôn"' in image
    assert "Example photograph" in html


def test_a_region_page_opens_with_its_lead_image(client, site_tree):
    region = site_tree.region
    region.lead_image = ImageFactory(title="Hanoi", file=get_test_image_file(size=(1600, 900)))
    region.lead_image_alt_vi = "Hồ Hoàn Kiếm ở Hà Nội"
    make_live(region)

    with translation.override("vi"):
        html = client.get(region.url).content.decode()

    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'alt="Hồ Hoàn Kiếm ở Hà Nội"' in picture
    assert 'type="image/avif"' in picture


def test_a_lead_image_too_small_for_the_larger_size_is_offered_at_one_size(client, site_tree):
    region = site_tree.region
    region.lead_image = ImageFactory(title="Small", file=get_test_image_file(size=(600, 400)))
    make_live(region)

    with translation.override("vi"):
        html = client.get(region.url).content.decode()

    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    # Both sizes of an image narrower than 640 pixels are as wide as the image: two srcset
    # entries of one width are invalid HTML, and a sizes attribute needs widths to choose from.
    for srcset in re.findall(r'srcset="([^"]*)"', picture):
        widths = re.findall(r" (\d+)w", srcset)
        assert len(widths) == len(set(widths)), srcset
    assert "sizes=" not in picture
    assert 'width="600"' in picture
