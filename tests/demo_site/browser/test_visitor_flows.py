"""What a visitor does, clicked in a real browser."""

import re

from iurc.demo import about as seed


def test_vietnamese_visitor_reads_about_and_switches_to_english(site_url, new_page):
    page = new_page(locale="vi-VN")

    page.goto(f"{site_url}/")
    assert page.url == f"{site_url}/vi/"
    assert page.locator("html").get_attribute("lang") == "vi"

    page.get_by_role("navigation", name=re.compile(".")).first.get_by_role(
        "link", name="Giới thiệu"
    ).click()
    page.wait_for_url(f"{site_url}/vi/gioi-thieu/")
    assert seed.PARAGRAPHS["vi"][0] in page.locator("main").inner_text()
    assert "Rudolf Niessler" in page.locator("main").inner_text()

    page.locator(".language-switcher summary").click()
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(f"{site_url}/en/about/")
    assert page.locator("h1").inner_text() == "About"
    assert seed.PARAGRAPHS["en"][0] in page.locator("main").inner_text()


def focus_by_tab(page, selector, limit=40):
    """Press Tab until ``selector`` has focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} never received focus by keyboard")


def test_keyboard_only_visitor_changes_language_and_opens_a_menu_item(site_url, new_page):
    page = new_page(locale="en-GB")
    page.goto(f"{site_url}/en/")

    focus_by_tab(page, ".language-switcher summary")
    page.keyboard.press("Enter")
    focus_by_tab(page, '.language-switcher a[lang="th"]', limit=15)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/th/")
    assert page.locator("html").get_attribute("lang") == "th"

    focus_by_tab(page, ".site-nav a")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}{target}")
    assert page.locator("main h1").is_visible()


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(site_url, new_page):
    page = new_page()
    page.goto(f"{site_url}/en/about/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
