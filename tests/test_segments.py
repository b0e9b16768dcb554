"""English owns the structure of a page body; other languages follow it, segment by segment,
and translators change text only, in the segment editor."""

import importlib
import uuid

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import streamfield

from iurc.demo import about as seed
from iurc.home.models import StandardPage
from iurc.translations import status
from iurc.translations.groups import language_group_name
from tests.factories import StandardPageFactory, publish, stream
from tests.support import edit_form_data, edit_url, paragraph

ALIGN_MIGRATION = importlib.import_module("iurc.translations.migrations.0003_align_streams")


def seed_sentences():
    return [
        *seed.PARAGRAPHS["vi"],
        seed.FUNDING["vi"],
        seed.PHASE_ONE_HEADING["vi"],
        *(quote["text"]["vi"] for quote in seed.QUOTES),
    ]


def reload(page):
    return StandardPage.objects.get(pk=page.pk)


@pytest.fixture
def translator(django_user_model):
    user = django_user_model.objects.create_user("tran", password="not-used")
    user.groups.add(Group.objects.get(name=language_group_name("vi")))
    client = Client()
    client.force_login(user)
    return client


def editor_url(page, language="vi"):
    return reverse("workspace_segments", args=["home.standardpage", page.pk, language])


def key(page, *path):
    return f"home.standardpage:{page.pk}:{'.'.join(path)}"


def test_existing_bodies_are_aligned_on_english_keeping_every_vietnamese_word(about_page):
    # A body written as its own copy, before English owned the structure: other block ids.
    copy = [dict(block, id=str(uuid.uuid4())) for block in about_page.body_vi.raw_data]
    StandardPage.objects.filter(pk=about_page.pk).update(body_vi=copy)

    ALIGN_MIGRATION.align_page_streams(apps, None)

    page = reload(about_page)
    english_ids = [block["id"] for block in page.body_en.raw_data]
    assert [block["id"] for block in page.body_vi.raw_data] == english_ids
    html = Client().get("/vi/gioi-thieu/").content.decode()
    for sentence in seed_sentences():
        assert sentence in html


def test_a_quote_added_in_english_shows_in_english_on_the_vietnamese_page(client, about_page):
    quote_id = about_page.body_en.raw_data[2]["value"]["quote"]
    raw = list(about_page.body_en.raw_data)
    heading = {
        "type": "heading",
        "id": str(uuid.uuid4()),
        "value": {"text": "Voices", "level": "h2"},
    }
    raw.insert(0, heading)
    raw.insert(1, {"type": "quote", "id": str(uuid.uuid4()), "value": {"quote": quote_id}})
    page = reload(about_page)
    page.body_en = raw
    publish(page)

    html = client.get("/vi/gioi-thieu/").content.decode()
    assert '<div class="stream__fallback" lang="en"><h2>Voices</h2>' in html
    assert 'class="fallback-notice"' in html
    for sentence in seed_sentences():
        assert sentence in html
    summary = status.to_do("vi").get(object_id=str(page.pk))
    assert summary.missing == 1
    assert ["Body › heading › text", status.MISSING] in summary.todo


def test_a_translator_saves_and_submits_text_in_the_segment_editor(translator, about_page):
    cards = next(block for block in about_page.body_en.raw_data if block["type"] == "link_cards")
    paragraph = about_page.body_en.raw_data[0]["id"]

    response = translator.post(
        editor_url(about_page),
        {
            f"t:{key(about_page, 'body', cards['id'], 'heading')}": "Các trang IUC",
            f"t:{key(about_page, 'body', paragraph)}": "IURC là giai đoạn hai.",
            "action": "submit",
        },
    )

    assert response.status_code == 302
    page = reload(about_page)
    assert page.workflow_in_progress
    draft = page.get_latest_revision_as_object()
    vietnamese = draft.body_vi.raw_data
    assert vietnamese[0]["value"] == "<p>IURC là giai đoạn hai.</p>"
    assert next(b for b in vietnamese if b["type"] == "link_cards")["value"]["heading"] == (
        "Các trang IUC"
    )
    # Nothing else changed: the second paragraph is the seed's.
    assert vietnamese[1]["value"] == f"<p>{seed.PARAGRAPHS['vi'][1]}</p>"


def test_a_crafted_post_cannot_change_links_markup_or_structure(translator, about_page):
    cards = next(block for block in about_page.body_en.raw_data if block["type"] == "link_cards")
    card = cards["value"]["cards"][0]
    paragraph = about_page.body_en.raw_data[0]["id"]

    translator.post(
        editor_url(about_page),
        {
            f"t:{key(about_page, 'body', paragraph)}": '<a href="https://evil.example">Xem</a>',
            f"t:{key(about_page, 'body', cards['id'], 'cards', card['id'], 'external_url')}": (
                "https://evil.example"
            ),
            f"t:{key(about_page, 'body', 'new-block')}": "Thêm",
            "body_vi-count": "9",
        },
    )

    draft = reload(about_page).get_latest_revision_as_object()
    vietnamese = draft.body_vi.raw_data
    assert [block["id"] for block in vietnamese] == [
        block["id"] for block in about_page.body_en.raw_data
    ]
    assert '<a href="https://evil.example"' not in str(list(vietnamese))
    vietnamese_cards = next(b for b in vietnamese if b["type"] == "link_cards")["value"]["cards"]
    assert vietnamese_cards[0]["value"]["external_url"] == card["value"]["external_url"]
    # Markup typed as text stays text.
    assert vietnamese[0]["value"] == ('<p>&lt;a href="https://evil.example"&gt;Xem&lt;/a&gt;</p>')


def test_a_crafted_post_to_the_full_editor_cannot_change_the_translators_body(
    translator, about_page
):
    response = translator.post(
        reverse("wagtailadmin_pages:edit", args=[about_page.pk]),
        {"title_vi": "Giới thiệu", "slug_vi": "gioi-thieu", "body_vi-count": "0"},
    )

    assert response.status_code == 200  # the form, with the refusal
    assert len(reload(about_page).body_vi.raw_data) == len(about_page.body_vi.raw_data)


def test_the_segment_editor_shows_english_beside_the_translation_with_its_state(
    translator, about_page
):
    html = translator.get(editor_url(about_page)).content.decode()

    assert seed.PARAGRAPHS["en"][0] in html
    assert seed.PARAGRAPHS["vi"][0] in html
    assert "Translated" in html


def test_staff_adding_a_block_to_a_translation_only_are_told_and_nothing_is_lost(
    admin_client, home
):
    page = StandardPageFactory(
        parent=home,
        title="Funding",
        slug="funding",
        body_en=stream(("paragraph", "<p>The EU funds it.</p>")),
        body_vi=stream(("paragraph", "<p>EU tài trợ.</p>")),
    )
    extra = [paragraph(f"<p>Đoạn {number}.</p>") for number in range(3)]

    response = admin_client.post(
        edit_url(page), edit_form_data(admin_client, page, {"body_vi": streamfield(extra)})
    )

    assert response.status_code == 200
    assert "these texts have no English block" in response.content.decode()
    assert reload(page).get_latest_revision() is None
