"""A Vietnamese visitor reads the latest news of the Asia & Australasia region: from the
region's page, through its latest reads, to an article in Vietnamese."""

ARTICLE = "Các thành phố thí điểm từ châu Á, châu Úc và châu Âu gặp nhau tại Brussels"


def test_vietnamese_visitor_reads_the_latest_news_of_asia_and_australasia(site_url, new_page):
    page = new_page(locale="vi-VN")
    page.goto(f"{site_url}/vi/")
    page.locator("nav.site-nav").get_by_role("link", name="Khu vực", exact=True).click()
    page.wait_for_url(f"{site_url}/vi/khu-vuc/")
    page.locator("main").get_by_role("link", name="Châu Á và Châu Úc", exact=True).click()
    page.wait_for_url(f"{site_url}/vi/khu-vuc/chau-a-va-chau-uc/")

    reads = page.locator("section[aria-labelledby=latest-reads]")
    assert reads.locator("h2").inner_text() == "Bài đọc mới nhất"
    # Newest first: the Brussels meeting of November 2022 leads.
    assert reads.locator("h3").first.inner_text() == ARTICLE
    reads.get_by_role("link", name=ARTICLE).click()
    page.wait_for_url(f"{site_url}/vi/tin-bai/su-kien-toan-cau-va-khu-vuc-tai-brussels/")

    assert page.locator("h1").inner_text() == ARTICLE
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "phút đọc" in page.locator(".reading-time").inner_text()
    assert "đại diện các thành phố thí điểm" in page.locator("article").inner_text()
    # The feeds of the news are offered in Vietnamese.
    feed = page.locator('link[rel=alternate][type="application/rss+xml"]')
    assert feed.get_attribute("href") == "/vi/tin-bai/feed/rss/"
