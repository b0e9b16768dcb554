"""The maps with no internet: every request to another host is refused, as on a network without
one, and the agreements map and the partner editor's point picker still draw the world's
countries (Natural Earth, from our static files) under their markers."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from partners.models import Partner
from tests.support import snippet_url

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PASSWORD = "browser-test-only"  # noqa: S105
# Natural Earth's 1:110m map has 177 countries; a drawing with fewer has lost some.
COUNTRIES_AT_LEAST = 150
LAND = "#f7f4ec"  # static/js/map-background.js
MARKER = (179, 89, 0)  # #b35900, static/js/agreement-map.js
# The first marker's pixel on the agreements map's canvas, in the page's coordinates.
FIND_MARKER = """([r, g, b]) => {
  const canvas = document.querySelector("#agreement-map .leaflet-overlay-pane canvas");
  const context = canvas.getContext("2d");
  const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
  const box = canvas.getBoundingClientRect();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (data[i] === r && data[i + 1] === g && data[i + 2] === b) {
        const point = {
          x: box.left + (x * box.width) / width,
          y: box.top + (y * box.height) / height,
        };
        // Not under a control (zoom buttons, credits): the click must reach the canvas.
        if (document.elementFromPoint(point.x, point.y) === canvas) {
          return point;
        }
      }
    }
  }
  return null;
}"""


def offline(page):
    """Refuse every request of ``page`` to a host other than this machine; returns the list of
    refused URLs."""
    refused = []

    def answer(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    page.route("**/*", answer)
    return refused


def outline_paths(page, map_selector):
    return page.locator(f"{map_selector} .leaflet-outline-pane path")


def test_agreements_map_draws_country_outlines_under_its_markers_with_no_internet(
    site_url, new_page, artifacts
):
    page = new_page()
    refused = offline(page)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{site_url}/en/agreements/map/")
    map_element = page.locator("#agreement-map[data-drawn-partners][data-outline-features]")
    map_element.wait_for()

    assert int(map_element.get_attribute("data-outline-features")) > COUNTRIES_AT_LEAST
    paths = outline_paths(page, "#agreement-map")
    assert paths.count() > COUNTRIES_AT_LEAST
    assert paths.first.get_attribute("fill") == LAND
    assert map_element.get_attribute("data-drawn-partners").split(), "no marker drawn"
    # Markers and lines are drawn above the countries.
    z_index = "element => Number(getComputedStyle(element).zIndex)"
    outline_pane = page.locator("#agreement-map .leaflet-outline-pane").evaluate(z_index)
    overlay_pane = page.locator("#agreement-map .leaflet-overlay-pane").evaluate(z_index)
    assert outline_pane < overlay_pane
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    page.screenshot(path=artifacts / "offline-agreement-map.png")

    # A marker's popup says what the partner is: same-named partners differ by kind.
    map_element.scroll_into_view_if_needed()
    marker = page.evaluate(FIND_MARKER, list(MARKER))
    assert marker, "no marker pixel on the canvas"
    page.mouse.click(marker["x"], marker["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    kind = popup.locator(".agreement-map__kind").inner_text()
    assert re.fullmatch(r"(City|Region|Metropolitan area|Organisation), \w.*", kind), kind

    assert refused == [], "the map asked the internet for something"
    assert errors == []


@pytest.fixture(scope="module")
def staff_and_partner(demo_site, django_db_blocker):
    """A superuser, and a located demo partner whose location is put back afterwards."""
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_superuser("map-picker", "", PASSWORD)
        partner = Partner.objects.filter(latitude__isnull=False).order_by("pk").first()
        location = (partner.latitude, partner.longitude)
    yield user, partner
    with django_db_blocker.unblock():
        Partner.objects.filter(pk=partner.pk).update(latitude=location[0], longitude=location[1])
        user.delete()


def test_staff_pick_a_partners_location_on_the_map_with_no_internet_and_save_it(
    site_url, new_page, staff_and_partner, django_db_blocker, artifacts
):
    user, partner = staff_and_partner
    page = new_page()
    refused = offline(page)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/$"))

    page.goto(site_url + snippet_url(Partner, "edit", partner.pk))
    picker = page.locator(".point-picker__map[data-outline-features][data-marker]")
    picker.wait_for()
    assert outline_paths(page, ".point-picker__map").count() > COUNTRIES_AT_LEAST
    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    # The marker starts at the partner's location.
    assert picker.get_attribute("data-marker") == f"{partner.latitude:.6f} {partner.longitude:.6f}"

    # Typing in the fields moves the marker.
    latitude.fill("-33.8688")
    longitude.fill("151.2093")
    longitude.press("Tab")
    assert picker.get_attribute("data-marker") == "-33.868800 151.209300"

    # A click on the map fills both fields with where it was, and moves the marker there.
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.4)
    picked = (latitude.input_value(), longitude.input_value())
    assert picked != ("-33.868800", "151.209300")
    assert all(re.fullmatch(r"-?\d{1,3}\.\d{6}", value) for value in picked), picked
    assert picker.get_attribute("data-marker") == " ".join(picked)
    page.screenshot(path=artifacts / "offline-point-picker.png")

    # Saving keeps the point picked.
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.locator('footer button[name="action-publish"]').click()
    page.wait_for_url(re.compile(r".*/admin/snippets/partners/partner/$"))
    with django_db_blocker.unblock():
        partner.refresh_from_db()
    assert (partner.latitude, partner.longitude) == tuple(Decimal(value) for value in picked)
    assert refused == [], "the editor asked the internet for something"
    assert errors == []
