"""Translators change only the fields of their languages, and their work goes through the
"Translation review" workflow that programme staff approve.

The rule is in the edit forms, so it holds for what a browser could never send: every post
below that touches another language, the English source or a field that is not translated
is refused with an error, and nothing of it (nor of the rest of the post) is saved.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Revision
from wagtail.test.utils.form_data import rich_text, streamfield

from iurc.core.models import Quote
from iurc.demo.builder import create_demo_users
from iurc.home.models import StandardPage
from iurc.phases.models import ProgrammePhasePage
from iurc.translations.groups import (
    PROGRAMME_STAFF,
    TRANSLATION_REVIEW,
    TRANSLATORS,
    editable_languages,
    language_group_name,
)
from partners.models import AgreementDocument, AgreementPage, Partner, Theme
from regions.models import Country, RegionPage
from tests.factories import (
    AgreementIndexPageFactory,
    AgreementPageFactory,
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
from tests.support import edit_form_data, edit_snippet_data, edit_url, paragraph, snippet_url

FORBIDDEN = "Translators can change only the fields of their languages"
TARGET_LANGUAGES = ["es", "pt", "fr", "zh-hans", "hi", "id", "ja", "ms", "ko", "th", "vi"]


def client_for(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password="not-used")
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def vi_translator(django_user_model):
    return client_for(django_user_model, "tran", language_group_name("vi"))


@pytest.fixture
def staff(django_user_model):
    return client_for(django_user_model, "staff", PROGRAMME_STAFF)


@pytest.fixture
def page(home):
    """A live page in English, Vietnamese and French."""
    return StandardPageFactory(
        parent=home,
        title="Funding",
        slug="funding",
        title_vi="Tài trợ",
        slug_vi="tai-tro",
        title_fr="Financement",
        body_en=stream(("paragraph", "<p>The EU funds the programme.</p>")),
        body_vi=stream(("paragraph", "<p>EU tài trợ chương trình.</p>")),
        body_fr=stream(("paragraph", "<p>L'UE finance le programme.</p>")),
    )


@pytest.fixture
def phase(home):
    index = ProgrammePhaseIndexPageFactory(parent=home)
    return ProgrammePhasePageFactory(
        parent=index, title="Phase one", title_vi="Giai đoạn một", start_year=2016
    )


@pytest.fixture
def agreement(home):
    """An agreement with one partner on each side and one document."""
    index = AgreementIndexPageFactory(parent=home)
    agreement = AgreementPageFactory(
        parent=index,
        title="Lisbon – Hanoi",
        eu=[PartnerFactory(name="Lisbon", country=Country.objects.get(code="PT"))],
        partners=[PartnerFactory(name="Hanoi", country=Country.objects.get(code="VN"))],
        published=False,
    )
    document = get_document_model().objects.create(
        title="Signed agreement", file=ContentFile(b"%PDF-1.4", name="signed.pdf")
    )
    agreement.documents = [AgreementDocument(document=document, label_en="Signed text")]
    agreement.save_revision().publish()
    return AgreementPage.objects.get(pk=agreement.pk)


def form_errors(response):
    form = response.context["form"]
    return [str(error) for error in form.non_field_errors()]


def revisions(obj):
    return Revision.objects.for_instance(obj).count()


def approve_snippet(staff, snippet):
    """Programme staff approve the snippet's current review task; the response."""
    approve = reverse(
        type(snippet).snippet_viewset.get_url_name("workflow_action"),
        args=[snippet.pk, "approve", snippet.current_workflow_state.current_task_state.pk],
    )
    return staff.post(approve, {"comment": ""})


def assert_refused(response):
    assert response.status_code == 200, response.status_code
    assert any(FORBIDDEN in error for error in form_errors(response)), form_errors(response)


# --- The groups and the workflow -------------------------------------------------------------


def test_every_language_has_a_translators_group_with_the_translators_permissions(db):
    translators = Group.objects.get(name=TRANSLATORS)
    permissions = set(translators.permissions.values_list("codename", flat=True))
    page_permissions = set(
        GroupPagePermission.objects.filter(group=translators).values_list(
            "page_id", "permission__codename"
        )
    )

    for code in TARGET_LANGUAGES:
        group = Group.objects.get(name=language_group_name(code))
        assert set(group.permissions.values_list("codename", flat=True)) == permissions
        assert (
            set(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "page_id", "permission__codename"
                )
            )
            == page_permissions
        )
    assert Group.objects.filter(name="Translators: Tiếng Việt").exists()
    assert not Group.objects.filter(name=language_group_name("en")).exists()


def test_translation_review_is_approved_by_programme_staff_for_pages_and_snippets(db):
    workflow = Page.get_first_root_node().get_workflow()
    assert workflow.name == TRANSLATION_REVIEW
    tasks = [task.specific for task in workflow.tasks.all()]
    assert len(tasks) == 1
    assert isinstance(tasks[0], GroupApprovalTask)
    assert list(tasks[0].groups.values_list("name", flat=True)) == [PROGRAMME_STAFF]
    for model in (Quote, Partner, Theme):
        assert model.get_default_workflow().name == TRANSLATION_REVIEW


def test_the_demo_translator_translates_vietnamese(db, django_user_model):
    create_demo_users("demo-password")

    translator = django_user_model.objects.get(username="translator")
    assert editable_languages(translator) == {"vi"}
    assert editable_languages(django_user_model.objects.get(username="staff")) is None


# --- What a translator sees ------------------------------------------------------------------


def test_translator_sees_english_read_only_their_language_editable_and_no_other(
    vi_translator, page
):
    response = vi_translator.get(edit_url(page))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="title_vi"' in html
    # Their language's body is read here and translated in the segment editor, where the
    # English structure, links and images cannot change.
    assert not re.search(r'w-field--block_widget"[^>]*data-contentpath="body_vi"', html)
    segments = reverse("workspace_segments", args=["home.standardpage", page.pk, "vi"])
    assert segments in html
    # The English source is shown, but not as an input.
    assert 'name="title_en"' not in html
    assert 'data-contentpath="body_en"' in html
    assert not re.search(r'w-field--block_widget"[^>]*data-contentpath="body_en"', html)
    assert "The EU funds the programme." in html
    # Other languages are not shown at all, nor are fields that are not translated inputs.
    assert 'name="title_fr"' not in html
    assert "Financement" not in html
    assert "L&#x27;UE finance le programme." not in html
    assert 'name="show_in_menus"' not in html
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html


def test_programme_staff_see_every_language_as_an_input(staff, page):
    html = staff.get(edit_url(page)).content.decode()

    for name in ("title_en", "title_fr", "title_vi", "show_in_menus"):
        assert f'name="{name}"' in html


# --- Crafted posts on a page -----------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"title_fr": "Argent"},
        {"title_en": "Money"},
        {"slug_en": "money"},
        {"intro_en": rich_text("<p>How the EU pays.</p>")},
        {"body_fr": streamfield([paragraph("<p>Bonjour.</p>")])},
        {"body_en": streamfield([paragraph("<p>Hello.</p>")])},
        {"show_in_menus": "on"},
    ],
    ids=lambda changes: next(iter(changes)),
)
def test_translator_post_changing_a_field_outside_their_language_is_refused(
    vi_translator, page, changes
):
    before = revisions(page)
    data = edit_form_data(vi_translator, page, {"title_vi": "Nguồn tài trợ", **changes})

    response = vi_translator.post(edit_url(page), data)

    assert_refused(response)
    page = StandardPage.objects.get(pk=page.pk)
    assert revisions(page) == before
    latest = page.get_latest_revision_as_object()
    assert (latest.title_en, latest.title_fr, latest.title_vi) == (
        "Funding",
        "Financement",
        "Tài trợ",
    )
    assert latest.slug_en == "funding"
    assert not latest.show_in_menus
    assert "Bonjour" not in str(latest.body_fr.raw_data)
    assert "Hello" not in str(latest.body_en.raw_data)


def test_translator_post_changing_a_year_of_a_phase_is_refused(vi_translator, phase):
    before = revisions(phase)
    data = edit_form_data(vi_translator, phase, {"start_year": "1999"})

    response = vi_translator.post(edit_url(phase), data)

    assert_refused(response)
    assert revisions(phase) == before
    assert ProgrammePhasePage.objects.get(pk=phase.pk).start_year == 2016


def test_translator_saves_their_language_of_a_phase_keeping_its_facts(vi_translator, phase):
    data = edit_form_data(vi_translator, phase, {"summary_vi": "Giai đoạn đầu tiên."})

    response = vi_translator.post(edit_url(phase), data)

    assert response.status_code == 302
    draft = ProgrammePhasePage.objects.get(pk=phase.pk).get_latest_revision_as_object()
    assert draft.summary_vi == "Giai đoạn đầu tiên."
    assert (draft.start_year, draft.acronym, draft.title_en) == (2016, phase.acronym, "Phase one")


@pytest.fixture
def region(home):
    index = RegionIndexPageFactory(parent=home)
    region = RegionPageFactory(
        parent=index,
        title="China",
        intro="Cities in China.",
        intro_vi="Các thành phố.",
        published=False,
    )
    region.countries = ["CN"]
    region.quotes = [QuoteFactory()]
    region.save_revision().publish()
    return RegionPage.objects.get(pk=region.pk)


def test_translator_saves_a_region_keeping_its_countries_and_quotes(vi_translator, region):
    data = edit_form_data(vi_translator, region, {"intro_vi": "Các thành phố Trung Quốc."})

    response = vi_translator.post(edit_url(region), data)

    assert response.status_code == 302
    draft = RegionPage.objects.get(pk=region.pk).get_latest_revision_as_object()
    assert draft.intro_vi == "Các thành phố Trung Quốc."
    assert [country.code for country in draft.countries.all()] == ["CN"]
    assert draft.quotes.count() == 1


@pytest.mark.parametrize("name", ["countries", "quotes", "external_page"])
def test_translator_post_changing_a_region_fact_is_refused(vi_translator, region, name):
    before = revisions(region)
    changes = {
        "countries": ["CN", "VN"],
        "quotes": [str(QuoteFactory().pk)],
        "external_page": "https://example.org/",
    }
    data = edit_form_data(vi_translator, region, {name: changes[name]})

    response = vi_translator.post(edit_url(region), data)

    assert_refused(response)
    assert revisions(region) == before
    draft = RegionPage.objects.get(pk=region.pk).get_latest_revision_as_object()
    assert [country.code for country in draft.countries.all()] == ["CN"]
    assert draft.quotes.count() == 1
    assert draft.external_page == ""


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": AgreementPage.Kind.TRIO},
        {"documents-0-label_en": "Another text"},
        {"documents-0-label_fr": "Texte signé"},
        {"eu_members-0-DELETE": "1"},
        {"eu_members-0-ORDER": "2"},
    ],
    ids=lambda changes: next(iter(changes)),
)
def test_translator_post_changing_an_agreement_outside_their_language_is_refused(
    vi_translator, agreement, changes
):
    before = revisions(agreement)
    data = edit_form_data(vi_translator, agreement, changes)

    response = vi_translator.post(edit_url(agreement), data)

    assert_refused(response)
    assert revisions(agreement) == before
    draft = AgreementPage.objects.get(pk=agreement.pk).get_latest_revision_as_object()
    assert draft.kind == AgreementPage.Kind.CITY_PAIRING
    assert [member.partner.name for member in draft.eu_members.all()] == ["Lisbon"]
    assert [(doc.label_en, doc.label_fr) for doc in draft.documents.all()] == [
        ("Signed text", None)
    ]


def test_translator_cannot_add_a_partner_to_an_agreement(vi_translator, agreement):
    before = revisions(agreement)
    newcomer = PartnerFactory(name="Porto", country=Country.objects.get(code="PT"))
    data = edit_form_data(vi_translator, agreement, {})
    data.update(
        {
            "eu_members-TOTAL_FORMS": "2",
            "eu_members-1-id": "",
            "eu_members-1-partner": str(newcomer.pk),
            "eu_members-1-ORDER": "2",
        }
    )

    response = vi_translator.post(edit_url(agreement), data)

    assert response.status_code == 200
    assert any("cannot add, remove or reorder" in error for error in form_errors(response))
    assert revisions(agreement) == before


def test_translator_translates_an_agreement_document_label(vi_translator, agreement):
    data = edit_form_data(vi_translator, agreement, {"documents-0-label_vi": "Văn bản đã ký"})

    response = vi_translator.post(edit_url(agreement), data)

    assert response.status_code == 302
    draft = AgreementPage.objects.get(pk=agreement.pk).get_latest_revision_as_object()
    assert [(doc.label_en, doc.label_vi) for doc in draft.documents.all()] == [
        ("Signed text", "Văn bản đã ký")
    ]
    assert [member.partner.name for member in draft.partner_members.all()] == ["Hanoi"]


# --- Crafted posts on snippets ---------------------------------------------------------------


@pytest.fixture
def quote(db):
    quote = QuoteFactory(speaker="Ana", text="Cities learn.", text_vi="Các thành phố học hỏi.")
    quote.save_revision().publish()
    return Quote.objects.get(pk=quote.pk)


@pytest.mark.parametrize(
    "changes",
    [{"text_en": "Cities teach."}, {"speaker": "Bea"}, {"text_fr": "Les villes apprennent."}],
    ids=lambda changes: next(iter(changes)),
)
def test_translator_post_changing_a_quote_outside_their_language_is_refused(
    vi_translator, quote, changes
):
    before = revisions(quote)
    data = edit_snippet_data(vi_translator, quote, {"text_vi": "Học hỏi.", **changes})

    response = vi_translator.post(snippet_url(Quote, "edit", quote.pk), data)

    assert_refused(response)
    assert revisions(quote) == before
    quote = Quote.objects.get(pk=quote.pk)
    assert (quote.text_en, quote.speaker, quote.text_fr, quote.text_vi) == (
        "Cities learn.",
        "Ana",
        None,
        "Các thành phố học hỏi.",
    )


@pytest.mark.parametrize(
    "changes",
    [{"kind": Partner.Kind.REGION}, {"name_fr": "Lisbonne"}, {"population": "1"}],
    ids=lambda changes: next(iter(changes)),
)
def test_translator_post_changing_a_partner_outside_their_language_is_refused(
    vi_translator, db, changes
):
    partner = PartnerFactory(name="Lisbon", country=Country.objects.get(code="PT"))
    data = edit_snippet_data(vi_translator, partner, {"name_vi": "Li-xbon", **changes})

    response = vi_translator.post(snippet_url(Partner, "edit", partner.pk), data)

    assert_refused(response)
    assert revisions(partner) == 0
    partner = Partner.objects.get(pk=partner.pk)
    assert (partner.kind, partner.name_fr, partner.population, partner.name_vi) == (
        Partner.Kind.CITY,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda: PartnerFactory(name="Lisbon", country=Country.objects.get(code="PT")),
        lambda: ThemeFactory(name="Lisbon"),
    ],
    ids=["partner", "theme"],
)
def test_translators_partner_or_theme_name_is_public_only_once_staff_approve(
    vi_translator, staff, db, make
):
    snippet = make()
    model = type(snippet)
    data = edit_snippet_data(vi_translator, snippet, {"name_vi": "Li-xbon"}, action="submit")

    response = vi_translator.post(snippet_url(model, "edit", snippet.pk), data)

    assert response.status_code == 302
    snippet = model.objects.get(pk=snippet.pk)
    state = snippet.current_workflow_state
    assert state.workflow.name == TRANSLATION_REVIEW
    assert (snippet.name_vi, snippet.has_unpublished_changes) == (None, True)

    response = approve_snippet(staff, snippet)

    assert response.status_code == 302
    snippet = model.objects.get(pk=snippet.pk)
    assert (snippet.name_en, snippet.name_vi, snippet.live) == ("Lisbon", "Li-xbon", True)
    assert snippet.current_workflow_state is None


# --- The review ------------------------------------------------------------------------------


def test_translation_submitted_by_a_translator_is_published_when_staff_approve(
    vi_translator, staff, page, client
):
    response = vi_translator.post(
        edit_url(page),
        edit_form_data(vi_translator, page, {"title_vi": "Nguồn tài trợ"}, action="submit"),
    )
    assert response.status_code == 302
    page = StandardPage.objects.get(pk=page.pk)
    state = page.current_workflow_state
    assert state.workflow.name == TRANSLATION_REVIEW
    assert page.title_vi == "Tài trợ"

    response = staff.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(pk=page.pk)
    assert page.title_vi == "Nguồn tài trợ"
    assert page.title_en == "Funding"
    assert page.current_workflow_state is None
    assert "Nguồn tài trợ" in client.get("/vi/tai-tro/").content.decode()


def test_translator_cannot_approve_their_own_translation(vi_translator, page):
    vi_translator.post(
        edit_url(page),
        edit_form_data(vi_translator, page, {"title_vi": "Nguồn tài trợ"}, action="submit"),
    )
    state = StandardPage.objects.get(pk=page.pk).current_workflow_state

    vi_translator.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )

    page = StandardPage.objects.get(pk=page.pk)
    assert page.title_vi == "Tài trợ"
    assert page.current_workflow_state is not None


def test_quote_translation_submitted_to_review_goes_live_when_staff_approve(
    vi_translator, staff, quote
):
    response = vi_translator.post(
        snippet_url(Quote, "edit", quote.pk),
        edit_snippet_data(vi_translator, quote, {"text_vi": "Học hỏi lẫn nhau."}, action="submit"),
    )
    assert response.status_code == 302
    quote = Quote.objects.get(pk=quote.pk)
    state = quote.current_workflow_state
    assert state.workflow.name == TRANSLATION_REVIEW
    assert quote.text_vi == "Các thành phố học hỏi."

    response = approve_snippet(staff, quote)

    assert response.status_code == 302
    quote = Quote.objects.get(pk=quote.pk)
    assert quote.text_vi == "Học hỏi lẫn nhau."
    assert quote.text_en == "Cities learn."
    assert quote.live


def test_programme_staff_may_change_any_language(staff, page):
    response = staff.post(
        edit_url(page),
        edit_form_data(staff, page, {"title_fr": "Argent", "title_en": "Money"}, action="publish"),
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(pk=page.pk)
    assert (page.title_en, page.title_fr) == ("Money", "Argent")
