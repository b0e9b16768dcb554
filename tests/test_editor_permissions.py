"""What the two editor groups created by ``migrate`` may do in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import GroupPagePermission, Page

from iurc.core.models import Quote
from iurc.home.models import StandardPage
from iurc.translations.groups import PROGRAMME_STAFF, TRANSLATORS, language_group_name
from tests.factories import QuoteFactory, StandardPageFactory, stream
from tests.support import (
    assert_permission_denied,
    edit_form_data,
    edit_snippet_data,
    edit_url,
    snippet_url,
)


def member_of(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, password="not-used")
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def translator(django_user_model):
    # A translator changes only their languages' fields (iurc.translations.groups).
    return member_of(django_user_model, language_group_name("vi"), "translator")


@pytest.fixture
def staff(django_user_model):
    return member_of(django_user_model, PROGRAMME_STAFF, "staff")


@pytest.fixture
def page(home):
    """A published page with an English and a Vietnamese version."""
    return StandardPageFactory(
        parent=home,
        title="Funding",
        slug="funding",
        title_vi="Tài trợ",
        slug_vi="tai-tro",
        body_en=stream(("paragraph", "<p>The EU funds the programme.</p>")),
        body_vi=stream(("paragraph", "<p>EU tài trợ chương trình.</p>")),
    )


@pytest.fixture
def live_quote(db):
    quote = QuoteFactory(text="Cities learn from cities.", text_vi="Các thành phố học hỏi.")
    quote.save_revision().publish()
    return Quote.objects.get(pk=quote.pk)


def reload(page):
    return StandardPage.objects.get(pk=page.pk)


# --- The groups ----------------------------------------------------------------------------


def test_programme_staff_and_translators_groups_exist_after_migrate(db):
    assert set(
        Group.objects.filter(name__in=[PROGRAMME_STAFF, TRANSLATORS]).values_list("name", flat=True)
    ) == {
        PROGRAMME_STAFF,
        TRANSLATORS,
    }


def test_translators_may_only_change_pages_and_snippets(db):
    translators = Group.objects.get(name=TRANSLATORS)
    page_permissions = set(
        GroupPagePermission.objects.filter(group=translators).values_list(
            "page_id", "permission__codename"
        )
    )
    assert page_permissions == {(Page.get_first_root_node().pk, "change_page")}
    assert set(translators.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "change_quote",
        "change_partner",
        "change_theme",
    }


def test_programme_staff_may_publish_pages_and_quotes(db):
    staff = Group.objects.get(name=PROGRAMME_STAFF)
    page_permissions = set(
        GroupPagePermission.objects.filter(group=staff).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= page_permissions
    assert "publish_quote" in staff.permissions.values_list("codename", flat=True)


# --- Translators and pages -----------------------------------------------------------------


def test_translator_can_open_the_edit_view_without_a_publish_button(translator, page):
    response = translator.get(edit_url(page))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="title_vi"' in html
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_translator_saves_a_vietnamese_draft_without_changing_the_live_page(translator, page):
    live_revision = page.live_revision

    response = translator.post(
        edit_url(page), edit_form_data(translator, page, {"title_vi": "Nguồn tài trợ"})
    )

    assert response.status_code == 302
    page = reload(page)
    assert page.live_revision == live_revision
    assert page.title_vi == "Tài trợ"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title_vi == "Nguồn tài trợ"
    assert page.get_latest_revision_as_object().title_en == "Funding"


def test_translator_submits_a_page_for_moderation(translator, page):
    response = translator.post(
        edit_url(page),
        edit_form_data(translator, page, {"title_vi": "Nguồn tài trợ"}, action="submit"),
    )

    assert response.status_code == 302
    page = reload(page)
    workflow_state = page.current_workflow_state
    assert workflow_state is not None
    assert workflow_state.status == workflow_state.STATUS_IN_PROGRESS
    assert workflow_state.requested_by.username == "translator"
    assert page.title_vi == "Tài trợ"
    assert workflow_state.current_task_state.revision.as_object().title_vi == "Nguồn tài trợ"


def test_translator_posting_publish_does_not_publish(translator, page):
    live_revision = page.live_revision

    response = translator.post(
        edit_url(page),
        edit_form_data(translator, page, {"title_vi": "Nguồn tài trợ"}, action="publish"),
    )

    assert response.status_code == 302
    page = reload(page)
    assert page.live_revision == live_revision
    assert page.title_vi == "Tài trợ"
    assert "Nguồn tài trợ" not in translator.get("/vi/tai-tro/").content.decode()


def test_translator_cannot_delete_a_page(translator, page):
    delete_url = f"/admin/pages/{page.pk}/delete/"

    assert_permission_denied(translator.get(delete_url))
    assert_permission_denied(translator.post(delete_url))

    assert StandardPage.objects.filter(pk=page.pk).exists()


def test_programme_staff_can_delete_a_page(staff, page):
    response = staff.post(f"/admin/pages/{page.pk}/delete/")

    assert response.status_code == 302
    assert not StandardPage.objects.filter(pk=page.pk).exists()


def test_translator_cannot_move_a_page(translator, page, home):
    destination = StandardPageFactory(parent=home, title="Programme")

    assert_permission_denied(translator.get(f"/admin/pages/{page.pk}/move/"))
    response = translator.post(f"/admin/pages/{page.pk}/move/{destination.pk}/confirm/")

    assert_permission_denied(response)
    assert reload(page).get_parent().pk == home.pk


def test_translator_cannot_add_a_page(translator, home):
    response = translator.get(f"/admin/pages/add/home/standardpage/{home.pk}/")

    assert_permission_denied(response)


def test_programme_staff_can_publish_a_page(staff, page):
    live_revision = page.live_revision
    assert 'name="action-publish"' in staff.get(edit_url(page)).content.decode()

    response = staff.post(
        edit_url(page),
        edit_form_data(staff, page, {"title_vi": "Nguồn tài trợ"}, action="publish"),
    )

    assert response.status_code == 302
    page = reload(page)
    assert page.live_revision != live_revision
    assert page.title_vi == "Nguồn tài trợ"
    assert page.title_en == "Funding"
    assert not page.has_unpublished_changes
    assert "Nguồn tài trợ" in staff.get("/vi/tai-tro/").content.decode()


# --- Translators and snippets --------------------------------------------------------------


def test_translator_can_edit_a_quote_as_a_draft(translator, live_quote):
    edit = snippet_url(Quote, "edit", live_quote.pk)
    html = translator.get(edit).content.decode()
    assert 'name="text_vi"' in html
    assert 'name="action-publish"' not in html

    response = translator.post(
        edit, edit_snippet_data(translator, live_quote, {"text_vi": "Các thành phố cùng học."})
    )

    assert response.status_code == 302
    quote = Quote.objects.get(pk=live_quote.pk)
    assert quote.latest_revision.as_object().text_vi == "Các thành phố cùng học."
    assert quote.live_revision == live_quote.live_revision
    assert quote.text_vi == "Các thành phố học hỏi."


def test_translator_cannot_publish_a_quote(translator, live_quote):
    response = translator.post(
        snippet_url(Quote, "edit", live_quote.pk),
        edit_snippet_data(
            translator, live_quote, {"text_vi": "Các thành phố cùng học."}, action="publish"
        ),
    )

    assert response.status_code == 302
    quote = Quote.objects.get(pk=live_quote.pk)
    assert quote.live_revision == live_quote.live_revision
    assert quote.text_vi == "Các thành phố học hỏi."


def test_translator_cannot_create_a_quote(translator, db):
    response = translator.post(
        snippet_url(Quote, "add"), {"text_en": "New words.", "action-publish": "publish"}
    )

    assert_permission_denied(response)
    assert not Quote.objects.filter(live=True).exists()


def test_translator_cannot_delete_a_quote(translator, live_quote):
    delete_url = snippet_url(Quote, "delete", live_quote.pk)

    assert_permission_denied(translator.get(delete_url))
    assert_permission_denied(translator.post(delete_url))

    assert Quote.objects.filter(pk=live_quote.pk).exists()


def test_programme_staff_can_publish_a_quote(staff, live_quote):
    edit_html = staff.get(snippet_url(Quote, "edit", live_quote.pk)).content.decode()
    assert 'name="action-publish"' in edit_html
    response = staff.post(
        snippet_url(Quote, "edit", live_quote.pk),
        edit_snippet_data(
            staff, live_quote, {"text_vi": "Các thành phố cùng học."}, action="publish"
        ),
    )

    assert response.status_code == 302
    quote = Quote.objects.get(pk=live_quote.pk)
    assert quote.live_revision != live_quote.live_revision
    assert quote.text_vi == "Các thành phố cùng học."
