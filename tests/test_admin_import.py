"""Programme staff import agreements in the admin: upload, preview, confirm."""

import csv
import io
import re
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from iurc.demo.builder import PAIRINGS_CSV
from iurc.translations.groups import PROGRAMME_STAFF, TRANSLATORS
from partners.admin_views import SESSION_KEY
from partners.importer import COLUMNS, MAX_FILE_BYTES, read_file, validate
from partners.models import AgreementPage, Partner
from tests.support import build_site, csv_text, row, xlsx_bytes

UPLOAD_URL = reverse("agreement_import:upload")


@pytest.fixture
def site(home):
    return build_site(home)


def logged_in(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username, password="not-used", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(django_user_model):
    return logged_in(django_user_model, "staff", PROGRAMME_STAFF)


@pytest.fixture
def translator(django_user_model):
    return logged_in(django_user_model, "translator", TRANSLATORS)


def upload(client, content, name="agreements.csv", **data):
    if isinstance(content, str):
        content = content.encode()
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content), **data})


def shown_messages(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def text_of(response):
    """The page's text without tags and with whitespace collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def stored_uploads(client):
    return client.session.get(SESSION_KEY, {})


def test_staff_upload_preview_and_confirm_the_pairings_file(site, staff):
    assert staff.get(UPLOAD_URL).status_code == 200

    response = upload(staff, PAIRINGS_CSV.read_bytes(), name="pairings.csv")

    assert response.status_code == 302
    (token,) = stored_uploads(staff)
    preview_url = reverse("agreement_import:preview", args=[token])
    assert response.url == preview_url
    assert AgreementPage.objects.count() == 0

    preview = staff.get(preview_url)

    assert preview.status_code == 200
    text = text_of(preview)
    assert "“pairings.csv” into “Agreements”: 71 to create, 0 to update, 0 unchanged." in text
    assert preview.content.decode().count('data-outcome="created"') == 71
    assert "Zagreb, Rijeka – Kawasaki" in text
    assert AgreementPage.objects.count() == 0

    done = staff.post(preview_url, {"confirm": ""})

    assert done.status_code == 302
    assert done.url == reverse("wagtailadmin_explore", args=[site.index.pk])
    assert shown_messages(done) == [
        "Agreements imported from “pairings.csv”: 71 created, 0 updated, 0 unchanged."
    ]
    assert AgreementPage.objects.child_of(site.index).live().count() == 71
    assert stored_uploads(staff) == {}
    assert not default_storage.exists(f"imports/{token}")
    # The token is spent: confirming again imports nothing and says so.
    again = staff.post(preview_url, {"confirm": ""})
    assert again.url == UPLOAD_URL
    assert "This import is no longer available: upload the file again." in shown_messages(again)


def test_the_preview_tells_new_updated_and_unchanged_rows_apart(site, staff):
    upload(staff, csv_text(row(), row(eu_side="Porto")))
    (token,) = stored_uploads(staff)
    staff.post(reverse("agreement_import:preview", args=[token]), {"confirm": ""})

    upload(
        staff,
        xlsx_bytes(row(start_year=2030), row(eu_side="Porto"), row(eu_side="Braga")),
        name="agreements.xlsx",
    )
    (token,) = stored_uploads(staff)
    preview = staff.get(reverse("agreement_import:preview", args=[token]))

    html = preview.content.decode()
    assert "1 to create, 1 to update, 1 unchanged." in text_of(preview)
    outcomes = re.findall(r'data-outcome="(\w+)">\s*<td>(\d+)</td>', html)
    assert outcomes == [("updated", "2"), ("unchanged", "3"), ("created", "4")]
    assert "start year" in text_of(preview)


def test_invalid_rows_are_listed_with_their_lines_and_nothing_is_kept(site, staff):
    text = csv_text(row(), row(eu_countries="XX"), row(region="Atlantis", start_year="20x1"))

    response = upload(staff, text)

    assert response.status_code == 200
    page = text_of(response)
    assert "The file has 3 errors: nothing will be imported." in page
    assert "Line 3: Unknown country code “XX”." in page
    assert "Line 4: Unknown region “Atlantis”." in page
    assert "Line 4: Bad start year “20x1”" in page
    assert stored_uploads(staff) == {}
    assert AgreementPage.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x00\x01\x02\x03garbage", "agreements.csv", "The file is not a text file."),
        (b"not a workbook", "agreements.xlsx", "The file is not a readable XLSX workbook."),
        (b"kind,region\ncity,China\n", "agreements.csv", "Missing columns: eu_side"),
        (b"%PDF-1.4", "agreements.pdf", "is not a CSV or XLSX file"),
        (b"x" * (MAX_FILE_BYTES + 1), "agreements.csv", "The file is too large: at most 2 MB."),
    ],
    ids=["binary", "junk-xlsx", "missing-columns", "pdf", "huge"],
)
def test_an_unreadable_file_is_an_error_on_the_form(site, staff, content, name, message):
    response = upload(staff, content, name=name)

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["file"])
    assert message in text_of(response)
    assert stored_uploads(staff) == {}


def test_an_upload_without_a_file_is_an_error_on_the_form(site, staff):
    response = staff.post(UPLOAD_URL, {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_the_confirmation_checks_the_file_again(site, staff):
    upload(staff, csv_text(row(), row(eu_side="Porto", region="China")))
    (token,) = stored_uploads(staff)
    site.regions["China"].delete()  # removed by someone else after the preview

    response = staff.post(reverse("agreement_import:preview", args=[token]), {"confirm": ""})

    assert response.status_code == 200
    assert "Line 3: Unknown region “China”." in text_of(response)
    assert AgreementPage.objects.count() == 0
    assert Partner.objects.count() == 0


def test_cancelling_removes_the_stored_file(site, staff):
    upload(staff, csv_text(row()))
    (token,) = stored_uploads(staff)
    assert default_storage.exists(f"imports/{token}")

    response = staff.post(reverse("agreement_import:preview", args=[token]), {"cancel": ""})

    assert response.url == UPLOAD_URL
    assert not default_storage.exists(f"imports/{token}")
    assert stored_uploads(staff) == {}
    assert AgreementPage.objects.count() == 0


def test_an_upload_belongs_to_the_session_that_made_it(site, staff, django_user_model):
    upload(staff, csv_text(row()))
    (token,) = stored_uploads(staff)
    other = logged_in(django_user_model, "other", PROGRAMME_STAFF)
    preview_url = reverse("agreement_import:preview", args=[token])

    assert other.get(preview_url).url == UPLOAD_URL
    response = other.post(preview_url, {"confirm": ""})

    assert response.url == UPLOAD_URL
    assert AgreementPage.objects.count() == 0
    assert default_storage.exists(f"imports/{token}")  # still the owner's to confirm


def test_an_index_page_outside_the_users_choice_is_refused(site, staff):
    response = upload(staff, csv_text(row()), index_page=site.home.pk)

    assert response.status_code == 200
    assert response.context["form"].errors["index_page"]
    assert stored_uploads(staff) == {}


def test_a_superuser_may_import(site, django_user_model):
    admin = logged_in(django_user_model, "admin", is_superuser=True)

    assert upload(admin, csv_text(row())).status_code == 302


def test_without_an_agreement_index_there_is_nothing_to_import_into(home, django_user_model):
    admin = logged_in(django_user_model, "admin", is_superuser=True)

    response = admin.get(UPLOAD_URL)

    assert response.status_code == 403
    assert "There is no agreement index page: create one first." in text_of(response)


def test_translators_may_not_import(site, translator, staff):
    refused = translator.get(UPLOAD_URL)
    assert refused.status_code == 403
    assert "Sorry, you do not have permission to access this area." in text_of(refused)
    assert upload(translator, csv_text(row())).status_code == 403
    upload(staff, csv_text(row()))
    (token,) = stored_uploads(staff)
    assert translator.get(reverse("agreement_import:preview", args=[token])).status_code == 403
    assert AgreementPage.objects.count() == 0


def test_the_menu_item_shows_only_to_those_who_may_import(site, staff, translator):
    assert UPLOAD_URL in staff.get(reverse("wagtailadmin_home")).content.decode()
    assert UPLOAD_URL not in translator.get(reverse("wagtailadmin_home")).content.decode()


# --- The template files and the valid values ---------------------------------------------------


def template_url(file_format):
    return reverse("agreement_import:template", args=[file_format])


def test_the_upload_page_offers_the_templates_and_lists_the_valid_values(site, staff):
    response = staff.get(UPLOAD_URL)
    text = unescape(text_of(response))

    assert template_url("csv") in response.content.decode()
    assert "Download the Excel template (with the valid values)" in text
    assert "eu_latitude, eu_longitude, partner_latitude, partner_longitude" in text
    assert "Asia & Australasia, China, Latin America, North America" in text
    assert "Agri-food, Circular economy, Climate action and energy" in text


def test_the_csv_template_is_the_header_and_an_example_that_imports_as_it_is(site, staff):
    response = staff.get(template_url("csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="agreements-template.csv"' in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == list(COLUMNS)
    assert len(lines) == 2
    example = dict(zip(lines[0], lines[1], strict=True))
    assert example["eu_side"] == "Lisbon; Porto"
    assert example["eu_latitude"] == "38.7223; 41.1579"

    report = validate(read_file(response.content, "agreements-template.csv"))

    assert report.ok, [str(error) for error in report.errors]
    upload(staff, response.content, name="agreements-template.csv")
    (token,) = stored_uploads(staff)
    staff.post(reverse("agreement_import:preview", args=[token]), {"confirm": "1"})
    agreement = AgreementPage.objects.get()
    assert agreement.kind == "trio"
    assert Partner.objects.get(name_en="Porto").latitude == Decimal("41.1579")


def test_the_xlsx_template_imports_as_it_is_and_lists_the_valid_values(site, staff):
    response = staff.get(template_url("xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    report = validate(read_file(response.content, "agreements-template.xlsx"))
    assert report.ok, [str(error) for error in report.errors]
    assert len(report.rows) == 1
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    agreements, valid = workbook.worksheets
    assert [cell.value for cell in next(agreements.iter_rows())] == list(COLUMNS)
    columns = list(zip(*valid.iter_rows(values_only=True), strict=True))
    listed = {column[0]: [value for value in column[1:] if value] for column in columns}
    assert listed["kind"] == ["city", "region", "trio"]
    assert listed["programme"] == ["IUC", "IURC"]
    assert "Sustainable mobility" in listed["themes"]
    assert "PT (Portugal)" in listed["eu_countries"]
    assert "VN (Vietnam)" in listed["partner_countries"]
    assert "VN (Vietnam)" not in listed["eu_countries"]
    workbook.close()


def test_the_templates_need_the_import_permission_and_a_known_format(site, staff, translator):
    assert translator.get(template_url("csv")).status_code == 403
    assert staff.get(template_url("pdf")).status_code == 404


def test_the_preview_tells_where_partners_are_placed_and_which_are_not(site, staff):
    text = csv_text(
        row(partner_latitude="21.0285", partner_longitude="105.8542"),
        row(kind="region", eu_side="Styria", eu_countries="AT", partner_side="Hanoi"),
        header=COLUMNS,
    )
    upload(staff, text)
    (token,) = stored_uploads(staff)

    shown = text_of(staff.get(reverse("agreement_import:preview", args=[token])))

    assert "Partners placed with the file’s coordinates: Hanoi (VN)" in shown
    assert "most populous city of their name in their country: Lisbon (PT)" in shown
    assert "Partners without a location" in shown and "Styria (AT)" in shown


def test_an_unknown_value_is_shown_with_its_suggestion(site, staff):
    response = upload(staff, csv_text(row(region="Latin Amerika")))

    assert response.status_code == 200
    assert "Unknown region “Latin Amerika”. Did you mean “Latin America”?" in text_of(response)
    assert not stored_uploads(staff)
