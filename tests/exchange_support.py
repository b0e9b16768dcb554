"""Helpers of the exchange tests: a programmatic 'translator', snapshots, users."""

import io
import re
import xml.etree.ElementTree as ET  # noqa: S405 - builds test files; parsing is defusedxml's

from babel.messages.pofile import read_po, write_po
from defusedxml.ElementTree import fromstring
from django.contrib.auth.models import Group
from django.test import Client

from iurc.core import languages
from iurc.translations.exchange import units
from iurc.translations.exchange.xliff import XLIFF2_NS, XLIFF12_NS, serialize
from iurc.translations.groups import language_group_name

VIETNAMESE = {
    "Cooperation in practice": "Hợp tác trong thực tế",
    "cooperation-in-practice": "hop-tac-trong-thuc-te",
    "How cities work together": "Các thành phố hợp tác ra sao",
    "Read ": "Đọc ",
    "our ": "các ",
    "funding": "tài trợ",
    " rules": " quy định",
    " and ": " và ",
    "the EU site": "trang của EU",
    ".": ".",
    "Cities learn from each other": "Các thành phố học hỏi lẫn nhau",
    "Pairs of cities share ": "Các cặp thành phố chia sẻ ",
    "what works": "điều hiệu quả",
    ", see ": ", xem ",
    "the agreements": "các thỏa thuận",
    "Find out more": "Tìm hiểu thêm",
    "Funding": "Tài trợ",
    "How the EU funds the programme": "EU tài trợ chương trình thế nào",
    "European Commission": "Ủy ban Châu Âu",
    "Cooperation, shown in practice.": "Hợp tác, thể hiện trong thực tế.",
}


def vietnamese(text):
    """The Vietnamese of an English text of the test page (whitespace kept as it is)."""
    if text is None or not text.strip():
        return text
    return VIETNAMESE[text]


# --- Translating exported files ----------------------------------------------------------------


def _translate_element(element):
    element.text = vietnamese(element.text)
    for child in element:
        _translate_element(child)
        child.tail = vietnamese(child.tail)


def translate_xliff(data, version="2.0"):
    """Fill every unit's target with the Vietnamese of its source, codes kept in place."""
    namespace = XLIFF2_NS if version == "2.0" else XLIFF12_NS
    root = fromstring(data)
    containers = (
        root.iter(f"{{{namespace}}}segment")
        if version == "2.0"
        else root.iter(f"{{{namespace}}}trans-unit")
    )
    for container in containers:
        for old in container.findall(f"{{{namespace}}}target"):
            container.remove(old)
        source = container.find(f"{{{namespace}}}source")
        target = ET.fromstring(ET.tostring(source))  # noqa: S314 - our own serialisation
        target.tag = f"{{{namespace}}}target"
        target.tail = None
        _translate_element(target)
        container.insert(list(container).index(source) + 1, target)
    return serialize(root, namespace)


_PLACEHOLDER = re.compile(r"(</?\d+/?>)")


def translate_po(data):
    catalog = read_po(io.BytesIO(data))
    for message in catalog:
        if message.id:
            message.string = "".join(
                part if _PLACEHOLDER.fullmatch(part) else (vietnamese(part) or "")
                for part in _PLACEHOLDER.split(message.id)
            )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    return buffer.getvalue()


# --- Checking that nothing else changed --------------------------------------------------------


def other_languages_snapshot(page, changed_language="vi"):
    """Every column of the page except the translation being imported and page bookkeeping."""
    page = type(page).objects.get(pk=page.pk)
    translated = set(units.fields_of(type(page))) | {"url_path"}
    skip = {languages.localized_field(name, changed_language) for name in translated}
    skip |= {
        "latest_revision_id",
        "live_revision_id",
        "has_unpublished_changes",
        "last_published_at",
        "first_published_at",
        "latest_revision_created_at",
        "draft_title",
    }
    snapshot = {}
    for field in page._meta.concrete_fields:
        if field.attname in skip:
            continue
        value = getattr(page, field.attname)
        snapshot[field.attname] = (
            field.get_prep_value(value) if hasattr(value, "raw_data") else value
        )
    return snapshot


def publish_latest(page):
    page = type(page).objects.get(pk=page.pk)
    page.get_latest_revision().publish()
    return type(page).objects.get(pk=page.pk)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def make_translator(django_user_model, username, *codes):
    user = django_user_model.objects.create_user(username, password="not-used")
    user.groups.add(Group.objects.get(name="Translators"))
    for code in codes:
        group, _created = Group.objects.get_or_create(name=language_group_name(code))
        user.groups.add(group)
    return user
