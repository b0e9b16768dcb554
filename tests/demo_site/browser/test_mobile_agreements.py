"""The agreements database on a phone, and the keyboard in the language menu, in Chromium."""

import re
from urllib.parse import urlsplit

from iurc.core.collation import sort_key

PHONE = {"width": 375, "height": 667}
COUNTRY_OPTION = re.compile(r"^(.*) \((\d+)\)$")


def heading_count(page):
    return int(re.match(r"\d+", page.locator("#results-heading").inner_text()).group())


def test_vietnamese_visitor_on_a_phone_sees_results_first_and_filters_by_country(
    site_url, new_page
):
    page = new_page(locale="vi-VN", **PHONE)
    page.goto(f"{site_url}/vi/agreements/")
    assert page.locator("html").get_attribute("lang") == "vi"
    list_url = page.url.split("?")[0]
    everything = heading_count(page)

    # The first agreement is on the first screen: the filters wait, closed, in their panel.
    title = page.locator(".agreement-list > li.agreement-card .agreement-card__title").first
    box = title.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
    assert page.evaluate("window.scrollY") == 0
    country = page.locator("#filter-country")
    assert not country.is_visible()

    page.locator(".filters-panel__summary").click()
    assert country.is_visible()
    assert page.locator("#filters-hint").is_visible()  # told before choosing (WCAG 3.2.2)
    # Countries in Vietnamese alphabetical order (Áo, Ấn Độ, Đức… in their places).
    choices = [
        COUNTRY_OPTION.match(text).groups()
        for text in country.locator("option").all_inner_texts()[1:]
    ]
    names = [name for name, _count in choices]
    assert len(names) > 5
    assert names == sorted(names, key=lambda name: sort_key(name, "vi"))
    label, count = next((name, int(n)) for name, n in choices if 0 < int(n) < everything)
    value = country.locator("option", has_text=label).first.get_attribute("value")

    # Choosing applies the filter: no button, and the URL names only the country.
    country.select_option(value)
    page.wait_for_url(re.compile(rf"\?country={value}$"))
    assert page.url == f"{list_url}?country={value}"
    assert urlsplit(page.url).query == f"country={value}"
    assert heading_count(page) == count
    # The reader is back where they were: the panel open, the drop-down focused.
    assert page.locator("details.filters-panel").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.id") == "filter-country"


def test_without_javascript_the_button_applies_filters_and_the_url_names_only_those_set(
    site_url, browser
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/en/agreements/")
        page.locator(".filters-panel__summary").click()
        country = page.locator("#filter-country")
        value = country.locator("option").nth(1).get_attribute("value")
        assert not page.locator("#filters-hint").is_visible()
        country.select_option(value)
        assert page.url == f"{site_url}/en/agreements/"  # nothing happens before the button

        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"\?country="))
        assert page.url == f"{site_url}/en/agreements/?country={value}"
    finally:
        context.close()


def test_wide_screens_show_the_filters_beside_the_results(site_url, new_page):
    page = new_page(width=1280)
    page.goto(f"{site_url}/en/agreements/")

    filters = page.locator("#filter-country").bounding_box()
    results = page.locator("#results-heading").bounding_box()
    assert page.locator("#filter-country").is_visible()
    assert filters["x"] + filters["width"] <= results["x"]


def test_escape_closes_the_language_menu_and_returns_focus_to_its_toggle(site_url, new_page):
    page = new_page()
    page.goto(f"{site_url}/en/")
    toggle = page.locator(".language-switcher summary")
    menu = page.locator(".language-switcher details")

    toggle.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("open") is not None
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.language-switcher ul') !== null")

    page.keyboard.press("Escape")
    assert menu.get_attribute("open") is None
    assert page.evaluate("document.activeElement.matches('.language-switcher summary')")
