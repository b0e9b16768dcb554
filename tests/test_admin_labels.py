"""The admin names each language of a translated field in its own name, as the switcher does:
"Tiêu đề · Tiếng Việt" in an admin used in Vietnamese, "Title · Bahasa Indonesia" in English,
on pages, snippets and inline children, and on the copy buttons over StreamFields
(iurc/core/patches.py, iurc/core/wagtail_hooks.py)."""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.text import capfirst
from wagtail.documents import get_document_model
from wagtail.users.models import UserProfile

from iurc.core.models import Quote
from iurc.translations.groups import PROGRAMME_STAFF
from partners.models import AgreementDocument, Partner, Theme
from tests.factories import (
    AgreementIndexPageFactory,
    AgreementPageFactory,
    PartnerFactory,
    QuoteFactory,
    ThemeFactory,
)
from tests.support import edit_url, logged_in, snippet_url

# Wagtail's name for a page title in each admin language.
TITLE = {"en": "Title", "vi": "Tiêu đề"}
CODE_IN_BRACKETS = re.compile(r"\[(en|es|pt|fr|zh-hans|hi|id|ind|ja|ms|ko|th|vi)\]")


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def field_labels(html):
    """Each rendered label by the id of its input: {"title_vi": "Tiêu đề · Tiếng Việt"}."""
    return {
        match["field"]: text_of(match["text"])
        for match in re.finditer(
            r'<label[^>]*\bfor="id_(?P<field>[^"]+)"[^>]*>(?P<text>.*?)</label>', html, re.S
        )
    }


def field_name(model, field, language):
    """A field's own name as the admin shows it in ``language`` ("Nhãn" for a label)."""
    with translation.override(language):
        return str(capfirst(model._meta.get_field(field).verbose_name))


def panel_heading(html, column):
    """The heading of a field's own panel. Its id has the tab's heading in the language the
    edit handler was first built in ("panel-child-content-body_vi" or "…-noi_dung-…")."""
    match = re.search(
        rf'<h2[^>]*id="panel-child-[a-z_]+-{column}-heading"[^>]*>(.*?)</h2>', html, re.S
    )
    return text_of(match[1])


@pytest.fixture
def agreement(home):
    index = AgreementIndexPageFactory(parent=home)
    agreement = AgreementPageFactory(parent=index, title="Lisbon – Hanoi")
    document = get_document_model().objects.create(
        title="Signed agreement", file=ContentFile(b"%PDF-1.4", name="signed.pdf")
    )
    agreement.documents = [AgreementDocument(document=document, label_en="Signed text")]
    agreement.save_revision().publish()
    return agreement


def staff_client(django_user_model, language):
    user = django_user_model.objects.create_user("staff", password="not-used")
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return logged_in(user)


@pytest.mark.parametrize("admin_language", ["vi", "en"])
def test_page_form_labels_name_each_language_in_its_own_name(
    django_user_model, agreement, admin_language
):
    client = staff_client(django_user_model, admin_language)

    html = client.get(edit_url(agreement)).content.decode()

    labels = field_labels(html)
    title = TITLE[admin_language]
    assert labels["title_en"] == f"{title} · English *"  # required
    assert labels["title_vi"] == f"{title} · Tiếng Việt"
    assert labels["title_ind"] == f"{title} · Bahasa Indonesia"
    assert labels["title_zh_hans"] == f"{title} · 中文（简体）"
    assert labels["slug_ind"].endswith(" · Bahasa Indonesia")
    # The agreement's document, an inline child, and the form for a new one.
    label = field_name(AgreementDocument, "label", admin_language)
    assert labels["documents-0-label_vi"] == f"{label} · Tiếng Việt"
    assert labels["documents-0-label_ind"] == f"{label} · Bahasa Indonesia"
    assert labels["documents-__prefix__-label_ind"] == f"{label} · Bahasa Indonesia"
    # A StreamField is a panel with a heading of its own.
    body = field_name(type(agreement), "body", admin_language)
    assert panel_heading(html, "body_ind") == f"{body} · Bahasa Indonesia"
    assert not CODE_IN_BRACKETS.search(text_of(html))


@pytest.mark.parametrize("admin_language", ["vi", "en"])
def test_snippet_form_labels_name_each_language_in_its_own_name(
    django_user_model, home, admin_language
):
    client = staff_client(django_user_model, admin_language)

    for model, instance, field in [
        (Quote, QuoteFactory(), "text"),
        (Partner, PartnerFactory(), "name"),
        (Theme, ThemeFactory(), "name"),
    ]:
        html = client.get(snippet_url(model, "edit", instance.pk)).content.decode()
        label = field_name(model, field, admin_language)

        labels = field_labels(html)
        assert labels[f"{field}_vi"] == f"{label} · Tiếng Việt", model
        assert labels[f"{field}_ind"] == f"{label} · Bahasa Indonesia", model
        assert labels[f"{field}_ja"] == f"{label} · 日本語", model
        assert not CODE_IN_BRACKETS.search(text_of(html)), model


def test_copy_buttons_name_languages_as_the_labels_do(django_user_model, agreement):
    client = staff_client(django_user_model, "vi")

    html = client.get(edit_url(agreement)).content.decode()

    config = json.loads(
        re.search(r'<script id="iurc-copy-buttons-config"[^>]*>(.*?)</script>', html, re.S)[1]
    )
    # Keyed by the column suffix the script reads from the panel ("body_ind", "body_zh_hans").
    assert config["languages"]["ind"] == {"code": "id", "name": "Bahasa Indonesia"}
    assert config["languages"]["zh_hans"] == {"code": "zh-hans", "name": "中文（简体）"}
    assert config["languages"]["vi"] == {"code": "vi", "name": "Tiếng Việt"}
    assert len(config["languages"]) == 12
    # The script replaces wagtail-modeltranslation's buttons, so it must come after them.
    upstream = html.index("wagtail_modeltranslation/js/copy_stream_fields.js")
    assert html.index("core/js/translation_copy_buttons.js") > upstream
