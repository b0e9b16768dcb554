"""XLIFF 2.0 and 1.2: export, translate in a 'CAT tool', import, publish, read in Vietnamese."""

import json

import pytest
from defusedxml.ElementTree import fromstring

from iurc.core.models import Quote
from iurc.home.models import StandardPage
from iurc.translations.exchange import exporting, importing, units
from iurc.translations.exchange.formats import XLIFF2, XLIFF12
from iurc.translations.exchange.xliff import MDA_NS, XLIFF2_NS, XLIFF12_NS
from tests.factories import QuoteFactory, StandardPageFactory, publish
from tests.support import (
    assert_vietnamese_page,
    other_languages_snapshot,
    publish_latest,
    translate_xliff,
)

# The page with rich text and StreamField, and the page it links to.
pytest_plugins = ["tests.exchange_fixtures"]

X2 = f"{{{XLIFF2_NS}}}"
X12 = f"{{{XLIFF12_NS}}}"


def export_page(page, file_format=XLIFF2, **kwargs):
    page = StandardPage.objects.get(pk=page.pk)
    return exporting.export("vi", file_format, objects=[units.working_copy(page)], **kwargs)


def unit_ids(content, version="2.0"):
    root = fromstring(content)
    tag = f"{X2}unit" if version == "2.0" else f"{X12}trans-unit"
    return [unit.get("id") for unit in root.iter(tag)]


@pytest.mark.parametrize(("file_format", "version"), [(XLIFF2, "2.0"), (XLIFF12, "1.2")])
def test_xliff_round_trip_renders_the_translation_and_changes_nothing_else(
    client, admin_user, rich_page, funding, file_format, version
):
    before = other_languages_snapshot(rich_page)
    exported = export_page(rich_page, file_format)

    report = importing.import_translations(
        translate_xliff(exported.content, version), user=admin_user
    )

    assert report.rejected == []
    assert len(report.applied) == exported.unit_count == 10
    page = StandardPage.objects.get(pk=rich_page.pk)
    assert page.title_vi is None, "imported as a draft, not published"
    revision = page.get_latest_revision()
    assert revision.user == admin_user
    page = publish_latest(page)
    assert_vietnamese_page(client, page, funding)
    assert other_languages_snapshot(page) == before
    assert page.title_fr == "Coopération en pratique"


def test_xliff2_export_writes_rich_text_markup_as_inline_codes(rich_page, funding):
    root = fromstring(export_page(rich_page).content)

    assert root.get("srcLang") == "en"
    assert root.get("trgLang") == "vi"
    intro = next(u for u in root.iter(f"{X2}unit") if u.get("id").endswith(":intro"))
    source = intro.find(f"{X2}segment/{X2}source")
    # The paragraph that wraps the whole text is not a code: the translator writes text.
    assert source.text == "Read "
    link, external = source.findall(f"{X2}pc")
    assert link.get("type") == "link"
    assert link.find(f"{X2}pc").get("subType") == "xlf:b"
    data = {d.get("id"): d.text for d in intro.iter(f"{X2}data")}
    assert data[link.get("dataRefStart")] == f'<a linktype="page" id="{funding.pk}">'
    assert data[external.get("dataRefStart")] == '<a href="https://commission.europa.eu/">'
    source_hash = next(m.text for m in intro.iter(f"{{{MDA_NS}}}meta"))
    assert source_hash == units.source_hash(StandardPage.objects.get(pk=rich_page.pk).intro_en)


def test_stream_units_are_keyed_by_block_ids_not_the_whole_stream(rich_page):
    ids = unit_ids(export_page(rich_page).content)
    heading, paragraph, cards = rich_page.body_en.raw_data

    prefix = f"home.standardpage:{rich_page.pk}:body"
    assert f"{prefix}.{heading['id']}.text" in ids
    assert f"{prefix}.{paragraph['id']}" in ids
    assert f"{prefix}.{cards['id']}.cards.card-funding.title" in ids
    assert f"{prefix}.{cards['id']}.cards.card-commission.title" in ids
    # Empty description, chosen page, URL and heading level are not texts to translate.
    assert f"{prefix}.{cards['id']}.cards.card-commission.description" not in ids
    assert not any(key.endswith((".page", ".external_url", ".level")) for key in ids)


def test_xliff12_export_uses_g_and_x_codes_and_carries_the_hash(rich_page):
    root = fromstring(export_page(rich_page, XLIFF12).content)

    file_element = root.find(f"{X12}file")
    assert file_element.get("source-language") == "en"
    assert file_element.get("target-language") == "vi"
    intro = next(u for u in root.iter(f"{X12}trans-unit") if u.get("id").endswith(":intro"))
    codes = [(g.get("id"), g.get("ctype")) for g in intro.find(f"{X12}source").iter(f"{X12}g")]
    assert codes == [("2", "link"), ("3", "bold"), ("4", "link")]
    assert intro.get("{urn:iurc:exchange:1}source-hash")


def test_missing_or_outdated_export_contains_only_those_units(monkeypatch, home):
    page = StandardPageFactory(
        parent=home,
        title="Cities",
        slug="cities",
        title_vi="Các thành phố",
        slug_vi="cac-thanh-pho",
        search_description="About cities.",
        search_description_vi="Về các thành phố.",
        body_en=json.dumps([{"type": "heading", "id": "h", "value": {"text": "Why cities"}}]),
        body_vi=json.dumps([{"type": "heading", "id": "h", "value": {"text": "Tại sao"}}]),
        listing_summary="Cities in the programme.",
    )
    prefix = f"home.standardpage:{page.pk}"
    # Nothing is outdated yet: only the missing translation is exported.
    ids = unit_ids(export_page(page, missing_or_outdated=True).content)

    assert ids == [f"{prefix}:listing_summary"]

    page.title_en = "Cities and regions"
    publish(page)

    ids = unit_ids(export_page(page, missing_or_outdated=True).content)

    assert ids == [f"{prefix}:title", f"{prefix}:listing_summary"]
    everything = unit_ids(exporting.export("vi", XLIFF2, missing_or_outdated=True).content)
    assert f"{prefix}:search_description" not in everything
    assert f"{prefix}:slug" not in everything
    assert f"{prefix}:listing_summary" in everything


def test_existing_plain_translations_are_offered_as_targets(home):
    page = StandardPageFactory(parent=home, title="Cities", title_vi="Các thành phố")

    root = fromstring(export_page(page).content)

    title = next(u for u in root.iter(f"{X2}unit") if u.get("id").endswith(":title"))
    assert title.find(f"{X2}segment").get("state") == "translated"
    assert title.find(f"{X2}segment/{X2}target").text == "Các thành phố"


def test_a_stream_translation_follows_the_english_blocks_and_never_gets_english_text(
    admin_user, home
):
    english = [
        {"type": "heading", "id": "h1", "value": {"text": "Why cities", "level": "h2"}},
        {"type": "paragraph", "id": "p1", "value": "<p>Cities learn.</p>"},
        {"type": "heading", "id": "h2", "value": {"text": "How", "level": "h3"}},
    ]
    # The Vietnamese stream is older: only the first heading, and a block English no longer has.
    vietnamese = [
        {"type": "heading", "id": "h1", "value": {"text": "Tại sao thành phố", "level": "h2"}},
        {"type": "paragraph", "id": "old", "value": "<p>Cũ.</p>"},
    ]
    page = StandardPageFactory(
        parent=home,
        title="Cities",
        slug="cities",
        body_en=json.dumps(english),
        body_vi=json.dumps(vietnamese),
    )
    exported = export_page(page, missing_or_outdated=True)
    ids = unit_ids(exported.content)
    assert ids == [
        f"home.standardpage:{page.pk}:title",
        f"home.standardpage:{page.pk}:slug",
        f"home.standardpage:{page.pk}:body.p1",
        f"home.standardpage:{page.pk}:body.h2.text",
    ]
    translated = exported.content.replace(
        b"<source>How</source>", "<source>How</source><target>Thế nào</target>".encode()
    )

    report = importing.import_translations(translated, user=admin_user)

    assert [outcome.key for outcome in report.applied] == [
        f"home.standardpage:{page.pk}:body.h2.text"
    ]
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    rebuilt = list(draft.body_vi.raw_data)
    assert [(block["type"], block["id"]) for block in rebuilt] == [
        ("heading", "h1"),
        ("paragraph", "p1"),
        ("heading", "h2"),
    ]
    assert rebuilt[0]["value"] == {"text": "Tại sao thành phố", "level": "h2"}
    assert rebuilt[1]["value"] == ""  # untranslated: read in English, marked, until it is
    assert rebuilt[2]["value"] == {"text": "Thế nào", "level": "h3"}
    # A leaf still in English is exported again as missing.
    again = unit_ids(exporting.export("vi", XLIFF2, [units.working_copy(draft)], True).content)
    assert f"home.standardpage:{page.pk}:body.p1" in again


def test_quote_translation_is_imported_as_a_draft_revision(admin_user, db):
    quote = QuoteFactory(text="Cities learn from cities.", place="Lisbon (Portugal)")
    quote.save_revision().publish()

    exported = exporting.export("vi", XLIFF2, [units.working_copy(quote)])
    translated = translate_quote(exported.content)
    report = importing.import_translations(translated, user=admin_user)

    assert len(report.applied) == 2
    quote = Quote.objects.get(pk=quote.pk)
    assert quote.text_vi is None, "the live quote is unchanged until the draft is published"
    assert quote.has_unpublished_changes
    draft = quote.get_latest_revision_as_object()
    assert draft.text_vi == "Các thành phố học hỏi lẫn nhau."
    assert draft.place_vi == "Lisbon (Bồ Đào Nha)"
    assert quote.get_latest_revision().user == admin_user


def translate_quote(content):
    return content.replace(
        b"<source>Cities learn from cities.</source>",
        "<source>Cities learn from cities.</source>"
        "<target>Các thành phố học hỏi lẫn nhau.</target>".encode(),
    ).replace(
        b"<source>Lisbon (Portugal)</source>",
        "<source>Lisbon (Portugal)</source><target>Lisbon (Bồ Đào Nha)</target>".encode(),
    )
