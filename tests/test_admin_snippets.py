"""Quotes, partners and themes edited through the Wagtail snippet admin views."""

import re

import pytest

from iurc.core.models import Quote
from partners.models import Partner, Theme
from tests.factories import PartnerFactory, QuoteFactory, ThemeFactory
from tests.support import edit_snippet_data, snippet_url


def form_errors(response):
    return {
        name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()
    }


def search_listing(client, model, query):
    """The snippet listing filtered by the search box, as an editor sees it."""
    client.raise_request_exception = False
    try:
        response = client.get(snippet_url(model), {"q": query})
    finally:
        client.raise_request_exception = True
    assert response.status_code == 200, (
        f"searching the {model._meta.verbose_name} listing for {query!r} "
        f"answered HTTP {response.status_code}"
    )
    return response.content.decode()


QUOTE = {
    "text_en": "Cities learn fastest from other cities.",
    "text_vi": "Các thành phố học nhanh nhất từ các thành phố khác.",
    "speaker": "Ana Lopez",
    "role_en": "Mayor",
    "role_vi": "Thị trưởng",
    "organisation_en": "City of Lisbon",
    "organisation_vi": "Thành phố Lisbon",
    "place_en": "Lisbon (Portugal)",
    "place_vi": "Lisbon (Bồ Đào Nha)",
}


# --- Quotes --------------------------------------------------------------------------------


def test_admin_creates_quote_with_translations_as_a_draft_that_is_not_live(admin_client, home):
    response = admin_client.post(snippet_url(Quote, "add"), QUOTE)

    assert response.status_code == 302
    quote = Quote.objects.get()
    assert quote.text_en == QUOTE["text_en"]
    assert quote.text_vi == QUOTE["text_vi"]
    assert quote.speaker == "Ana Lopez"
    assert (quote.role_en, quote.role_vi) == ("Mayor", "Thị trưởng")
    assert (quote.organisation_en, quote.organisation_vi) == ("City of Lisbon", "Thành phố Lisbon")
    assert (quote.place_en, quote.place_vi) == ("Lisbon (Portugal)", "Lisbon (Bồ Đào Nha)")
    assert not quote.live
    assert quote.live_revision is None
    assert quote.latest_revision is not None
    # Readers do not see a draft quote.
    assert QUOTE["text_vi"] not in admin_client.get("/vi/").content.decode()


def test_publishing_a_draft_quote_makes_it_live_for_readers(admin_client, home):
    admin_client.post(snippet_url(Quote, "add"), QUOTE)
    quote = Quote.objects.get()

    response = admin_client.post(
        snippet_url(Quote, "edit", quote.pk),
        edit_snippet_data(admin_client, quote, {}, action="publish"),
    )

    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.live
    assert quote.live_revision is not None
    assert not quote.has_unpublished_changes
    assert QUOTE["text_vi"] in admin_client.get("/vi/").content.decode()
    assert QUOTE["text_en"] in admin_client.get("/en/").content.decode()


def test_admin_creates_and_publishes_quote_in_one_step(admin_client, db):
    response = admin_client.post(snippet_url(Quote, "add"), {**QUOTE, "action-publish": "publish"})

    assert response.status_code == 302
    quote = Quote.objects.get()
    assert quote.live
    assert quote.live_revision == quote.latest_revision
    assert quote.text_vi == QUOTE["text_vi"]


def test_saving_a_live_quote_as_draft_keeps_the_published_text_until_publish(admin_client, home):
    quote = QuoteFactory(text="Old English text.", text_vi="Văn bản cũ.")
    quote.save_revision().publish()
    live_revision = Quote.objects.get(pk=quote.pk).live_revision

    response = admin_client.post(
        snippet_url(Quote, "edit", quote.pk),
        edit_snippet_data(admin_client, quote, {"text_vi": "Văn bản mới."}),
    )

    assert response.status_code == 302
    quote = Quote.objects.get(pk=quote.pk)
    assert quote.live
    assert quote.text_vi == "Văn bản cũ."
    assert quote.live_revision == live_revision
    assert quote.has_unpublished_changes
    assert quote.latest_revision.as_object().text_vi == "Văn bản mới."
    assert "Văn bản cũ." in admin_client.get("/vi/").content.decode()

    response = admin_client.post(
        snippet_url(Quote, "edit", quote.pk),
        edit_snippet_data(admin_client, quote, {}, action="publish"),
    )

    assert response.status_code == 302
    quote = Quote.objects.get(pk=quote.pk)
    assert quote.text_vi == "Văn bản mới."
    assert quote.text_en == "Old English text."
    assert not quote.has_unpublished_changes
    assert "Văn bản mới." in admin_client.get("/vi/").content.decode()


def test_publishing_a_quote_without_english_text_is_a_form_error(admin_client, db):
    response = admin_client.post(
        snippet_url(Quote, "add"), {**QUOTE, "text_en": "", "action-publish": "publish"}
    )

    assert response.status_code == 200
    assert "text_en" in form_errors(response)
    assert not Quote.objects.exists()


def test_quote_preview_on_add_renders_the_quote_text(admin_client, db):
    preview_url = snippet_url(Quote, "preview")

    response = admin_client.post(preview_url, QUOTE)
    assert response.json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(preview_url)

    assert response.status_code == 200
    html = response.content.decode()
    assert QUOTE["text_en"] in html
    assert "Ana Lopez" in html
    assert "Mayor, City of Lisbon" in html
    assert not Quote.objects.exists()


def test_quote_preview_on_edit_renders_the_unsaved_text(admin_client, db):
    quote = QuoteFactory(text="Saved text.", speaker="Bo")
    preview_url = snippet_url(Quote, "preview", quote.pk)

    data = edit_snippet_data(admin_client, quote, {"text_en": "Unsaved new wording."})
    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    html = admin_client.get(preview_url).content.decode()

    assert "Unsaved new wording." in html
    assert "Saved text." not in html
    assert Quote.objects.get(pk=quote.pk).text_en == "Saved text."


def test_quote_listing_search_finds_quote_by_speaker_and_text(admin_client, db):
    quote = QuoteFactory(text="Bridges between cities.", speaker="Ana Lopez")
    other = QuoteFactory(text="Something else entirely.", speaker="Bo Chen")

    by_speaker = search_listing(admin_client, Quote, "Lopez")
    by_text = search_listing(admin_client, Quote, "Bridges")

    for html in (by_speaker, by_text):
        assert snippet_url(Quote, "edit", quote.pk) in html
        assert snippet_url(Quote, "edit", other.pk) not in html


# --- Partners ------------------------------------------------------------------------------

PARTNER = {
    "name_en": "Hanoi",
    "name_vi": "Hà Nội",
    "kind": "city",
    "country": "VN",
    "latitude": "21.028511",
    "longitude": "105.804817",
    "population": "8435700",
    "website": "https://hanoi.gov.vn/",
}


def test_admin_creates_partner_with_translated_name_and_country(admin_client, db):
    response = admin_client.post(
        snippet_url(Partner, "add"), {**PARTNER, "action-publish": "action-publish"}
    )

    assert response.status_code == 302
    partner = Partner.objects.get()
    assert partner.live
    assert (partner.name_en, partner.name_vi) == ("Hanoi", "Hà Nội")
    assert partner.kind == Partner.Kind.CITY
    assert partner.country_id == "VN"
    assert str(partner.latitude) == "21.028511"
    assert str(partner.longitude) == "105.804817"
    assert partner.population == 8435700


def test_admin_publishes_partner_vietnamese_name_keeping_english(admin_client, db):
    partner = PartnerFactory(name="Da Nang", country_id="VN")

    response = admin_client.post(
        snippet_url(Partner, "edit", partner.pk),
        edit_snippet_data(
            admin_client, partner, {"name_vi": "Đà Nẵng", "kind": "region"}, action="publish"
        ),
    )

    assert response.status_code == 302
    partner = Partner.objects.get(pk=partner.pk)
    assert partner.name_vi == "Đà Nẵng"
    assert partner.name_en == "Da Nang"
    assert partner.kind == Partner.Kind.REGION
    assert partner.country_id == "VN"


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", "123"), ("latitude", "-90.5"), ("longitude", "180.5"), ("longitude", "-200")],
)
def test_partner_coordinates_out_of_range_are_a_form_error(admin_client, db, field, value):
    response = admin_client.post(snippet_url(Partner, "add"), {**PARTNER, field: value})

    assert response.status_code == 200
    assert list(form_errors(response)) == [field]
    assert not Partner.objects.exists()


def test_partner_editor_offers_a_map_to_pick_the_location_on_that_needs_no_other_host(
    admin_client, db
):
    partner = PartnerFactory(name="Da Nang", country_id="VN", latitude="16.0544", longitude="108.2")

    response = admin_client.get(snippet_url(Partner, "edit", partner.pk))
    html = response.content.decode()

    # The plain fields, as before, whatever the script does.
    assert 'name="latitude" value="16.054400"' in html
    assert 'name="longitude" value="108.200000"' in html
    # The map names the fields it fills and stays hidden until its script has drawn it.
    picker = re.search(r"<div class=\"point-picker\"[^>]*>", html).group()
    assert 'data-latitude-input="id_latitude"' in picker
    assert 'data-longitude-input="id_longitude"' in picker
    assert picker.endswith(" hidden>")
    assert 'data-outline="/static/vendor/world-atlas/countries-110m.json"' in html
    for script in (
        "vendor/leaflet/leaflet.js",
        "vendor/topojson-client/topojson-client.min.js",
        "js/map-background.js",
        "partners/point-picker.js",
    ):
        assert f'<script src="/static/{script}"></script>' in html
    # Nothing is loaded from elsewhere: no tile server is set.
    assert "data-tiles" not in html
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert policy["img-src"] == "'self' data: blob:"


def test_partner_with_unknown_country_is_a_form_error(admin_client, db):
    response = admin_client.post(snippet_url(Partner, "add"), {**PARTNER, "country": "XX"})

    assert response.status_code == 200
    assert list(form_errors(response)) == ["country"]
    assert not Partner.objects.exists()


def test_partner_listing_search_finds_partner_by_english_name(admin_client, db):
    da_nang = PartnerFactory(name="Da Nang", name_vi="Đà Nẵng", country_id="VN")
    lisbon = PartnerFactory(name="Lisbon", country_id="PT")

    html = search_listing(admin_client, Partner, "Nang")

    assert snippet_url(Partner, "edit", da_nang.pk) in html
    assert snippet_url(Partner, "edit", lisbon.pk) not in html


def test_partner_listing_search_finds_partner_by_vietnamese_name(admin_client, db):
    da_nang = PartnerFactory(name="Da Nang", name_vi="Đà Nẵng", country_id="VN")
    lisbon = PartnerFactory(name="Lisbon", country_id="PT")

    html = search_listing(admin_client, Partner, "Đà Nẵng")

    assert snippet_url(Partner, "edit", da_nang.pk) in html, "no partner found by name_vi"
    assert snippet_url(Partner, "edit", lisbon.pk) not in html


# --- Themes --------------------------------------------------------------------------------


def test_admin_creates_and_edits_theme_with_translations(admin_client, db):
    response = admin_client.post(
        snippet_url(Theme, "add"),
        {
            "name_en": "Urban mobility",
            "name_vi": "Giao thông đô thị",
            "description_en": "Moving around cities.",
            "description_vi": "Đi lại trong thành phố.",
            "action-publish": "action-publish",
        },
    )

    assert response.status_code == 302
    theme = Theme.objects.get()
    assert (theme.name_en, theme.name_vi) == ("Urban mobility", "Giao thông đô thị")
    assert theme.description_vi == "Đi lại trong thành phố."

    response = admin_client.post(
        snippet_url(Theme, "edit", theme.pk),
        edit_snippet_data(admin_client, theme, {"name_vi": "Di chuyển đô thị"}, action="publish"),
    )

    assert response.status_code == 302
    theme = Theme.objects.get(pk=theme.pk)
    assert theme.name_vi == "Di chuyển đô thị"
    assert theme.name_en == "Urban mobility"
    assert theme.description_vi == "Đi lại trong thành phố."


def test_theme_listing_search_finds_theme_by_english_name(admin_client, db):
    mobility = ThemeFactory(name="Urban mobility", name_vi="Giao thông đô thị")
    climate = ThemeFactory(name="Climate adaptation")

    html = search_listing(admin_client, Theme, "mobility")

    assert snippet_url(Theme, "edit", mobility.pk) in html
    assert snippet_url(Theme, "edit", climate.pk) not in html


def test_theme_listing_search_finds_theme_by_vietnamese_name(admin_client, db):
    mobility = ThemeFactory(name="Urban mobility", name_vi="Giao thông đô thị")
    climate = ThemeFactory(name="Climate adaptation")

    html = search_listing(admin_client, Theme, "Giao thông")

    assert snippet_url(Theme, "edit", mobility.pk) in html, "no theme found by name_vi"
    assert snippet_url(Theme, "edit", climate.pk) not in html
