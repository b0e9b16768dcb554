"""A stored link is a web address (http, https) or an e-mail link (mailto), nothing else: at
model validation, in the admin's fields and in StreamField link blocks (``iurc.core.links``);
stored rich text keeps only what the editor writes (``iurc.core.rich_text``)."""

import json
import re

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st
from wagtail import blocks
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.templatetags.wagtailcore_tags import richtext

from iurc.core import links, rich_text
from iurc.core.blocks import LinkBlock, LinkCardBlock
from iurc.demo import about as seed
from partners.models import Partner
from tests.support import snippet_url

UNSAFE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "java\nscript:alert(1)",
    "\x00javascript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript\x0b:alert(1)",
    "\u00a0javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/",
    "//example.org/",
    "/en/about/",
]
SAFE = [
    "http://example.org/",
    "https://www.iurc.eu/china/",
    "HTTPS://EXAMPLE.ORG/a?b=c#d",
    "mailto:info@iurc.eu",
    "mailto:a@example.org,b@example.org?subject=IURC",
]

PROJECT_APPS = ("iurc.", "partners.", "regions.")


def project_models():
    return [model for model in apps.get_models() if model.__module__.startswith(PROJECT_APPS)]


def url_fields():
    return [
        field
        for model in project_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField)
    ]


def url_blocks(block, name=""):
    """The URL blocks below ``block``, with their names."""
    # An embed's URL is never a link: the site asks the embed's provider for its HTML, and a
    # URL no provider knows shows nothing.
    if isinstance(block, blocks.URLBlock) and not isinstance(block, EmbedBlock):
        yield name, block
    for child_name, child in getattr(block, "child_blocks", {}).items():
        yield from url_blocks(child, child_name)
    if isinstance(block, blocks.ListBlock):
        yield from url_blocks(block.child_block, name)


def stream_url_blocks():
    return [
        found
        for model in project_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
        for found in url_blocks(field.stream_block)
    ]


def test_every_url_column_of_the_project_is_a_safe_url_field():
    fields = url_fields()
    names = {f"{field.model.__name__}.{field.name}" for field in fields}

    assert {
        "Partner.website",
        "AgreementPage.source_url",
        "ProgrammePhasePage.website",
        "RegionPage.external_page",
    } <= names
    assert [field for field in fields if not isinstance(field, links.SafeURLField)] == []


def test_every_url_block_of_every_stream_field_is_a_link_block():
    found = [block for _name, block in stream_url_blocks()]

    assert found
    assert [block for block in found if not isinstance(block, LinkBlock)] == []


def test_templates_render_stored_urls_and_rich_text_only_through_the_safe_filters():
    stored_urls = {field.name for field in url_fields()} | {n for n, _ in stream_url_blocks()}
    read = re.compile(rf"\.({'|'.join(sorted(stored_urls))})\b(\|\w+)?")
    templates = sorted((django_settings.BASE_DIR / "templates").rglob("*.html"))
    assert templates

    for path in templates:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*richtext\b", source), path
        for href in re.findall(r'href="([^"]*)"', source):
            assert not read.search(href), (path, href)
        for tag in re.findall(r"{%\s*(?:with|firstof)\b.*?%}", source):
            for match in read.finditer(tag):
                # source_href is safe_href, then a list of posts names its site instead.
                assert match.group(2) in ("|safe_href", "|source_href"), (path, tag)


@pytest.mark.parametrize("value", UNSAFE)
def test_url_fields_refuse_any_other_scheme(value):
    for field in url_fields():
        with pytest.raises(ValidationError):
            field.clean(value, None)


@pytest.mark.parametrize("value", SAFE)
def test_url_fields_accept_web_addresses_and_mailto(value):
    for field in url_fields():
        assert field.clean(value, None) == value


def test_refusal_says_which_links_are_accepted():
    with pytest.raises(ValidationError) as refused:
        links.validate_url("javascript:alert(1)")

    assert refused.value.messages == [
        "Enter a web address starting with http:// or https://, or an e-mail link starting "
        "with mailto:."
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mailto:", "Enter a valid e-mail address after mailto:."),
        ("mailto:nobody", "Enter a valid e-mail address after mailto:."),
        ("mailto:a@example.org\x00", "Enter a valid e-mail address after mailto:."),
        ("https://exa mple.org/", "Enter a valid URL."),
        ("https://example.org/\x00", "Enter a valid URL."),
        ("https://", "Enter a valid URL."),
    ],
)
def test_a_safe_scheme_with_a_malformed_address_is_refused_with_a_clear_message(value, message):
    with pytest.raises(ValidationError) as refused:
        links.validate_url(value)

    assert refused.value.messages == [message]


def test_full_clean_of_a_partner_refuses_a_javascript_website(db):
    partner = Partner(name="Hanoi", country_id="VN", website="JaVaScRiPt:alert(1)")

    with pytest.raises(ValidationError) as refused:
        partner.full_clean()

    assert list(refused.value.message_dict) == ["website"]
    partner.website = "mailto:info@hanoi.gov.vn"
    partner.full_clean()


def test_admin_form_adds_https_to_a_bare_domain_and_keeps_mailto():
    form_field = Partner._meta.get_field("website").formfield()

    assert form_field.clean("www.hanoi.gov.vn") == "https://www.hanoi.gov.vn"
    assert form_field.clean("mailto:info@hanoi.gov.vn") == "mailto:info@hanoi.gov.vn"
    with pytest.raises(ValidationError):
        form_field.clean("javascript:alert(1)")


def test_admin_refuses_a_partner_with_a_javascript_website(admin_client, db):
    response = admin_client.post(
        snippet_url(Partner, "add"),
        {
            "name_en": "Hanoi",
            "kind": "city",
            "country": "VN",
            "website": "javascript:alert(1)",
            "action-publish": "action-publish",
        },
    )

    assert response.status_code == 200
    assert "Enter a web address starting with http:// or https://" in response.content.decode()
    assert not Partner.objects.exists()


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,x", "vbscript:x"])
def test_a_link_card_refuses_any_other_scheme(value):
    block = LinkCardBlock()
    card = block.to_python({"title": "IUC", "page": None, "external_url": value})

    with pytest.raises(blocks.StructBlockValidationError) as refused:
        block.clean(card)

    assert "external_url" in refused.value.block_errors


@pytest.mark.parametrize("value", SAFE)
def test_a_link_card_accepts_web_addresses_and_mailto(value):
    block = LinkCardBlock()
    card = block.to_python({"title": "IUC", "page": None, "external_url": value})

    assert block.clean(card)["external_url"] == value


# Characters browsers skip when they read a URL's scheme.
IGNORED = st.sampled_from(["\t", "\n", "\r", " ", "\x00", "\x01", "\x1f", "\x7f", "\xa0", "`"])


@settings(max_examples=100, deadline=None)
@given(
    scheme=st.sampled_from(["javascript", "vbscript", "data"]),
    noise=st.lists(st.tuples(st.integers(0, 12), IGNORED), max_size=4),
    upper=st.lists(st.booleans(), min_size=10, max_size=10),
)
def test_no_spelling_of_a_code_scheme_passes_either_rule(scheme, noise, upper):
    letters = [c.upper() if up else c for c, up in zip(scheme, upper, strict=False)]
    value = "".join(letters) + ":alert(1)"
    for position, character in noise:
        value = value[:position] + character + value[position:]

    assert links.safe_href(value) == ""
    with pytest.raises(ValidationError):
        links.validate_url(value)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_whatever_validation_accepts_renders_as_a_link(value):
    try:
        links.validate_url(value)
    except ValidationError:
        return
    assert links.safe_href(value) == value


# --- Rich text: what the editor writes is kept to the byte ---------------------------------

EVERY_FEATURE = {
    "blocks": [
        {"key": "a1b2c", "type": "header-two", "text": "Cities & 'regions' \"together\" <3"},
        {"key": "d3e4f", "type": "unstyled", "text": "Bold it's page doc\nnext line"},
        {"key": "g5h6i", "type": "ordered-list-item", "text": "one"},
        {"key": "j7k8l", "type": "unordered-list-item", "text": "two"},
        {"key": "m9n0o", "type": "atomic", "text": " "},
        {"key": "p1q2r", "type": "atomic", "text": " "},
        {"key": "s3t4u", "type": "atomic", "text": " "},
        {"key": "v5w6x", "type": "header-three", "text": "mail phone anchor"},
        {"key": "y7z8a", "type": "header-four", "text": "h4"},
    ],
    "entityMap": {
        "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"id": 3, "url": "/en/"}},
        "1": {"type": "DOCUMENT", "mutability": "MUTABLE", "data": {"id": 1}},
        "2": {
            "type": "IMAGE",
            "mutability": "IMMUTABLE",
            "data": {"id": 1, "format": "left", "alt": 'Tom & "Jerry" it\'s'},
        },
        "3": {
            "type": "EMBED",
            "mutability": "IMMUTABLE",
            "data": {"url": "https://www.youtube.com/watch?v=abc&t=1"},
        },
        "4": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "https://a.org/?x=1&y='2'"}},
        "5": {"type": "HORIZONTAL_RULE", "mutability": "IMMUTABLE", "data": {}},
        "6": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "mailto:info@iurc.eu"}},
        "7": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "tel:+3222991111"}},
        "8": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "#top"}},
    },
}
STYLES = {
    "d3e4f": [("BOLD", 0, 4), ("ITALIC", 5, 4), ("CODE", 5, 4)],
    "g5h6i": [("SUPERSCRIPT", 0, 3)],
    "j7k8l": [("STRIKETHROUGH", 0, 3)],
}
ENTITIES = {
    "d3e4f": [(4, 0, 4), (0, 10, 4), (1, 15, 3)],
    "m9n0o": [(2, 0, 1)],
    "p1q2r": [(3, 0, 1)],
    "s3t4u": [(5, 0, 1)],
    "v5w6x": [(6, 0, 4), (7, 5, 5), (8, 11, 6)],
}
FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "hr",
    "link",
    "document-link",
    "image",
    "embed",
    "code",
    "superscript",
    "subscript",
    "strikethrough",
    "blockquote",
]


def every_feature_as_stored():
    for block in EVERY_FEATURE["blocks"]:
        block["depth"] = 0
        block["inlineStyleRanges"] = [
            {"style": style, "offset": offset, "length": length}
            for style, offset, length in STYLES.get(block["key"], [])
        ]
        block["entityRanges"] = [
            {"key": key, "offset": offset, "length": length}
            for key, offset, length in ENTITIES.get(block["key"], [])
        ]
    return ContentstateConverter(features=FEATURES).to_database_format(json.dumps(EVERY_FEATURE))


def test_rich_text_written_by_the_editor_is_kept_to_the_byte():
    stored = every_feature_as_stored()
    for element in ("<h2 ", "<b>", "<i>", "<ol>", "<ul>", "<embed ", "<hr/>", "<br/>", "<code>"):
        assert element in stored
    assert 'linktype="page"' in stored and 'href="tel:' in stored and 'href="#top"' in stored

    assert rich_text.clean(stored) == stored


def test_the_about_pages_paragraphs_render_as_wagtail_renders_them_in_every_language():
    # The demo site writes its paragraphs with Django's escape (quotes as entities).
    for language, paragraphs in seed.PARAGRAPHS.items():
        for text in [*paragraphs, seed.FUNDING[language]]:
            for stored in (f"<p>{text}</p>", f"<p>{escape(text)}</p>"):
                assert str(rich_text.render(stored)) == str(richtext(stored)), language


@pytest.mark.parametrize(
    "url, listing",
    [
        ("https://www.iurc.eu/author/kfeng/page/2/", True),
        ("https://www.iurc.eu/category/news-asia-australasia/", True),
        ("https://www.iurc.eu/2023/", True),
        ("https://www.iurc.eu/2023/05/12/bologna-and-yangzhou-sign/", False),
        ("http://iuc.eu/index.php?id=259", False),
    ],
)
def test_lists_of_posts_are_told_from_posts(url, listing):
    assert links.is_listing_page(url) is listing
    assert (links.source_href(url) == "https://www.iurc.eu/") is listing


@pytest.mark.parametrize("value", UNSAFE)
def test_a_source_link_keeps_to_the_safe_schemes(value):
    assert links.source_href(value) == ""
