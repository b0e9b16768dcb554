"""Rich text as a reader gets it: only what the editor can write, whatever reached the database.

The editor (Draftail) stores a small HTML vocabulary: paragraphs and headings with a
``data-block-key``, bold, italic, lists, line breaks, rules, links (``<a href>`` or
``<a linktype="page" id="…">``) and embedded images and media (``<embed embedtype="…">``).
Rows written another way (SQL, a script, an old import) could hold anything else: a
``<script>``, an ``onerror`` attribute, a ``javascript:`` link. ``render`` is the one path from
stored rich text to a page (the ``safe_richtext`` filter, used for every rich text field and
paragraph block): it keeps that vocabulary, drops everything else, then expands links and
embeds as Wagtail's ``richtext`` filter does.

Cleaning uses Wagtail's own whitelisting engine on the stored form, before links and embeds
are expanded (their HTML comes from the site and the embed providers). The tree is written
back in the form it was stored in, so clean content renders exactly as before; a source is
cleaned once per process (``clean`` is cached).
"""

import html
import warnings
from functools import lru_cache

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import PreformattedString
from bs4.formatter import HTMLFormatter
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.rich_text import RichText, expand_db_html
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.whitelist import Whitelister, allow_without_attributes, attribute_rule

from iurc.core import links
from iurc.core.visibility import public_pages

# Stored rich text that looks like a URL or an XML document is still read as HTML.
for _warning in (MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning):
    warnings.filterwarnings("ignore", category=_warning, module=r"iurc\.core\.rich_text")

# Elements whose content is code or hidden markup, not text: dropped whole. Any other
# unknown element is unwrapped and its text kept (Wagtail's rule).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "noscript", "textarea", "title", "svg"}
    | {"math", "noembed", "noframes", "xmp", "plaintext", "select", "frameset", "frame"}
)


def _link_href(value):
    return value if links.is_safe_href(value, links.RICH_TEXT_SCHEMES, relative=True) else None


_block = attribute_rule({"data-block-key": True})
_link = attribute_rule({"href": _link_href, "linktype": True, "id": True})
_image_embed = attribute_rule({"embedtype": True, "id": True, "format": True, "alt": True})
_media_embed = attribute_rule({"embedtype": True, "url": True})


def _embed(tag):
    kind = tag.get("embedtype")
    if kind == "image":
        _image_embed(tag)
    elif kind == "media" and links.is_safe_href(tag.get("url"), links.WEB_SCHEMES):
        _media_embed(tag)
    else:
        tag.decompose()


ELEMENT_RULES = {
    "[document]": allow_without_attributes,
    **dict.fromkeys(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"), _block),
    **dict.fromkeys(
        ("b", "strong", "i", "em", "u", "s", "code", "sup", "sub", "ol", "ul", "br", "hr", "div"),
        allow_without_attributes,
    ),
    "a": _link,
    "embed": _embed,
}


class _StoredFormFormatter(HTMLFormatter):
    """Writes a tree as rich text is stored: every attribute double-quoted with ``&``, ``<``,
    ``>`` and quotes escaped (as Wagtail's whitelister writes them, and as its link and embed
    rewriter reads them), void elements closed with ``/>``; in text, ``&``, ``<`` and ``>``
    escaped, and quotes too when ``escape_quotes`` (Draftail leaves them, Django's ``escape``
    does not)."""

    def __init__(self, escape_quotes):
        super().__init__(entity_substitution=escape)
        self.escape_quotes = escape_quotes

    def substitute(self, ns):
        return html.escape(ns, quote=self.escape_quotes)

    def attribute_value(self, value):
        return escape(value)

    def attributes(self, tag):
        return tag.attrs.items()  # in their order (BeautifulSoup sorts them by default)


# The two forms stored rich text comes in: as Draftail writes it, and escaped by Django
# (content written by code, such as the demo site's).
_DRAFTAIL_FORM = _StoredFormFormatter(escape_quotes=False)
_ESCAPED_FORM = _StoredFormFormatter(escape_quotes=True)


class StoredRichTextCleaner(Whitelister):
    element_rules = ELEMENT_RULES

    def clean(self, source):
        """The cleaned tree of ``source``, written back in the form ``source`` is in when it
        is in one of them (so clean content is unchanged to the byte), else as Draftail
        writes it. Either way the result is written from the cleaned tree, never passed
        through: what a browser parses is what was checked."""
        doc = BeautifulSoup(source, "html.parser")
        self.clean_node(doc, doc)
        written = doc.decode(formatter=_DRAFTAIL_FORM)
        if written != source:
            escaped = doc.decode(formatter=_ESCAPED_FORM)
            if escaped == source:
                return escaped
        return written

    def clean_string_node(self, doc, node):
        # Comments, but also CDATA sections, declarations and processing instructions: they
        # are written back verbatim, and a browser reads "<![CDATA[ >" as a comment that ends
        # at the first ">", so markup hidden in them would become live.
        if isinstance(node, PreformattedString):
            node.extract()

    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED_WITH_CONTENT:
            tag.decompose()
        else:
            super().clean_tag_node(doc, tag)


_cleaner = StoredRichTextCleaner()


@lru_cache(maxsize=512)
def clean(source):
    """``source`` (stored rich text) with only the editor's elements, attributes and links."""
    return _cleaner.clean(source)


def render(value):
    """Stored rich text (a ``RichText`` or its HTML) as the HTML a reader gets."""
    if isinstance(value, RichText):
        value = value.source
    source = "" if value is None else str(value)
    return mark_safe(expand_db_html(clean(source)) if source else "")  # noqa: S308 - cleaned


class PublicPageLinkHandler(PageLinkHandler):
    """Links in rich text to pages on this site, for pages the public may see: a link to a
    draft or a restricted page keeps its text and loses its address (``<a>``), as Wagtail
    renders a link to a deleted page."""

    @classmethod
    def get_many(cls, attrs_list):
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        candidates = Page.objects.filter(pk__in=[pk for pk in ids if pk.isdecimal()])
        pages = public_pages(candidates).defer_streamfields().specific()
        by_id = {str(page.pk): page for page in pages}
        return [by_id.get(pk) for pk in ids]
