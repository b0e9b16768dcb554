"""Untranslated fields fall back along the language's chain, and the page says so."""

from django.utils import translation

from iurc.core.translation_state import fallback_languages
from iurc.demo import about as seed
from tests.factories import StandardPageFactory, publish, stream


def test_untranslated_page_is_shown_in_english_with_a_notice_in_the_readers_language(
    client, about_page
):
    html = client.get("/fr/about/").content.decode()

    assert seed.PARAGRAPHS["en"][0] in html
    notice = html[html.index('class="fallback-notice"') :].split("</p>", 1)[0]
    # The notice is a French sentence naming both languages in French.
    assert "anglais" in notice and "français" in notice
    assert "have not been translated" not in notice


def test_fully_translated_page_has_no_notice(client, about_page):
    html = client.get("/vi/gioi-thieu/").content.decode()

    assert "fallback-notice" not in html


def test_fallback_content_is_marked_with_its_language(client, about_page):
    html = client.get("/ko/about/").content.decode()

    assert '<div class="stream" lang="en">' in html


def test_malay_falls_back_to_indonesian_before_english(home):
    page = StandardPageFactory(
        parent=home, title="Cities", title_ind="Kota-kota", slug="cities", published=False
    )
    page.body_en = stream(("paragraph", "<p>English text</p>"))
    page.body_ind = stream(("paragraph", "<p>Teks bahasa Indonesia</p>"))
    publish(page)

    with translation.override("ms"):
        assert page.title == "Kota-kota"
        assert "Teks bahasa Indonesia" in str(page.body[0].value)
        assert fallback_languages(page, ["title", "body"]) == ["id"]


def test_portuguese_falls_back_to_spanish(home):
    page = StandardPageFactory(parent=home, title="Cities", title_es="Ciudades", slug="cities")

    with translation.override("pt"):
        assert page.title == "Ciudades"


def test_emptied_rich_text_counts_as_untranslated(home):
    page = StandardPageFactory(
        parent=home, title="Cities", slug="cities", intro="<p>English intro</p>", published=False
    )
    page.intro_vi = '<p data-block-key="x1y2z"></p>'
    publish(page)

    page.refresh_from_db()
    assert page.intro_vi is None
    with translation.override("vi"):
        assert page.intro == "<p>English intro</p>"
        assert fallback_languages(page, ["intro"]) == ["en"]


def test_untranslated_quote_text_is_marked_english_on_a_vietnamese_page(client, about_page):
    quote = about_page.body_vi[2].value["quote"]
    quote.text_vi = None
    quote.save()

    html = client.get("/vi/gioi-thieu/").content.decode()

    assert f'<blockquote lang="en"><p>{quote.text_en}' in html
