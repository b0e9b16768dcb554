"""The About page from the seed, as a visitor reads it in Vietnamese and in English."""

from datetime import UTC, datetime

from iurc.demo import about as seed


def test_vietnamese_about_page_shows_the_seed_text_verbatim(client, about_page):
    response = client.get("/vi/gioi-thieu/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    for paragraph in seed.PARAGRAPHS["vi"]:
        assert paragraph in html
    assert seed.FUNDING["vi"] in html
    assert seed.PHASE_ONE_HEADING["vi"] in html


def test_vietnamese_about_page_credits_both_quotes(client, about_page):
    html = client.get("/vi/gioi-thieu/").content.decode()

    for quote in seed.QUOTES:
        assert quote["text"]["vi"] in html
    assert "Rudolf Niessler" in html
    assert "Cố vấn chính về Quan hệ quốc tế, DG REGIO, Ủy ban Châu Âu" in html
    assert "Bratislava (Slovakia)" in html


def test_english_about_page_shows_the_english_version(client, about_page):
    response = client.get("/en/about/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    for paragraph in seed.PARAGRAPHS["en"]:
        assert paragraph in html
    assert "Principal Adviser for International Relations, DG REGIO, European Commission" in html
    assert seed.PARAGRAPHS["vi"][0] not in html
    assert "fallback-notice" not in html


def test_about_page_is_reachable_from_the_vietnamese_navigation(client, about_page):
    html = client.get("/vi/").content.decode()

    assert '<a href="/vi/gioi-thieu/">Giới thiệu</a>' in html


def test_last_updated_date_is_written_the_readers_way(client, about_page):
    # Midday: the site shows Brussels time, a day ahead of UTC late in the evening.
    about_page.last_published_at = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
    about_page.save(update_fields=["last_published_at"])

    vietnamese = client.get("/vi/gioi-thieu/").content.decode()
    french = client.get("/fr/about/").content.decode()
    english = client.get("/en/about/").content.decode()

    assert "tháng 3 năm 2026" in vietnamese
    assert "mars 2026" in french
    assert "March 9, 2026" in english


def test_the_update_time_is_to_the_second_as_html_allows(client, about_page):
    about_page.last_published_at = datetime(2026, 3, 9, 12, 0, 7, 123456, tzinfo=UTC)
    about_page.save(update_fields=["last_published_at"])

    html = client.get("/en/about/").content.decode()

    # A fraction of a second may have at most three digits in a valid <time datetime>.
    assert '<time datetime="2026-03-09T13:00:07+01:00">' in html
