"""Creating and editing every page type through the real Wagtail admin views.

The admin form has one field per language for each translated field (``title_en``,
``title_vi``, ``slug_ind`` …). Posts are built as a browser sends them: the inputs the edit
view renders, plus the StreamField and comment data its JavaScript adds.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    rich_text,
    streamfield,
)
from wagtail.users.models import UserProfile

from iurc.home.models import HomePage, StandardPage
from iurc.phases.models import ProgrammePhaseIndexPage, ProgrammePhasePage
from iurc.translations.groups import PROGRAMME_STAFF
from partners.models import AgreementIndexPage, AgreementPage
from regions.models import RegionIndexPage, RegionPage
from tests.factories import (
    AgreementIndexPageFactory,
    PartnerFactory,
    ProgrammePhaseIndexPageFactory,
    ProgrammePhasePageFactory,
    QuoteFactory,
    RegionIndexPageFactory,
    RegionPageFactory,
    StandardPageFactory,
    ThemeFactory,
    stream,
)
from tests.support import (
    add_url,
    assert_permission_denied,
    edit_form_data,
    edit_url,
    form_errors,
    page_form_data,
    paragraph,
)


def raw_page_columns(page_id, *columns):
    """Column values as stored, without modeltranslation rewriting ``title`` to the active
    language."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM wagtailcore_page WHERE id = %s",  # noqa: S608
            [page_id],
        )
        return cursor.fetchone()


# --- Fixtures ------------------------------------------------------------------------------


@pytest.fixture
def empty_root(db):
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    return root


@pytest.fixture
def indexes(home):
    """The three index pages under home, for the pages that live under them."""
    return {
        "phases": ProgrammePhaseIndexPageFactory(parent=home),
        "regions": RegionIndexPageFactory(parent=home),
        "agreements": AgreementIndexPageFactory(parent=home),
    }


@pytest.fixture
def standard_page(home):
    """A published page with English and Vietnamese title, slug and body."""
    page = StandardPageFactory(
        parent=home,
        title="Funding",
        slug="funding",
        title_vi="Tài trợ",
        slug_vi="tai-tro",
        body_en=stream(("paragraph", "<p>The EU funds the programme.</p>")),
        body_vi=stream(("paragraph", "<p>EU tài trợ chương trình.</p>")),
    )
    return page


# --- Home page -----------------------------------------------------------------------------


def test_admin_creates_and_publishes_home_page_under_root_with_vietnamese_fields(
    admin_client, empty_root
):
    response = admin_client.post(
        add_url(HomePage, empty_root),
        page_form_data(
            HomePage,
            {
                "title_en": "International Urban and Regional Cooperation",
                "slug_en": "home",
                "title_vi": "Hợp tác Đô thị và Khu vực Quốc tế",
                "slug_vi": "trang-chu",
                "intro_en": rich_text("<p>Cities working together.</p>"),
                "intro_vi": rich_text("<p>Các thành phố hợp tác.</p>"),
                "body_en": streamfield([paragraph("<p>Welcome.</p>")]),
                "body_vi": streamfield([paragraph("<p>Chào mừng.</p>")]),
            },
            action="publish",
        ),
    )

    assert response.status_code == 302
    home = HomePage.objects.get()
    assert home.get_parent().pk == empty_root.pk
    assert home.title_en == "International Urban and Regional Cooperation"
    assert home.title_vi == "Hợp tác Đô thị và Khu vực Quốc tế"
    assert home.slug_en == "home"
    assert home.slug_vi == "trang-chu"
    assert "Các thành phố hợp tác." in home.intro_vi
    assert "Chào mừng." in home.body_vi[0].value.source
    assert "Welcome." in home.body_en[0].value.source
    assert home.live
    assert home.live_revision is not None


def test_admin_edits_home_page_vietnamese_title_and_body(admin_client, home):
    response = admin_client.post(
        edit_url(home),
        edit_form_data(
            admin_client,
            home,
            {
                "title_vi": "Hợp tác Quốc tế về Đô thị",
                "body_vi": streamfield([paragraph("<p>Nội dung mới.</p>")]),
            },
            action="publish",
        ),
    )

    assert response.status_code == 302
    home = HomePage.objects.get(pk=home.pk)
    assert home.title_vi == "Hợp tác Quốc tế về Đô thị"
    assert home.title_en == "International Urban and Regional Cooperation"
    assert "Nội dung mới." in home.body_vi[0].value.source
    assert home.live
    assert not home.has_unpublished_changes


def test_admin_refuses_a_second_home_page(admin_client, home):
    root = Page.get_first_root_node()
    data = page_form_data(
        HomePage, {"title_en": "Another home", "slug_en": "another-home"}, action="publish"
    )

    assert_permission_denied(admin_client.get(add_url(HomePage, root)))
    response = admin_client.post(add_url(HomePage, root), data)

    assert_permission_denied(response)
    assert HomePage.objects.count() == 1


# --- Standard pages ------------------------------------------------------------------------


def test_admin_creates_and_publishes_standard_page_under_home_with_vietnamese_fields(
    admin_client, home
):
    response = admin_client.post(
        add_url(StandardPage, home),
        page_form_data(
            StandardPage,
            {
                "title_en": "Contact",
                "slug_en": "contact",
                "title_vi": "Liên hệ",
                "slug_vi": "lien-he",
                "intro_vi": rich_text("<p>Hãy viết cho chúng tôi.</p>"),
                "body_en": streamfield(
                    [
                        ("heading", {"text": "Write to us", "level": "h2"}),
                        paragraph("<p>By email.</p>"),
                    ]
                ),
                "body_vi": streamfield([paragraph("<p>Qua thư điện tử.</p>")]),
            },
            action="publish",
        ),
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(slug_en="contact")
    assert page.get_parent().pk == home.pk
    assert page.title_vi == "Liên hệ"
    assert page.slug_vi == "lien-he"
    assert page.url_path_vi.endswith("/lien-he/")
    assert "Hãy viết cho chúng tôi." in page.intro_vi
    assert [child.block_type for child in page.body_en] == ["heading", "paragraph"]
    assert page.body_en[0].value["text"] == "Write to us"
    # The Vietnamese text sits in English's blocks: the heading is not translated yet.
    assert [block["type"] for block in page.body_vi.raw_data] == ["heading", "paragraph"]
    assert page.body_vi.raw_data[0]["value"]["text"] == ""
    assert "Qua thư điện tử." in page.body_vi.raw_data[1]["value"]
    assert page.live


def test_admin_saves_new_standard_page_as_draft_without_publish_action(admin_client, home):
    response = admin_client.post(
        add_url(StandardPage, home),
        page_form_data(StandardPage, {"title_en": "Draft", "slug_en": "draft", "title_vi": "Nháp"}),
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(slug_en="draft")
    assert page.title_vi == "Nháp"
    assert not page.live


def test_admin_edits_standard_page_vietnamese_fields(admin_client, standard_page):
    response = admin_client.post(
        edit_url(standard_page),
        edit_form_data(
            admin_client,
            standard_page,
            {
                "title_vi": "Nguồn tài trợ",
                "slug_vi": "nguon-tai-tro",
                "body_vi": streamfield([paragraph("<p>Liên minh châu Âu tài trợ.</p>")]),
            },
            action="publish",
        ),
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(pk=standard_page.pk)
    assert page.title_vi == "Nguồn tài trợ"
    assert page.slug_vi == "nguon-tai-tro"
    assert page.url_path_vi.endswith("/nguon-tai-tro/")
    assert "Liên minh châu Âu tài trợ." in page.body_vi[0].value.source
    assert page.title_en == "Funding"
    assert page.slug_en == "funding"
    assert "The EU funds the programme." in page.body_en[0].value.source
    assert page.live
    assert not page.has_unpublished_changes


def test_admin_edit_without_publish_keeps_live_vietnamese_title(admin_client, standard_page):
    response = admin_client.post(
        edit_url(standard_page),
        edit_form_data(admin_client, standard_page, {"title_vi": "Bản nháp"}),
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(pk=standard_page.pk)
    assert page.title_vi == "Tài trợ"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title_vi == "Bản nháp"


# --- Per-language slug clashes -------------------------------------------------------------


def test_vietnamese_slug_clash_with_a_sibling_is_a_form_error_on_slug_vi(
    admin_client, standard_page
):
    response = admin_client.post(
        add_url(StandardPage, standard_page.get_parent()),
        page_form_data(
            StandardPage,
            {
                "title_en": "Grants",
                "slug_en": "grants",
                "title_vi": "Khoản tài trợ",
                "slug_vi": "tai-tro",
            },
            action="publish",
        ),
    )

    assert response.status_code == 200
    errors = form_errors(response)
    assert list(errors) == ["slug_vi"]
    assert "This slug is already in use" in response.content.decode()
    assert not StandardPage.objects.filter(slug_en="grants").exists()


def test_vietnamese_slug_clash_with_a_siblings_english_fallback_is_a_form_error(admin_client, home):
    # The sibling has no Vietnamese slug: /vi/contact/ is already its address.
    StandardPageFactory(parent=home, title="Contact", slug="contact")

    response = admin_client.post(
        add_url(StandardPage, home),
        page_form_data(
            StandardPage,
            {"title_en": "Contacts", "slug_en": "contacts", "slug_vi": "contact"},
            action="publish",
        ),
    )

    assert response.status_code == 200
    assert "slug_vi" in form_errors(response)
    assert not StandardPage.objects.filter(slug_en="contacts").exists()


def test_editing_a_page_to_a_siblings_vietnamese_slug_is_a_form_error(admin_client, standard_page):
    other = StandardPageFactory(
        parent=standard_page.get_parent(), title="Contact", slug="contact", slug_vi="lien-he"
    )

    response = admin_client.post(
        edit_url(other),
        edit_form_data(admin_client, other, {"slug_vi": "tai-tro"}, action="publish"),
    )

    assert response.status_code == 200
    assert "slug_vi" in form_errors(response)
    assert StandardPage.objects.get(pk=other.pk).slug_vi == "lien-he"


# --- Programme phases ----------------------------------------------------------------------


def test_admin_creates_programme_phase_index_under_home(admin_client, home):
    response = admin_client.post(
        add_url(ProgrammePhaseIndexPage, home),
        page_form_data(
            ProgrammePhaseIndexPage,
            {
                "title_en": "Programme phases",
                "slug_en": "programme",
                "title_vi": "Các giai đoạn của chương trình",
                "slug_vi": "chuong-trinh",
                "intro_vi": rich_text("<p>Hai giai đoạn.</p>"),
            },
            action="publish",
        ),
    )

    assert response.status_code == 302
    index = ProgrammePhaseIndexPage.objects.get()
    assert index.get_parent().pk == home.pk
    assert index.title_vi == "Các giai đoạn của chương trình"
    assert index.slug_vi == "chuong-trinh"
    assert "Hai giai đoạn." in index.intro_vi
    assert index.live


def test_admin_creates_and_edits_programme_phase_page(admin_client, indexes):
    region = RegionPageFactory(parent=indexes["regions"], title="Latin America")

    response = admin_client.post(
        add_url(ProgrammePhasePage, indexes["phases"]),
        page_form_data(
            ProgrammePhasePage,
            {
                "title_en": "International Urban and Regional Cooperation",
                "slug_en": "iurc",
                "title_vi": "Hợp tác Đô thị và Khu vực Quốc tế",
                "slug_vi": "iurc-vi",
                "acronym": "IURC",
                "status": "current",
                "start_year": "2021",
                "end_year": "2027",
                "website": "https://iurc.eu/",
                "regions": [str(region.pk)],
                "summary_en": "The second phase.",
                "summary_vi": "Giai đoạn thứ hai.",
                "body_vi": streamfield([paragraph("<p>Giai đoạn hiện tại.</p>")]),
            },
            action="publish",
        ),
    )

    assert response.status_code == 302
    phase = ProgrammePhasePage.objects.get(acronym="IURC")
    assert phase.get_parent().pk == indexes["phases"].pk
    assert phase.title_vi == "Hợp tác Đô thị và Khu vực Quốc tế"
    assert phase.slug_vi == "iurc-vi"
    assert phase.summary_vi == "Giai đoạn thứ hai."
    assert (phase.start_year, phase.end_year) == (2021, 2027)
    assert list(phase.regions.all()) == [region]
    assert phase.live

    response = admin_client.post(
        edit_url(phase),
        edit_form_data(
            admin_client,
            phase,
            {"summary_vi": "Giai đoạn hiện tại của chương trình.", "title_vi": "IURC"},
            action="publish",
        ),
    )

    assert response.status_code == 302
    phase = ProgrammePhasePage.objects.get(pk=phase.pk)
    assert phase.summary_vi == "Giai đoạn hiện tại của chương trình."
    assert phase.title_vi == "IURC"
    assert phase.summary_en == "The second phase."
    assert list(phase.regions.all()) == [region]
    assert "Giai đoạn hiện tại." in phase.body_vi[0].value.source


def test_programme_phase_ending_before_it_starts_is_a_form_error(admin_client, indexes):
    response = admin_client.post(
        add_url(ProgrammePhasePage, indexes["phases"]),
        page_form_data(
            ProgrammePhasePage,
            {
                "title_en": "Backwards",
                "slug_en": "backwards",
                "acronym": "BW",
                "status": "upcoming",
                "start_year": "2030",
                "end_year": "2020",
            },
            action="publish",
        ),
    )

    assert response.status_code == 200
    assert "end_year" in form_errors(response)
    assert not ProgrammePhasePage.objects.filter(acronym="BW").exists()


# --- Regions -------------------------------------------------------------------------------


def test_admin_creates_region_index_under_home(admin_client, home):
    response = admin_client.post(
        add_url(RegionIndexPage, home),
        page_form_data(
            RegionIndexPage,
            {
                "title_en": "Regions",
                "slug_en": "regions",
                "title_vi": "Các khu vực",
                "slug_vi": "khu-vuc",
            },
            action="publish",
        ),
    )

    assert response.status_code == 302
    index = RegionIndexPage.objects.get()
    assert index.get_parent().pk == home.pk
    assert (index.title_vi, index.slug_vi) == ("Các khu vực", "khu-vuc")
    assert index.live


def test_admin_creates_and_edits_region_page(admin_client, indexes):
    quote = QuoteFactory()

    response = admin_client.post(
        add_url(RegionPage, indexes["regions"]),
        page_form_data(
            RegionPage,
            {
                "title_en": "Asia & Australasia",
                "slug_en": "asia-australasia",
                "title_vi": "Châu Á và Châu Úc",
                "slug_vi": "chau-a-va-chau-uc",
                "intro_en": "Partnerships in Asia.",
                "intro_vi": "Quan hệ đối tác ở châu Á.",
                "countries": ["VN", "JP"],
                "quotes": [str(quote.pk)],
                "external_page": "https://iurc.eu/asia/",
            },
            action="publish",
        ),
    )

    assert response.status_code == 302
    region = RegionPage.objects.get(slug_en="asia-australasia")
    assert region.get_parent().pk == indexes["regions"].pk
    assert region.title_vi == "Châu Á và Châu Úc"
    assert region.slug_vi == "chau-a-va-chau-uc"
    assert region.intro_vi == "Quan hệ đối tác ở châu Á."
    assert sorted(region.countries.values_list("code", flat=True)) == ["JP", "VN"]
    assert list(region.quotes.all()) == [quote]
    assert region.live

    response = admin_client.post(
        edit_url(region),
        edit_form_data(
            admin_client,
            region,
            {"intro_vi": "Hợp tác với các thành phố châu Á.", "countries": ["VN", "JP", "IN"]},
            action="publish",
        ),
    )

    assert response.status_code == 302
    region = RegionPage.objects.get(pk=region.pk)
    assert region.intro_vi == "Hợp tác với các thành phố châu Á."
    assert region.intro_en == "Partnerships in Asia."
    assert region.title_vi == "Châu Á và Châu Úc"
    assert sorted(region.countries.values_list("code", flat=True)) == ["IN", "JP", "VN"]


# --- Agreements ----------------------------------------------------------------------------


def agreement_fields(eu, partners, **fields):
    return {
        "title_en": "Lisbon – Hanoi",
        "slug_en": "lisbon-hanoi",
        "title_vi": "Lisbon – Hà Nội",
        "slug_vi": "lisbon-ha-noi",
        "kind": "city",
        "status": "active",
        "start_year": "2021",
        "eu_members": inline_formset([{"partner": str(p.pk)} for p in eu], min=1),
        "partner_members": inline_formset([{"partner": str(p.pk)} for p in partners], min=1),
        **fields,
    }


def test_admin_creates_agreement_index_under_home(admin_client, home):
    response = admin_client.post(
        add_url(AgreementIndexPage, home),
        page_form_data(
            AgreementIndexPage,
            {
                "title_en": "Agreements",
                "slug_en": "agreements",
                "title_vi": "Các thỏa thuận",
                "slug_vi": "thoa-thuan",
                "intro_vi": rich_text("<p>Các thành phố kết nghĩa.</p>"),
            },
            action="publish",
        ),
    )

    assert response.status_code == 302
    index = AgreementIndexPage.objects.get()
    assert index.get_parent().pk == home.pk
    assert (index.title_vi, index.slug_vi) == ("Các thỏa thuận", "thoa-thuan")
    assert "Các thành phố kết nghĩa." in index.intro_vi
    assert index.live


def test_admin_creates_and_edits_agreement_with_both_sides_members(admin_client, indexes):
    lisbon = PartnerFactory(name="Lisbon", country_id="PT")
    porto = PartnerFactory(name="Porto", country_id="PT")
    hanoi = PartnerFactory(name="Hanoi", name_vi="Hà Nội", country_id="VN")
    theme = ThemeFactory(name="Urban mobility")
    phase = ProgrammePhasePageFactory(
        parent=indexes["phases"], status=ProgrammePhasePage.Status.CURRENT
    )
    region = RegionPageFactory(parent=indexes["regions"])

    response = admin_client.post(
        add_url(AgreementPage, indexes["agreements"]),
        page_form_data(
            AgreementPage,
            agreement_fields(
                [lisbon],
                [hanoi],
                programme_phase=str(phase.pk),
                region=str(region.pk),
                themes=[str(theme.pk)],
                summary_en="Two capitals on mobility.",
                summary_vi="Hai thủ đô về giao thông.",
            ),
            action="publish",
        ),
    )

    assert response.status_code == 302
    agreement = AgreementPage.objects.get(slug_en="lisbon-hanoi")
    assert agreement.get_parent().pk == indexes["agreements"].pk
    assert agreement.title_vi == "Lisbon – Hà Nội"
    assert agreement.slug_vi == "lisbon-ha-noi"
    assert agreement.summary_vi == "Hai thủ đô về giao thông."
    assert agreement.eu_partners() == [lisbon]
    assert agreement.partner_partners() == [hanoi]
    assert agreement.programme_phase_id == phase.pk
    assert agreement.region_id == region.pk
    assert list(agreement.themes.all()) == [theme]
    assert agreement.live

    # Add Porto to the EU side and translate the summary again.
    data = edit_form_data(
        admin_client,
        agreement,
        {"summary_vi": "Hai thành phố về giao thông đô thị."},
        action="publish",
    )
    data.update(
        {
            "eu_members-TOTAL_FORMS": "2",
            "eu_members-1-partner": str(porto.pk),
            "eu_members-1-ORDER": "2",
            "eu_members-1-DELETE": "",
            "eu_members-1-id": "",
        }
    )
    response = admin_client.post(edit_url(agreement), data)

    assert response.status_code == 302
    agreement = AgreementPage.objects.get(pk=agreement.pk)
    assert agreement.summary_vi == "Hai thành phố về giao thông đô thị."
    assert agreement.summary_en == "Two capitals on mobility."
    assert agreement.eu_partners() == [lisbon, porto]
    assert agreement.partner_partners() == [hanoi]


def test_agreement_without_an_eu_side_member_is_a_form_error(admin_client, indexes):
    hanoi = PartnerFactory(name="Hanoi", country_id="VN")

    response = admin_client.post(
        add_url(AgreementPage, indexes["agreements"]),
        page_form_data(AgreementPage, agreement_fields([], [hanoi]), action="publish"),
    )

    assert response.status_code == 200
    assert "eu_members" in form_errors(response)
    assert not AgreementPage.objects.exists()


def test_trio_agreement_with_two_partners_is_rejected_with_a_form_error(admin_client, indexes):
    lisbon = PartnerFactory(name="Lisbon", country_id="PT")
    hanoi = PartnerFactory(name="Hanoi", country_id="VN")

    response = admin_client.post(
        add_url(AgreementPage, indexes["agreements"]),
        page_form_data(
            AgreementPage, agreement_fields([lisbon], [hanoi], kind="trio"), action="publish"
        ),
    )

    assert response.status_code == 200
    assert form_errors(response) == {"kind": ["A trio has three partners in all, on both sides."]}
    assert "A trio has three partners in all, on both sides." in response.content.decode()
    assert not AgreementPage.objects.exists()


def test_trio_agreement_with_three_partners_is_saved(admin_client, indexes):
    lisbon = PartnerFactory(name="Lisbon", country_id="PT")
    porto = PartnerFactory(name="Porto", country_id="PT")
    hanoi = PartnerFactory(name="Hanoi", country_id="VN")

    response = admin_client.post(
        add_url(AgreementPage, indexes["agreements"]),
        page_form_data(
            AgreementPage, agreement_fields([lisbon, porto], [hanoi], kind="trio"), action="publish"
        ),
    )

    assert response.status_code == 302
    agreement = AgreementPage.objects.get()
    assert agreement.kind == AgreementPage.Kind.TRIO
    assert agreement.eu_partners() == [lisbon, porto]
    assert agreement.live


# --- Where pages may be created ------------------------------------------------------------


def test_agreement_cannot_be_created_directly_under_home(admin_client, home):
    lisbon = PartnerFactory(name="Lisbon", country_id="PT")
    hanoi = PartnerFactory(name="Hanoi", country_id="VN")

    assert_permission_denied(admin_client.get(add_url(AgreementPage, home)))
    response = admin_client.post(
        add_url(AgreementPage, home),
        page_form_data(AgreementPage, agreement_fields([lisbon], [hanoi]), action="publish"),
    )

    assert_permission_denied(response)
    assert not AgreementPage.objects.exists()


def test_home_add_subpage_view_offers_only_the_allowed_page_types(admin_client, home):
    response = admin_client.get(f"/admin/pages/{home.pk}/add_subpage/")

    assert response.status_code == 200
    offered = {(app, model) for _name, app, model, _description in response.context["page_types"]}
    assert offered == {
        ("home", "standardpage"),
        ("phases", "programmephaseindexpage"),
        ("regions", "regionindexpage"),
        ("partners", "agreementindexpage"),
        ("news", "newsindexpage"),
        ("events", "eventindexpage"),
        ("calls", "callindexpage"),
        ("publications", "publicationindexpage"),
    }
    html = response.content.decode()
    assert add_url(StandardPage, home) in html
    assert add_url(AgreementPage, home) not in html


def test_standard_page_cannot_be_created_under_an_agreement_index(admin_client, indexes):
    response = admin_client.post(
        add_url(StandardPage, indexes["agreements"]),
        page_form_data(StandardPage, {"title_en": "Stray", "slug_en": "stray"}, action="publish"),
    )

    assert_permission_denied(response)
    assert not StandardPage.objects.filter(slug_en="stray").exists()


def test_second_agreement_index_cannot_be_created(admin_client, indexes, home):
    response = admin_client.post(
        add_url(AgreementIndexPage, home),
        page_form_data(
            AgreementIndexPage, {"title_en": "More agreements", "slug_en": "more"}, action="publish"
        ),
    )

    assert_permission_denied(response)
    assert AgreementIndexPage.objects.count() == 1


# --- An admin used in Vietnamese -----------------------------------------------------------


def use_admin_in(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def test_vietnamese_admin_editing_title_vi_keeps_english_title_and_explorer_listing(
    client, admin_client, admin_user, django_user_model, standard_page
):
    use_admin_in(admin_user, "vi")
    html = admin_client.get(edit_url(standard_page)).content.decode()
    assert '<html lang="vi"' in html

    response = admin_client.post(
        edit_url(standard_page),
        edit_form_data(
            admin_client, standard_page, {"title_vi": "Nguồn tài trợ"}, action="publish"
        ),
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(pk=standard_page.pk)
    assert page.title_vi == "Nguồn tài trợ"
    assert page.title_en == "Funding"
    assert page.slug_en == "funding"
    assert page.url_path_en.endswith("/funding/")
    assert raw_page_columns(page.pk, "title", "draft_title", "slug") == (
        "Funding",
        "Funding",
        "funding",
    )
    assert "The EU funds the programme." in page.body_en[0].value.source
    assert page.live_revision.as_object().title_en == "Funding"

    # Another editor, using the admin in English, lists the pages under home.
    english_editor = django_user_model.objects.create_user("editor", password="x")
    english_editor.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    client.force_login(english_editor)
    listing = client.get(f"/admin/pages/{page.get_parent().pk}/")
    assert listing.status_code == 200
    listing_html = listing.content.decode()
    assert '<html lang="en"' in listing_html
    assert "Funding" in listing_html
    assert "Nguồn tài trợ" not in listing_html
    # And readers of the English site still see the English title.
    public = client.get("/en/funding/").content.decode()
    assert "Funding" in public
    assert "Nguồn tài trợ" not in public


def test_vietnamese_admin_creating_a_page_stores_english_in_the_base_columns(
    admin_client, admin_user, home
):
    use_admin_in(admin_user, "vi")

    response = admin_client.post(
        add_url(StandardPage, home),
        page_form_data(
            StandardPage,
            {
                "title_en": "Events",
                "slug_en": "events",
                "title_vi": "Sự kiện",
                "slug_vi": "su-kien",
            },
            action="publish",
        ),
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(slug_en="events")
    assert raw_page_columns(page.pk, "title", "draft_title", "slug") == (
        "Events",
        "Events",
        "events",
    )
    assert page.url_path_en.endswith("/events/")
    assert page.url_path_vi.endswith("/su-kien/")


def test_an_agreement_of_a_completed_phase_cannot_be_active(admin_client, indexes):
    lisbon = PartnerFactory(name="Lisbon", country_id="PT")
    hanoi = PartnerFactory(name="Hanoi", country_id="VN")
    first_phase = ProgrammePhasePageFactory(
        parent=indexes["phases"], acronym="IUC", status=ProgrammePhasePage.Status.COMPLETED
    )

    response = admin_client.post(
        add_url(AgreementPage, indexes["agreements"]),
        page_form_data(
            AgreementPage,
            agreement_fields(
                [lisbon],
                [hanoi],
                programme_phase=str(first_phase.pk),
                status="active",
                start_year="2019",
                end_year="2017",
            ),
            action="publish",
        ),
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "status": ["IUC is completed: its agreements are completed too."],
        "end_year": ["The end year cannot be before the start year."],
    }
    assert not AgreementPage.objects.exists()
