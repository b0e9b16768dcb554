"""A Vietnamese translator translates a field and submits it; programme staff approve it, and
the Vietnamese page shows it. Clicked in a real browser against the demo site."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import WorkflowState

from iurc.translations.groups import PROGRAMME_STAFF, TRANSLATION_REVIEW, language_group_name
from regions.models import RegionPage

PASSWORD = "browser-test-only"  # noqa: S105
NEW_INTRO = "Các thành phố châu Âu hợp tác với các đối tác Trung Quốc về đô thị bền vững."


@pytest.fixture(scope="module")
def people_and_page(site_url, django_db_blocker):
    """A Vietnamese translator, a programme staff member and the China region page.

    Created outside the tests' transactions so the server thread sees them; the page's
    Vietnamese text is put back afterwards for the other browser tests.
    """
    with django_db_blocker.unblock():
        User = get_user_model()
        translator = User.objects.create_user("dich-gia", password=PASSWORD)
        translator.groups.add(Group.objects.get(name=language_group_name("vi")))
        reviewer = User.objects.create_user("bien-tap", password=PASSWORD)
        reviewer.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
        page = RegionPage.objects.get(slug_en="china")
        original = page.intro_vi
    yield page
    with django_db_blocker.unblock():
        WorkflowState.objects.filter(object_id=str(page.pk)).delete()
        page = RegionPage.objects.get(pk=page.pk)
        if page.intro_vi != original:
            page.intro_vi = original
            page.save_revision().publish()
        User.objects.filter(username__in=["dich-gia", "bien-tap"]).delete()


def log_in(browser_page, site_url, username):
    browser_page.goto(f"{site_url}/admin/login/")
    browser_page.fill("input[name=username]", username)
    browser_page.fill("input[name=password]", PASSWORD)
    browser_page.locator("form button[type=submit]").click()
    browser_page.wait_for_url(re.compile(r".*/admin/$"))


def click_footer_action(browser_page, selector):
    """Click an action of the editor's footer menu, opening its dropdown if needed."""
    button = browser_page.locator(f"footer button{selector}")
    if not button.is_visible():
        browser_page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    button.click()


def test_vietnamese_translation_is_reviewed_by_staff_and_published(
    site_url, new_page, people_and_page, artifacts
):
    region = people_and_page
    edit = f"{site_url}/admin/pages/{region.pk}/edit/"

    # The translator sees the English source read-only, edits Vietnamese and submits it.
    translator = new_page(locale="vi-VN")
    errors = []
    translator.on("pageerror", lambda error: errors.append(str(error)))
    log_in(translator, site_url, "dich-gia")
    translator.goto(edit)
    english = translator.locator('[data-contentpath="intro_en"]')
    assert "European cities and regions work with Chinese partners" in english.inner_text()
    assert translator.locator('[name="intro_en"]').count() == 0
    assert translator.locator('[name="intro_fr"]').count() == 0
    assert translator.locator('footer button[name="action-publish"]').count() == 0
    # English and Vietnamese only: no language filter to set.
    assert translator.locator(".iurc-language-filter").count() == 0
    translator.fill("#id_intro_vi", NEW_INTRO)
    translator.screenshot(path=str(artifacts / "translator-editor-vi.png"), full_page=True)
    click_footer_action(translator, '[name="action-submit"]')
    translator.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    state = RegionPage.objects.get(pk=region.pk).current_workflow_state
    assert state.workflow.name == TRANSLATION_REVIEW
    assert state.requested_by.username == "dich-gia"

    # The translator's dashboard opens on Vietnamese.
    translator.goto(f"{site_url}/admin/translations/")
    assert translator.locator("#iurc-language").input_value() == "vi"
    translator.screenshot(path=str(artifacts / "translations-dashboard-vi.png"), full_page=True)

    visitor = new_page(locale="vi-VN")
    visitor.goto(f"{site_url}/vi/khu-vuc/trung-quoc/")
    assert NEW_INTRO not in visitor.locator("main").inner_text()

    # Programme staff approve it from the editor: it is published.
    reviewer = new_page(locale="en-GB")
    reviewer.on("pageerror", lambda error: errors.append(str(error)))
    log_in(reviewer, site_url, "bien-tap")
    reviewer.goto(edit)
    assert reviewer.locator("#id_intro_vi").input_value() == NEW_INTRO
    # Staff see English and choose the other languages to show.
    assert reviewer.locator("#id_intro_en").is_visible()
    assert not reviewer.locator("#id_intro_vi").is_visible()
    assert not reviewer.locator("#id_intro_fr").is_visible()
    reviewer.locator(".iurc-language-filter").get_by_label("Tiếng Việt").check()
    assert reviewer.locator("#id_intro_vi").is_visible()
    assert not reviewer.locator("#id_intro_fr").is_visible()
    reviewer.screenshot(path=str(artifacts / "staff-editor-language-filter.png"))
    # "Approve" without a comment: the editor saves and approves in one go.
    click_footer_action(
        reviewer, '[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    )
    reviewer.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))

    visitor.goto(f"{site_url}/vi/khu-vuc/trung-quoc/")
    assert NEW_INTRO in visitor.locator("main").inner_text()
    assert errors == []
    visitor.screenshot(path=str(artifacts / "translation-published-vi.png"), full_page=True)
