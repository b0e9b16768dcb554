"""A translation is outdated when the English text changed after it was last saved, until the
translator updates or confirms it."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from iurc.core.models import Quote
from iurc.home.models import StandardPage
from iurc.translations import status
from iurc.translations.groups import language_group_name
from iurc.translations.models import SegmentState
from partners.models import Partner
from tests.factories import PartnerFactory, QuoteFactory, StandardPageFactory, publish, stream
from tests.support import edit_url


@pytest.fixture
def page(home):
    return StandardPageFactory(
        parent=home,
        title="Funding",
        slug="funding",
        title_vi="Tài trợ",
        slug_vi="tai-tro",
        body_en=stream(("paragraph", "<p>The EU funds the programme.</p>")),
        body_vi=stream(("paragraph", "<p>EU tài trợ chương trình.</p>")),
    )


def reload(page):
    return StandardPage.objects.get(pk=page.pk)


def english_body(page, text):
    """The English body with its paragraph's text changed, as an editor changes it: the block
    keeps its id."""
    block_id = page.body_en.raw_data[0]["id"]
    return [{"type": "paragraph", "id": block_id, "value": f"<p>{text}</p>"}]


def change_english_body(page, text="The European Union funds the programme."):
    page.body_en = english_body(page, text)
    return publish(page)


def translator_client(django_user_model, code, username):
    user = django_user_model.objects.create_user(username, password="not-used")
    user.groups.add(Group.objects.get(name=language_group_name(code)))
    client = Client()
    client.force_login(user)
    return client


def test_a_new_page_has_no_outdated_translation(page):
    assert status.outdated_fields(page, "vi") == set()
    # Title, slug and the body's paragraph.
    assert SegmentState.objects.filter(object_id=str(page.pk), language="vi").count() == 3


def test_publishing_a_new_english_text_makes_its_translation_outdated(page):
    page = change_english_body(page)

    assert status.outdated_fields(page, "vi") == {"body"}
    # A language without a translation has nothing outdated: it is missing.
    assert status.outdated_fields(page, "fr") == set()
    assert status.missing_fields(page, "fr") == {"title", "body"}


def test_updating_the_translation_clears_outdated(page):
    page = change_english_body(page)

    page.body_vi = stream(("paragraph", "<p>Liên minh châu Âu tài trợ chương trình.</p>"))
    page = publish(page)

    assert status.outdated_fields(page, "vi") == set()


def test_confirming_the_translation_unchanged_clears_outdated(page):
    page = change_english_body(page)

    assert status.confirm_field(page, "body", "vi")

    assert status.outdated_fields(reload(page), "vi") == set()
    # Until the English text changes again.
    page = change_english_body(reload(page), "The EU funds it all.")
    assert status.outdated_fields(page, "vi") == {"body"}


def test_saving_the_same_english_text_again_is_not_a_change(page):
    # New block ids and a Draftail block key: the same text for a reader.
    page.body_en = stream(
        ("paragraph", '<p data-block-key="x1y2z">The EU funds the programme.</p>')
    )
    page.title_en = "Funding"
    page = publish(page)

    assert status.outdated_fields(page, "vi") == set()


def test_a_draft_with_new_english_shows_the_translation_outdated_in_the_editor_only(page):
    page.body_en = english_body(page, "The European Union funds the programme.")
    page.save_revision()
    page = reload(page)

    assert status.outdated_fields(page, "vi") == set()
    assert status.outdated_fields(page.get_latest_revision_as_object(), "vi") == {"body"}


def test_a_draft_that_updates_the_translation_is_not_outdated(page):
    page = change_english_body(page)

    page.body_vi = stream(("paragraph", "<p>Liên minh châu Âu tài trợ.</p>"))
    page.save_revision()

    draft = reload(page).get_latest_revision_as_object()
    assert status.outdated_fields(draft, "vi") == set()
    assert status.outdated_fields(reload(page), "vi") == {"body"}


def test_translator_sees_an_outdated_badge_on_their_field_in_the_editor(page, django_user_model):
    change_english_body(page)
    translator = translator_client(django_user_model, "vi", "tran")

    html = translator.get(edit_url(page)).content.decode()

    help_text = re.search(
        r'id="panel-child-content-child-body_vi-helptext"[^>]*>(.*?)</div>\s*</div>', html, re.S
    )
    assert help_text and "Outdated" in help_text.group(1)
    title_help = re.search(
        r'id="panel-child-content-child-title_vi-helptext"[^>]*>(.*?)</div>', html, re.S
    )
    assert "Outdated" not in (title_help.group(1) if title_help else "")


def segments_url(page, language):
    return reverse("workspace_segments", args=["home.standardpage", page.pk, language])


def body_key(page):
    return f"home.standardpage:{page.pk}:body.{page.body_en.raw_data[0]['id']}"


def test_translator_confirms_an_outdated_translation_in_the_segment_editor(page, django_user_model):
    page = change_english_body(page)
    translator = translator_client(django_user_model, "vi", "tran")
    html = translator.get(segments_url(page, "vi")).content.decode()
    assert "<del>EU</del>" in html and "<ins>European Union</ins>" in html

    response = translator.post(segments_url(page, "vi"), {f"confirm:{body_key(page)}": "on"})

    assert response.status_code == 302
    assert status.outdated_fields(reload(page), "vi") == set()


def test_a_translator_cannot_confirm_another_language(page, django_user_model):
    page.body_fr = stream(("paragraph", "<p>L'UE finance le programme.</p>"))
    page = change_english_body(publish(page))
    assert status.outdated_fields(page, "fr") == {"body"}
    translator = translator_client(django_user_model, "vi", "tran")

    response = translator.post(segments_url(page, "fr"), {f"confirm:{body_key(page)}": "on"})

    assert response.status_code in (302, 403)  # Wagtail sends a refused user to the dashboard
    assert status.outdated_fields(reload(page), "fr") == {"body"}


@pytest.mark.parametrize(
    "args",
    [
        ["home.standardpage", "999999", "vi"],
        ["home.standardpage", "x", "vi"],
        ["auth.user", "1", "vi"],
        ["nothing", "1", "vi"],
        ["home.standardpage", "1", "xx"],
        ["home.standardpage", "1", "en"],
    ],
)
def test_the_segment_editor_answers_bad_addresses_with_not_found(args, django_user_model, db):
    translator = translator_client(django_user_model, "vi", "tran")

    response = translator.get(reverse("workspace_segments", args=args))

    assert response.status_code == 404


def test_a_quote_translation_becomes_outdated_when_the_english_quote_is_published(db):
    quote = QuoteFactory(text="Cities learn.", text_vi="Các thành phố học hỏi.")
    quote.save_revision().publish()

    quote.text_en = "Cities learn from each other."
    quote.save_revision().publish()

    assert status.outdated_fields(Quote.objects.get(pk=quote.pk), "vi") == {"text"}


def test_a_partner_name_translation_becomes_outdated_when_the_english_name_changes(db):
    partner = PartnerFactory(name="Lisbon", name_vi="Lisboa")

    partner.name_en = "Lisboa"
    partner.save()

    assert status.outdated_fields(Partner.objects.get(pk=partner.pk), "vi") == {"name"}


def test_translation_states_are_deleted_with_their_page(page):
    page_id = str(page.pk)
    assert SegmentState.objects.filter(object_id=page_id).exists()

    page.delete()

    assert not SegmentState.objects.filter(object_id=page_id).exists()
