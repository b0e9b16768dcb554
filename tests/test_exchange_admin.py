"""The admin's translation file exchange: who may use it, export downloads, import reports."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iurc.home.models import StandardPage
from iurc.translations.exchange import exporting, units
from iurc.translations.exchange.formats import XLIFF2
from iurc.translations.groups import PROGRAMME_STAFF
from tests.support import BILLION_LAUGHS, logged_in, make_translator, translate_xliff

# The page with rich text and StreamField, and the page it links to.
pytest_plugins = ["tests.exchange_fixtures"]

EXPORT_URL = "/admin/translation-files/export/"
IMPORT_URL = "/admin/translation-files/import/"


def upload(content, name="vi.xlf"):
    return SimpleUploadedFile(name, content, content_type="application/xliff+xml")


def translated_file(page):
    page = StandardPage.objects.get(pk=page.pk)
    content = exporting.export("vi", XLIFF2, [units.working_copy(page)]).content
    return translate_xliff(content)


@pytest.fixture
def vietnamese_translator(django_user_model):
    return make_translator(django_user_model, "vi-translator", "vi")


def test_urls_are_those_the_menu_links_to(db):
    assert reverse("iurc_exchange:export") == EXPORT_URL
    assert reverse("iurc_exchange:import") == IMPORT_URL


def test_translators_see_the_menu_and_only_their_languages(vietnamese_translator, home):
    client = logged_in(vietnamese_translator)

    dashboard = client.get("/admin/").content.decode()
    response = client.get(EXPORT_URL)

    assert "Translation files" in dashboard
    assert response.status_code == 200
    choices = [code for code, _label in response.context["form"].fields["language"].choices]
    assert choices == ["vi"]


def test_programme_staff_and_superusers_may_use_every_language(django_user_model, admin_user, home):
    staff = django_user_model.objects.create_user("staff", password="not-used")
    staff.groups.add(Group.objects.get(name=PROGRAMME_STAFF))

    for user in (staff, admin_user):
        response = logged_in(user).get(IMPORT_URL)
        assert response.status_code == 200
        choices = [code for code, _label in response.context["form"].fields["language"].choices]
        assert len(choices) == 11
        assert "en" not in choices


def test_other_admin_users_may_not_use_it(django_user_model, home):
    editors = Group.objects.create(name="Communications")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("communications", password="not-used")
    user.groups.add(editors)
    client = logged_in(user)

    # Wagtail turns a refusal into a redirect to the dashboard with its permission message.
    for response in (client.get(EXPORT_URL), client.post(IMPORT_URL, {"language": "vi"})):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert "Translation files" not in client.get("/admin/").content.decode()


def test_export_downloads_an_xliff_file_of_the_chosen_pages(admin_user, rich_page):
    response = logged_in(admin_user).post(
        EXPORT_URL,
        {"language": "vi", "format": "xliff2", "scope": "chosen", "pages": [rich_page.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xliff+xml")
    assert response["Content-Disposition"].startswith('attachment; filename="iurc-vi-')
    assert f'id="home.standardpage:{rich_page.pk}:title"'.encode() in response.content


def test_export_of_everything_missing_downloads_po(admin_user, rich_page):
    response = logged_in(admin_user).post(
        EXPORT_URL, {"language": "vi", "format": "po", "scope": "missing"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.po"')
    assert f"home.standardpage:{rich_page.pk}:intro".encode() in response.content
    # Funding is translated into Vietnamese already: only its missing fields are exported.
    assert b':title"\nmsgid "Funding"' not in response.content


def test_export_without_a_choice_is_a_form_error(admin_user, home):
    response = logged_in(admin_user).post(
        EXPORT_URL, {"language": "vi", "format": "xliff2", "scope": "chosen"}
    )

    assert response.status_code == 200
    assert "Choose at least one page or snippet." in response.content.decode()


def test_translator_import_creates_drafts_in_their_name_and_publishes_nothing(
    vietnamese_translator, rich_page
):
    client = logged_in(vietnamese_translator)

    response = client.post(
        IMPORT_URL, {"language": "vi", "file": upload(translated_file(rich_page))}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "10 translations saved as drafts." in html
    assert "Standard page: Cooperation in practice" in html
    page = StandardPage.objects.get(pk=rich_page.pk)
    assert page.title_vi is None
    assert page.has_unpublished_changes
    assert page.get_latest_revision().user == vietnamese_translator
    assert page.get_latest_revision_as_object().title_vi == "Hợp tác trong thực tế"


def test_import_report_lists_every_rejected_unit(admin_user, rich_page):
    content = translated_file(rich_page)
    title_key = f"home.standardpage:{rich_page.pk}:title"
    content = content.replace(
        f'<unit id="{title_key}"'.encode(), b'<unit id="home.standardpage:999999:title"'
    )

    response = logged_in(admin_user).post(IMPORT_URL, {"language": "vi", "file": upload(content)})

    html = response.content.decode()
    assert "9 translations saved as drafts." in html
    assert "Unknown units (1)" in html
    assert "home.standardpage:999999:title" in html
    assert "No such page or snippet." in html


def test_translator_importing_another_language_gets_an_error_and_nothing_is_written(
    django_user_model, rich_page
):
    thai = make_translator(django_user_model, "th-translator", "th")
    client = logged_in(thai)
    revisions = rich_page.revisions.count()

    as_thai = client.post(
        IMPORT_URL, {"language": "th", "file": upload(translated_file(rich_page))}
    )
    as_vietnamese = client.post(
        IMPORT_URL, {"language": "vi", "file": upload(translated_file(rich_page))}
    )

    assert as_thai.status_code == 200
    assert "translated into Tiếng Việt (vi), not ไทย (th)" in as_thai.content.decode()
    assert "Nothing was imported." in as_thai.content.decode()
    assert as_vietnamese.status_code == 200
    assert "Select a valid choice" in as_vietnamese.content.decode()
    assert rich_page.revisions.count() == revisions


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.docx", b"PK\x03\x04", "Upload an XLIFF (.xlf, .xliff) or PO (.po) file."),
        ("vi.xlf", BILLION_LAUGHS, "DOCTYPE, entities or external references"),
        ("vi.xlf", b"<xliff", "not well-formed XML"),
    ],
    ids=["wrong-type", "billion-laughs", "malformed"],
)
def test_bad_uploads_are_form_errors_not_server_errors(admin_user, home, name, content, expected):
    response = logged_in(admin_user).post(
        IMPORT_URL, {"language": "vi", "file": upload(content, name)}
    )

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_dry_run_in_the_admin_writes_nothing(admin_user, rich_page):
    revisions = rich_page.revisions.count()

    response = logged_in(admin_user).post(
        IMPORT_URL,
        {"language": "vi", "file": upload(translated_file(rich_page)), "dry_run": "on"},
    )

    assert "Check only: 10 translations would be saved." in response.content.decode()
    assert rich_page.revisions.count() == revisions


def test_the_import_form_checks_only_unless_told_otherwise(admin_user, home):
    response = logged_in(admin_user).get(IMPORT_URL)

    assert response.context["form"]["dry_run"].value() is True
    assert "checked" in str(response.context["form"]["dry_run"])


def test_a_check_shows_each_change_with_english_before_and_after(admin_user, rich_page):
    response = logged_in(admin_user).post(
        IMPORT_URL,
        {"language": "vi", "file": upload(translated_file(rich_page)), "dry_run": "on"},
    )

    html = response.content.decode()
    assert "Drafts that would be created" in html
    assert "Drafts created" not in html
    assert "Hợp tác trong thực tế" in html  # the new title, beside its English
    assert "Cooperation in practice" in html


def test_one_action_submits_every_draft_of_an_import_for_review(vietnamese_translator, rich_page):
    client = logged_in(vietnamese_translator)
    report = client.post(IMPORT_URL, {"language": "vi", "file": upload(translated_file(rich_page))})
    reference = f"home.standardpage:{rich_page.pk}"
    assert f'name="object" value="{reference}"' in report.content.decode()

    response = client.post(reverse("iurc_exchange:submit"), {"object": [reference, "nothing:1"]})

    assert response.status_code == 302
    page = StandardPage.objects.get(pk=rich_page.pk)
    assert page.workflow_in_progress
    assert page.current_workflow_state.requested_by == vietnamese_translator
    # The dashboard lists it with its language.
    home_html = client.get("/admin/").content.decode()
    assert "Translations in review" in home_html
    assert "Tiếng Việt" in home_html.split("Translations in review")[1]


def test_an_import_into_a_page_in_review_says_whose_submission_locks_it(
    vietnamese_translator, rich_page
):
    client = logged_in(vietnamese_translator)
    client.post(IMPORT_URL, {"language": "vi", "file": upload(translated_file(rich_page))})
    client.post(reverse("iurc_exchange:submit"), {"object": f"home.standardpage:{rich_page.pk}"})

    response = client.post(
        IMPORT_URL, {"language": "vi", "file": upload(translated_file(rich_page))}
    )

    assert "You submitted this page or snippet for review" in response.content.decode()
