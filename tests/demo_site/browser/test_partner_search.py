"""A visitor finds a partner by its name in their own language, in a real browser."""

import re


def test_chinese_visitor_finds_chongqing_by_its_chinese_name(site_url, new_page):
    page = new_page(locale="zh-CN")
    page.goto(f"{site_url}/zh-hans/")

    page.fill("#site-search-q", "重庆")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"/zh-hans/search/\?q="))

    results = page.locator(".search-results li")
    profiles = results.filter(has_text="合作伙伴简介")
    agreements = results.filter(has_text="合作协议")
    assert profiles.get_by_role("link", name="重庆", exact=True).count() == 1
    assert profiles.get_by_role("link", name="重庆直辖市", exact=True).count() == 1
    assert agreements.filter(has_text="Santiago de Compostela").count() == 1

    profiles.get_by_role("link", name="重庆", exact=True).click()
    page.wait_for_url(re.compile(r"/zh-hans/.+/partners/\d+/$"))
    assert "重庆" in page.locator("main h1").inner_text()
    main = page.locator("main")
    assert main.get_by_role("link", name=re.compile("Santiago de Compostela")).count() >= 1

    page.go_back()
    agreements.filter(has_text="Santiago de Compostela").get_by_role("link").click()
    page.wait_for_url(re.compile(r"/zh-hans/.+/$"))
    assert "Chongqing" in page.locator("main h1").inner_text()
