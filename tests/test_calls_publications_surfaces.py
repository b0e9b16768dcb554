"""Calls and publications take part in what every page type does: site search in the reader's
language, the sitemap, the translators' dashboard and the XLIFF/PO exchange, the admin."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import translation
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from iurc.calls.models import CallIndexPage, CallPage
from iurc.home.models import HomePage
from iurc.publications.models import PublicationIndexPage, PublicationPage
from iurc.translations import status
from iurc.translations.exchange import exporting, importing, units
from iurc.translations.exchange.formats import PO, XLIFF2
from tests import support
from tests.built_once import site_fixture
from tests.factories_calls import CallIndexPageFactory, CallPageFactory
from tests.factories_publications import (
    PublicationIndexPageFactory,
    PublicationPageFactory,
    pdf_document,
)
from tests.support import logged_in, publish_latest, translate_po, translate_xliff
from tests.test_calls import OPEN

VIETNAMESE = {
    "Call for cities to join": "Kêu gọi các thành phố tham gia",
    "call-for-cities-to-join": "keu-goi-cac-thanh-pho-tham-gia",
    "Cities may apply to be paired.": "Các thành phố có thể đăng ký kết nối.",
    "Local and regional governments.": "Chính quyền địa phương và khu vực.",
    "Fill in the form.": "Điền vào mẫu đơn.",
    "Cities in numbers": "Các thành phố qua những con số",
    "cities-in-numbers": "cac-thanh-pho-qua-nhung-con-so",
    "A factsheet of the programme.": "Tờ thông tin về chương trình.",
    "What the pairs did.": "Những gì các cặp thành phố đã làm.",
}


@site_fixture
def content(home):
    calls = CallIndexPageFactory(parent=home)
    library = PublicationIndexPageFactory(parent=home)
    with translation.override("en"):
        call = CallPageFactory(
            parent=calls,
            title="Call for cities to join",
            slug="call-for-cities-to-join",
            summary="Cities may apply to be paired.",
            eligibility='<p data-block-key="a1">Local and regional governments.</p>',
            how_to_apply='<p data-block-key="b1">Fill in the form.</p>',
            closes_on=datetime.date(2099, 1, 31),
        )
        factsheet = PublicationPageFactory(
            parent=library,
            title="Cities in numbers",
            slug="cities-in-numbers",
            publication_type="factsheet",
            summary="A factsheet of the programme.",
            description='<p data-block-key="c1">What the pairs did.</p>',
        )
    return SimpleNamespace(calls=calls, library=library, call=call, factsheet=factsheet)


@pytest.fixture
def vietnamese(monkeypatch):
    for english, text in VIETNAMESE.items():
        monkeypatch.setitem(support.VIETNAMESE, english, text)


def test_both_types_can_be_created_where_they_belong():
    assert CallIndexPage in HomePage.allowed_subpage_models()
    assert PublicationIndexPage in HomePage.allowed_subpage_models()
    assert CallIndexPage.allowed_subpage_models() == [CallPage]
    assert PublicationIndexPage.allowed_subpage_models() == [PublicationPage]


@pytest.mark.parametrize("model", ["callpage", "publicationpage"])
def test_staff_open_the_admin_form_of_each_type(admin_user, content, model):
    parent = content.calls if model == "callpage" else content.library
    app = "calls" if model == "callpage" else "publications"

    response = logged_in(admin_user).get(f"/admin/pages/add/{app}/{model}/{parent.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "eligibility_vi" in html if model == "callpage" else "documents-FORMS" in html


def test_search_finds_calls_and_publications_in_the_readers_language(client, content):
    call = CallPage.objects.get(pk=content.call.pk)
    call.title_vi = "Kêu gọi các thành phố tham gia"
    call.save_revision().publish()

    by_eligibility = client.get("/en/search/", {"q": "regional governments"}).content.decode()
    without_diacritics = client.get("/vi/search/", {"q": "keu goi thanh pho"}).content.decode()
    factsheet = client.get("/vi/search/", {"q": "cities in numbers"}).content.decode()

    assert "Call for cities to join" in by_eligibility
    assert "Kêu gọi các thành phố tham gia" in without_diacritics
    assert "Cities in numbers" in factsheet


def test_the_sitemap_lists_both_in_every_language(client, content):
    xml = client.get("/sitemap.xml").content.decode()

    assert "/en/calls/call-for-cities-to-join/" in xml
    assert "/vi/keu-goi-ung-tuyen/call-for-cities-to-join/" in xml
    assert "/en/publications/cities-in-numbers/" in xml
    assert "/vi/an-pham/cities-in-numbers/" in xml


def test_translators_see_both_as_missing_in_vietnamese(admin_user, content):
    rows = (
        logged_in(admin_user)
        .get("/admin/translations/", {"language": "vi", "state": "missing"})
        .context["rows"]
    )
    missing = {row["label"]: row["missing"] for row in rows}

    assert status.is_tracked(CallPage) and status.is_tracked(PublicationPage)
    assert {"Title", "Summary", "Who can apply", "How to apply"} <= set(
        missing["Call for cities to join"]
    )
    assert {"Title", "Summary", "Description"} <= set(missing["Cities in numbers"])


def test_a_call_is_translated_through_xliff(client, admin_user, content, vietnamese):
    page = CallPage.objects.get(pk=content.call.pk)
    exported = exporting.export("vi", XLIFF2, objects=[units.working_copy(page)])

    report = importing.import_translations(translate_xliff(exported.content), user=admin_user)

    assert report.rejected == []
    publish_latest(page)
    html = client.get("/vi/keu-goi-ung-tuyen/keu-goi-cac-thanh-pho-tham-gia/").content.decode()
    assert "Kêu gọi các thành phố tham gia" in html
    assert "Chính quyền địa phương và khu vực." in html
    assert "Điền vào mẫu đơn." in html


def test_a_publication_is_translated_through_po(client, admin_user, content, vietnamese):
    page = PublicationPage.objects.get(pk=content.factsheet.pk)
    exported = exporting.export("vi", PO, [units.working_copy(page)])

    report = importing.import_translations(translate_po(exported.content), user=admin_user)

    assert report.rejected == []
    publish_latest(page)
    html = client.get("/vi/an-pham/cac-thanh-pho-qua-nhung-con-so/").content.decode()
    assert "Tờ thông tin về chương trình." in html
    assert "Những gì các cặp thành phố đã làm." in html


def test_restricted_calls_and_publications_leave_every_public_surface(client, content):
    with time_machine.travel(OPEN, tick=False):
        assert 'id="apply-now-heading"' in client.get("/en/").content.decode()
    PageViewRestriction.objects.create(page=content.calls, restriction_type="login")
    PageViewRestriction.objects.create(page=content.factsheet, restriction_type="login")

    with time_machine.travel(OPEN, tick=False):
        home = client.get("/en/").content.decode()
    library = client.get("/en/publications/")
    sitemap = client.get("/sitemap.xml").content.decode()
    found = client.get("/en/search/", {"q": "regional governments"}).content.decode()

    assert 'id="apply-now-heading"' not in home
    assert client.get("/en/calls/").status_code == 302  # to the sign-in page
    assert list(library.context["publications"]) == []
    assert "/calls/" not in sitemap
    assert "cities-in-numbers" not in sitemap
    assert "Call for cities to join" not in found


def test_staff_cannot_give_a_publication_two_files_in_one_language(admin_user, content):
    one, two = pdf_document("One", "one.pdf"), pdf_document("Two", "two.pdf")
    data = nested_form_data(
        {
            "title_en": "Factsheet",
            "slug_en": "factsheet",
            "publication_type": "factsheet",
            "year": "2024",
            "documents": inline_formset(
                [{"language": "vi", "document": one.pk}, {"language": "vi", "document": two.pk}]
            ),
        }
    )

    response = logged_in(admin_user).post(
        f"/admin/pages/add/publications/publicationpage/{content.library.pk}/", data
    )

    assert response.status_code == 200
    assert "duplicate data for page and language" in response.content.decode()
    assert not PublicationPage.objects.filter(slug_en="factsheet").exists()
