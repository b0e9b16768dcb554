"""The Translations dashboard: completeness per language against a known set of content."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iurc.translations import status
from iurc.translations.groups import PROGRAMME_STAFF, language_group_name
from tests.factories import (
    PartnerFactory,
    QuoteFactory,
    StandardPageFactory,
    ThemeFactory,
    publish,
    stream,
)

DASHBOARD = "/admin/translations/"


def client_for(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password="not-used")
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def content(home):
    """Eight fields with English text on live content; in Vietnamese six are filled and one
    of them is outdated, in French one is filled, in Spanish none.

    home: title (vi) · Funding: title (vi, fr), body (vi, outdated) · quote: text (vi),
    role · partner: name (vi) · theme: name (vi), description.
    Not counted: a page that is not live, a quote that is not live, empty English fields.
    """
    page = StandardPageFactory(
        parent=home,
        title="Funding",
        slug="funding",
        title_vi="Tài trợ",
        title_fr="Financement",
        body_en=stream(("paragraph", "<p>The EU funds the programme.</p>")),
        body_vi=stream(("paragraph", "<p>EU tài trợ chương trình.</p>")),
    )
    paragraph_id = page.body_en.raw_data[0]["id"]
    page.body_en = [
        {
            "type": "paragraph",
            "id": paragraph_id,
            "value": "<p>The European Union funds the programme.</p>",
        }
    ]
    publish(page)
    StandardPageFactory(parent=home, title="Draft", live=False, published=False)
    QuoteFactory(text="Cities learn.", text_vi="Các thành phố học hỏi.", role_en="Mayor")
    QuoteFactory(text="Not live yet.", live=False)
    PartnerFactory(name="Lisbon", name_vi="Li-xbon")
    ThemeFactory(name="Urban mobility", name_vi="Giao thông đô thị", description="Moving.")
    return page


@pytest.fixture
def staff(django_user_model):
    return client_for(django_user_model, "staff", PROGRAMME_STAFF)


@pytest.fixture
def vi_translator(django_user_model):
    return client_for(django_user_model, "tran", language_group_name("vi"))


def figures_of(response):
    return {figure.code: figure for figure in response.context["figures"]}


def test_language_figures_count_filled_missing_and_outdated_segments(content):
    figures = status.figures()

    vi, fr, es = figures["vi"], figures["fr"], figures["es"]
    assert (vi.total, vi.filled, vi.missing, vi.outdated, vi.percent) == (8, 6, 2, 1, 75.0)
    assert (fr.total, fr.filled, fr.missing, fr.outdated, fr.percent) == (8, 1, 7, 0, 12.5)
    assert (es.total, es.filled, es.percent) == (8, 0, 0.0)
    assert "en" not in figures


def test_dashboard_shows_the_figures_of_every_language(staff, content):
    response = staff.get(DASHBOARD)

    assert response.status_code == 200
    figures = figures_of(response)
    assert list(figures) == ["es", "pt", "fr", "zh-hans", "hi", "id", "ja", "ms", "ko", "th", "vi"]
    assert (figures["vi"].percent, figures["vi"].missing, figures["vi"].outdated) == (75.0, 2, 1)
    html = response.content.decode()
    assert "75.0 %" in html
    assert "12.5 %" in html


def test_dashboard_lists_what_is_outdated_and_missing_in_a_language(staff, content):
    outdated = staff.get(DASHBOARD, {"language": "vi", "state": "outdated"}).context["rows"]
    missing = staff.get(DASHBOARD, {"language": "vi", "state": "missing"}).context["rows"]

    assert [(row["label"], row["outdated"]) for row in outdated] == [
        ("Funding", ["Body › paragraph"])
    ]
    assert outdated[0]["edit_url"] == f"/admin/pages/{content.pk}/edit/"
    assert outdated[0]["segments_url"] == reverse(
        "workspace_segments", args=["home.standardpage", content.pk, "vi"]
    )
    assert sorted((row["type"], row["missing"]) for row in missing) == [
        ("Quote", ["Role"]),
        ("Theme", ["Description"]),
    ]


def test_translators_see_their_language_first_with_links_to_the_segment_editor(
    vi_translator, content
):
    response = vi_translator.get(DASHBOARD)

    assert response.context["language"] == "vi"
    html = response.content.decode()
    assert reverse("workspace_segments", args=["home.standardpage", content.pk, "vi"]) in html


def test_a_page_added_in_english_is_summarised_as_missing_at_once(staff, content, home):
    StandardPageFactory(parent=home, title="Calls", body_en=stream(("paragraph", "<p>Open.</p>")))

    rows = staff.get(DASHBOARD, {"language": "vi", "state": "missing"}).context["rows"]

    assert ("Calls", ["Title", "Body › paragraph"]) in [
        (row["label"], row["missing"]) for row in rows
    ]


def test_programme_staff_start_with_the_first_language(staff, content):
    assert staff.get(DASHBOARD).context["language"] == "es"


@pytest.mark.parametrize("query", [{"language": "xx"}, {"state": "nonsense"}, {"p": "999"}])
def test_dashboard_with_bad_parameters_shows_a_page(staff, content, query):
    assert staff.get(DASHBOARD, query).status_code == 200


def test_dashboard_is_in_the_admin_menu(vi_translator, home):
    html = vi_translator.get("/admin/").content.decode()

    assert DASHBOARD in html


def test_dashboard_queries_do_not_grow_with_content(staff, content, home):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(DASHBOARD, {"language": "vi"}).status_code == 200
        return len(queries)

    def add(number):
        for i in range(number):
            StandardPageFactory(parent=home, title=f"Page {number} {i}")
            PartnerFactory(name=f"City {number} {i}")
            QuoteFactory(text=f"Words {number} {i}.")

    add(1)
    small = count()
    add(5)
    large = count()

    assert large == small


# --- Interface catalogues --------------------------------------------------------------------

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Home"
msgstr "Trang chủ"

msgid "Search"
msgstr "Tìm kiếm"

#, fuzzy
msgid "Language"
msgstr "Ngôn ngữ"

msgid "Menu"
msgstr ""

msgid "%(counter)s page"
msgid_plural "%(counter)s pages"
msgstr[0] "%(counter)s trang"
msgstr[1] ""

#~ msgid "Old"
#~ msgstr "Cũ"
"""


@pytest.fixture
def locale_dir(tmp_path):
    folder = tmp_path / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(PO, encoding="utf-8")
    return tmp_path


def test_catalogue_completeness_counts_translated_messages_not_fuzzy_nor_partial(locale_dir):
    assert status.catalogue_completeness("vi", locale_dir) == (2, 5)


def test_catalogue_completeness_of_a_missing_or_broken_catalogue_is_unknown(locale_dir):
    assert status.catalogue_completeness("fr", locale_dir) is None
    broken = locale_dir / "th" / "LC_MESSAGES"
    broken.mkdir(parents=True)
    (broken / "django.po").write_bytes(b"\xff\xfe not a catalogue \x00")
    assert status.catalogue_completeness("th", locale_dir) in (None, (0, 0))


def test_dashboard_shows_interface_completeness(staff, home, locale_dir, settings):
    settings.LOCALE_PATHS = [locale_dir]

    response = staff.get(DASHBOARD)

    figures = figures_of(response)
    assert (figures["vi"].ui_translated, figures["vi"].ui_total, figures["vi"].ui_percent) == (
        2,
        5,
        40.0,
    )
    assert figures["fr"].ui_percent is None
    assert "No catalogue" in response.content.decode()


def test_an_unpublished_page_leaves_the_figures_and_the_list(staff, content):
    content.unpublish()

    response = staff.get(DASHBOARD, {"language": "vi"})

    assert figures_of(response)["vi"].total == 6  # its title and paragraph no longer count
    assert "Funding" not in [row["label"] for row in response.context["rows"]]
