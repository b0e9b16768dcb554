"""Template tags for the public site: languages, navigation, translation state, safe links."""

from urllib.parse import urlsplit

from django import template
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.html import format_html
from wagtail.models import Page, Site

from iurc.core import languages, links, navigation, rich_text
from iurc.core import seo as seo_helpers
from iurc.core.completeness import listed_in_switcher
from iurc.core.routing import page_url
from iurc.core.translation_state import fallback_languages as used_languages

register = template.Library()


def _page_url_in(page, request, code):
    return page_url(request, page, code)


@register.simple_tag(takes_context=True, name="page_url")
def page_url_tag(context, page):
    """``{% pageurl page %}``, worked out once per page and language in a request."""
    if not isinstance(page, Page):
        raise ValueError(f"page_url expected a Page object, got {page!r}")
    return page_url(context.get("request"), page)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page (or view) in every language: code, native name, URL, current flag.

    Used by the hreflang head and by the switcher: computed once per request.
    """
    request = context.get("request")
    cached = getattr(request, "_iurc_language_links", None)
    if cached is None:
        cached = _language_links(request, context.get("page"))
        if request is not None:
            request._iurc_language_links = cached
    return cached


def _language_links(request, page):
    current = languages.active_language()
    links = []
    for code in languages.codes():
        # Pages not translated enough in a language are not offered in it (their URL works).
        if isinstance(page, Page) and not listed_in_switcher(page, code, current):
            continue
        if isinstance(page, Page):
            url = _page_url_in(page, request, code)
            if url and request is not None and hasattr(page, "url_suffix"):
                url += page.url_suffix(request)
        else:
            url = translate_url(request.get_full_path() if request else "/", code)
        links.append(
            {
                "code": code,
                "name": languages.NATIVE_NAMES[code],
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if request and url else url,
                "is_current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def menu_items(context):
    """Navigation entries: the page, and "page"/"true" for aria-current when it is (in) it."""
    request = context.get("request")
    if request is None:
        return []
    current = context.get("page")
    items = []
    for item in navigation.menu_pages(request):
        state = None
        if isinstance(current, Page) and current.path.startswith(item.path):
            state = "page" if current.pk == item.pk else "true"
        items.append({"page": item, "current": state})
    return items


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


def _ancestors_below_root(page):
    """Ancestors from the home page down. Routing has usually loaded them already."""
    chain = []
    current = page
    while current.depth > 2:
        parent = getattr(current, "_cached_parent_obj", None)
        if parent is None:
            return list(page.get_ancestors().filter(depth__gt=1).defer_streamfields())
        chain.append(parent)
        current = parent
    return chain[::-1]


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context):
    """The page's ancestors below the tree root, then the page itself (once per request)."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page):
        return []
    cached = getattr(request, "_iurc_breadcrumbs", None)
    if cached is None or cached[0] != page.pk:
        # An unpublished page above a live one is not named (``iurc.core.visibility``); a
        # restricted one cannot be there, or this page would not be shown.
        ancestors = [ancestor for ancestor in _ancestors_below_root(page) if ancestor.live]
        cached = (page.pk, [*ancestors, page])
        if request is not None:
            request._iurc_breadcrumbs = cached
    return cached[1]


@register.simple_tag(takes_context=True)
def seo(context):
    """Description, Open Graph locales and JSON-LD for the page (or view) being rendered."""
    request = context.get("request")
    page = context.get("page") if isinstance(context.get("page"), Page) else None
    current = languages.active_language()
    return {
        "description": seo_helpers.description(page),
        "og_locale": seo_helpers.OG_LOCALES[current],
        "og_alternates": [
            locale for code, locale in seo_helpers.OG_LOCALES.items() if code != current
        ],
        "json_ld": seo_helpers.json_ld(request, page, breadcrumb_pages(context)) if request else "",
    }


@register.simple_tag
def fallback_languages(page):
    if page is None or not hasattr(page, "fallback_languages"):
        return []
    return page.fallback_languages()


@register.simple_tag
def lang_attr(instance, field_name):
    """` lang="xx"` when ``field_name`` is shown in another language than the page's."""
    used = used_languages(instance, [field_name], whole=True)
    return format_html(' lang="{}"', used[0]) if used else ""


@register.filter
def block_language(stream, block):
    """The language a block of a translated StreamField is shown in, when it is not the
    page's: a block not translated yet is read in a fallback language (``segments``)."""
    return getattr(stream, "fallbacks", {}).get(block.id, "")


@register.filter
def language_name(code):
    """A language's name in the reader's language ("Tiếng Anh" for en, read in Vietnamese)."""
    # Django's own catalogue names languages as a label ("Inglés"); in a sentence they read
    # otherwise ("en inglés"), so ours names them under a context of its own.
    return translation.pgettext(
        "language, in a sentence", translation.get_language_info(code)["name"]
    )


@register.filter
def machine_time(moment):
    """An aware datetime as a ``<time datetime>`` value in the site's time zone, to the second:
    HTML allows at most three digits of a fraction, Django's "c" format writes six."""
    if not moment:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds")


@register.filter
def country_name(code):
    return languages.country_name(code)


@register.filter
def safe_href(url):
    """A stored URL if a browser may follow it (``iurc.core.links``), else "": templates
    link a stored URL only through this filter and show any other value as text."""
    return links.safe_href(url)


@register.filter
def source_href(url):
    """An agreement's source as a link: the page, or the site of a list of posts
    (``links.source_href``)."""
    return links.source_href(url)


@register.filter
def link_host(url):
    """The site a URL leads to ("www.iuc.eu" → "iuc.eu"), to name a link by where it goes
    rather than by a long address."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


@register.filter
def safe_richtext(value):
    """Stored rich text with only what the editor writes, links and embeds expanded
    (``iurc.core.rich_text``): use it instead of Wagtail's ``richtext`` filter."""
    return rich_text.render(value)
