"""Helpers the test modules share: forms the admin posts, import files, open data, query
counts and translation files. Test modules import from here, never from each other."""

import csv
import io
import re
import subprocess
import xml.etree.ElementTree as ET  # noqa: S405 - builds test files; parsing is defusedxml's
from types import SimpleNamespace

import openpyxl
from babel.messages.pofile import read_po, write_po
from defusedxml.ElementTree import fromstring
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from wagtail.blocks import StaticBlock, StructValue
from wagtail.fields import StreamField
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from iurc.core import languages
from iurc.translations.exchange import units
from iurc.translations.exchange.xliff import XLIFF2_NS, XLIFF12_NS, serialize
from iurc.translations.groups import language_group_name
from partners.models import AgreementPage, Partner
from partners.themes import curate
from tests.factories import (
    AgreementIndexPageFactory,
    AgreementPageFactory,
    PartnerFactory,
    ProgrammePhaseIndexPageFactory,
    ProgrammePhasePageFactory,
    RegionIndexPageFactory,
    RegionPageFactory,
    ThemeFactory,
)

# --- Admin forms and permissions --------------------------------------------------------


def translated_stream_fields(model):
    """The per-language StreamField columns of a page type (``body_en`` … ``body_vi``)."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, StreamField) and getattr(field, "translated_field", None)
    ]


def posted_stream_fields(model):
    """Every StreamField the edit form of a page type posts: the per-language columns, and
    those with one value for every language (the home page's ``layout``)."""
    try:
        translated = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        translated = set()
    shared = [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, StreamField)
        and not getattr(field, "translated_field", None)
        and field.name not in translated
    ]
    return [*translated_stream_fields(model), *shared]


def form_data(fields):
    """``nested_form_data``, except that a list of strings stays the values of one field (a
    multiple choice such as ``countries``), as a browser posts it."""
    multiple = {
        name: value
        for name, value in fields.items()
        if isinstance(value, list) and all(isinstance(item, str) for item in value)
    }
    flat = nested_form_data({k: v for k, v in fields.items() if k not in multiple})
    flat.update(multiple)
    return flat


def stream_form_data(value):
    """A stored body (headings and paragraphs) as the StreamField widget posts it back."""
    items = []
    for child in value:
        if child.block_type == "paragraph":
            items.append(("paragraph", rich_text(child.value.source)))
        elif child.block_type == "heading":
            items.append(("heading", {"text": child.value["text"], "level": child.value["level"]}))
        elif isinstance(child.block, StaticBlock):
            items.append((child.block_type, ""))
        elif isinstance(child.value, StructValue) and all(
            isinstance(item, int | str) for item in child.value.values()
        ):
            items.append((child.block_type, dict(child.value)))
        else:
            raise NotImplementedError(f"No form data for {child.block_type} blocks")
    return streamfield(items)


def paragraph(html):
    return ("paragraph", rich_text(html))


def rendered_form_data(client, url, form_id):
    """The values of the inputs of form ``form_id`` as the admin renders it at ``url``, as a
    browser posts them back (a textarea loses the newline that follows its opening tag)."""
    response = client.get(url)
    assert response.status_code == 200
    rendered = querydict_from_html(response.content.decode(), form_id=form_id)
    data = {}
    for key in rendered:
        values = [value.removeprefix("\n") for value in rendered.getlist(key)]
        data[key] = values if len(values) > 1 else values[0]
    return data


def edit_form_data(client, page, changes, *, action=None):
    """What a browser posts after the editor changes ``changes`` in the edit form of ``page``.

    The other fields keep the values the edit view renders (as the browser sends them: a
    textarea loses its first newline), StreamFields keep their stored value.
    """
    data = rendered_form_data(client, edit_url(page), "page-edit-form")
    page = page.specific_class.objects.get(pk=page.pk)
    nested = {
        name: stream_form_data(getattr(page, name)) for name in posted_stream_fields(type(page))
    }
    nested["comments"] = inline_formset([])
    data.update(nested_form_data(nested))
    data.update(form_data(changes))
    if action:
        data[f"action-{action}"] = f"action-{action}"
    return data


def add_url(model, parent):
    return f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"


def page_form_data(model, fields, *, action=None):
    """POST data of a page form: ``fields`` (nested, see ``form_data``) over empty
    StreamFields and inline formsets, with ``action`` ("publish", "submit") as its button."""
    data = {name: streamfield([]) for name in posted_stream_fields(model)}
    formsets = model.get_edit_handler().get_form_class().formsets
    data.update({relation: inline_formset([]) for relation in formsets})
    data.update(fields)
    flat = form_data(data)
    if action:
        flat[f"action-{action}"] = f"action-{action}"
    return flat


def form_errors(response):
    """Errors of the page form (and its formsets) re-rendered by the admin."""
    form = response.context["form"]
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    for relation, formset in form.formsets.items():
        if formset.non_form_errors():
            errors[relation] = [str(e) for e in formset.non_form_errors()]
    return errors


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def assert_permission_denied(response):
    """The admin's refusal: back to the dashboard with "you do not have permission"."""
    assert response.status_code == 302, response.status_code
    assert response.url == reverse("wagtailadmin_home")
    messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert "Sorry, you do not have permission to access this area." in messages


def snippet_url(model, view="", pk=None):
    url = f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/"
    if view:
        url += f"{view}/"
    if pk is not None:
        url += f"{pk}/"
    return url


def edit_snippet_data(client, instance, changes, *, action=None):
    """What a browser posts after the editor changes ``changes`` in the edit form."""
    data = rendered_form_data(
        client, snippet_url(type(instance), "edit", instance.pk), "w-editor-form"
    )
    data.update(changes)
    if action:
        data[f"action-{action}"] = f"action-{action}"
    return data


# --- Agreement import files -------------------------------------------------------------


HEADER = (
    "kind",
    "eu_side",
    "eu_countries",
    "partner_side",
    "partner_countries",
    "region",
    "programme",
    "themes",
    "start_year",
    "source",
)
GOOD = {
    "kind": "city",
    "eu_side": "Lisbon",
    "eu_countries": "PT",
    "partner_side": "Hanoi",
    "partner_countries": "VN",
    "region": "Asia & Australasia",
    "programme": "IURC",
    "themes": "Urban mobility",
    "start_year": "2021",
    "source": "https://www.iurc.eu/",
}


def row(**changes):
    return {**GOOD, **changes}


def csv_text(*rows, header=HEADER, delimiter=","):
    """A CSV file: the header, then one line per row (dicts over GOOD, or raw lists)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row if isinstance(row, list) else [row.get(name, "") for name in header])
    return out.getvalue()


def xlsx_bytes(*rows, header=HEADER, start_row=1):
    """An XLSX workbook holding the header on ``start_row`` and rows (dicts or lists) below."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for offset, values in enumerate([list(header), *rows]):
        if isinstance(values, dict):
            values = [values.get(name, "") for name in header]
        for column, value in enumerate(values, start=1):
            if value not in ("", None):
                sheet.cell(row=start_row + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_site(home):
    """The regions, programme phases and curated themes pairings.csv refers to, and an
    agreement index."""
    curate()
    phase_index = ProgrammePhaseIndexPageFactory(parent=home)
    region_index = RegionIndexPageFactory(parent=home)
    regions = {
        title: RegionPageFactory(parent=region_index, title=title)
        for title in ("Latin America", "China", "Asia & Australasia", "North America")
    }
    phases = {
        acronym: ProgrammePhasePageFactory(parent=phase_index, title=acronym, acronym=acronym)
        for acronym in ("IUC", "IURC")
    }
    index = AgreementIndexPageFactory(parent=home)
    return SimpleNamespace(home=home, index=index, regions=regions, phases=phases)


# --- Query counts -----------------------------------------------------------------------


API_AGREEMENTS = "/api/v1/agreements/"
API_PARTNERS = "/api/v1/partners/"


def get_json(client, url, expect=200, **params):
    response = client.get(url, params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def csv_rows(content):
    assert content.startswith("\ufeff".encode()), "Excel needs the byte order mark for UTF-8"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def count_queries(client, url):
    """The queries of a page, API answer or download, and its content (a download's, read
    while counting). The first request warms Wagtail's cached site root paths, as in
    production."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, url
    return len(context.captured_queries), content


def export_url(index, file_format, language="en", query=""):
    with translation.override(language):
        url = index.url + index.reverse_subpage("export", args=[file_format])
    return f"{url}?{query}" if query else url


# --- Translation files ------------------------------------------------------------------


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="vi">
  <file id="f"><unit id="x"><segment><source>&lol3;</source></segment></unit></file>
</xliff>"""


def assert_vietnamese_page(client, page, funding):
    response = client.get("/vi/hop-tac-trong-thuc-te/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Hợp tác trong thực tế" in html
    # Rich text: bold and both links kept, the page link pointing at the Vietnamese URL.
    assert '<a href="/vi/tai-tro/">các <b>tài trợ</b> quy định</a>' in html
    assert '<a href="https://commission.europa.eu/">trang của EU</a>' in html
    # StreamField: heading, paragraph and link cards.
    assert "Các thành phố học hỏi lẫn nhau" in html
    assert "Các cặp thành phố chia sẻ <b>điều hiệu quả</b>" in html
    assert "Tìm hiểu thêm" in html
    assert "EU tài trợ chương trình thế nào" in html
    assert "Ủy ban Châu Âu" in html
    assert "Cities learn from each other" not in html
    english = client.get("/en/cooperation-in-practice/").content.decode()
    assert "Cities learn from each other" in english
    assert "Hợp tác" not in english


# --- Open data: agreements with known facts -----------------------------------------------


def build_open_data(tree):
    with translation.override("en"):
        return _build_open_data(tree)


def _build_open_data(tree):
    water = ThemeFactory(name="Water management", name_vi="Quản lý nước")
    porto = PartnerFactory(
        name="Porto", country_id="PT", latitude="41.149600", longitude="-8.611000"
    )
    lisbon = PartnerFactory(
        name="Lisbon",
        name_vi="Li-xbon",
        country_id="PT",
        latitude="38.722300",
        longitude="-9.139300",
    )
    da_nang = PartnerFactory(
        name="Da Nang",
        name_vi="Đà Nẵng",
        country_id="VN",
        kind=Partner.Kind.CITY,
        latitude="16.054400",
        longitude="108.202200",
    )
    trio = AgreementPageFactory(
        parent=tree.agreement_index,
        title="Porto, Lisbon – Da Nang",
        title_vi="Porto, Li-xbon – Đà Nẵng",
        slug="porto-lisbon-da-nang",
        slug_vi="porto-li-xbon-da-nang",
        kind=AgreementPage.Kind.TRIO,
        status=AgreementPage.Status.COMPLETED,
        region=tree.region,
        programme_phase=tree.phase,
        start_year=2018,
        end_year=2020,
        themes=[water, tree.theme],
        eu=[porto, lisbon],
        partners=[da_nang],
    )
    trio.sdgs.set([11, 17])
    formula = AgreementPageFactory(
        parent=tree.agreement_index,
        title='=HYPERLINK("http://attacker.example","Click")',
        slug="formula",
        start_year=2017,
        eu=[PartnerFactory(name="+Plus town", country_id="IT")],
        partners=[PartnerFactory(name="@Sum city", country_id="JP")],
    )
    hidden_partner = PartnerFactory(name="Secret town", country_id="KR")
    draft = AgreementPageFactory(
        parent=tree.agreement_index,
        title="Draft – Secret town",
        slug="draft",
        live=False,
        published=False,
        partners=[hidden_partner],
    )
    private = AgreementPageFactory(
        parent=tree.agreement_index,
        title="Private – Secret town",
        slug="private",
        partners=[hidden_partner],
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return SimpleNamespace(
        tree=tree,
        trio=trio,
        formula=formula,
        draft=draft,
        private=private,
        water=water,
        porto=porto,
        lisbon=lisbon,
        da_nang=da_nang,
        hidden_partner=hidden_partner,
        published=[*tree.agreements, trio, formula],
    )


def add_agreements(tree, count):
    """``count`` more published pairings, each with two new partners and a theme."""
    start = tree.agreement_index.get_children().count()
    with translation.override("en"):
        for i in range(start, start + count):
            AgreementPageFactory(
                parent=tree.agreement_index,
                title=f"Extra pairing {i}",
                region=tree.region,
                programme_phase=tree.phase,
                start_year=2016 + i % 5,
                themes=[tree.theme],
                eu=[PartnerFactory(country_id="FR", latitude="48.85", longitude="2.35")],
                partners=[PartnerFactory(country_id="JP")],
            )


# --- Translators and translation files ----------------------------------------------------


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


# --- Fonts -------------------------------------------------------------------------------


def font_families_for(language):
    """Font families installed on this machine that cover ``language`` (fontconfig)."""
    result = subprocess.run(
        ["fc-list", f":lang={language}", "family"], capture_output=True, text=True, check=False
    )
    return {name.strip() for line in result.stdout.splitlines() for name in line.split(",")}


# Caches whose page cache is a Redis no one listens on: every call to it fails.
UNREACHABLE_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {
            "CLIENT_CLASS": "iurc.core.outage.RedisClient",
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
        },
    },
}
