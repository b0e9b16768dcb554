"""Links into the agreements database from any page (cards, agreement pages, region pages)."""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from iurc.core import languages, navigation
from iurc.core.routing import page_url
from partners.models import AgreementIndexPage

register = template.Library()


def _database_url(request, context_page):
    """The URL of the agreements database in the reader's language (no query when the menu
    has loaded it)."""
    if isinstance(context_page, AgreementIndexPage):
        return page_url(request, context_page)
    cache = getattr(request, "_iurc_database_urls", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._iurc_database_urls = cache
    language = languages.active_language()
    if language not in cache:
        # A section of the site, which the menu has loaded; a restricted one still has a URL.
        index_page = (
            navigation.section(request, AgreementIndexPage) if request is not None else None
        ) or AgreementIndexPage.objects.live().defer_streamfields().first()
        cache[language] = index_page.get_url(request) if index_page else None
    return cache[language]


@register.simple_tag(takes_context=True)
def partner_url(context, partner):
    """The public profile of ``partner``, or "" when the site has no agreements database."""
    base = _database_url(context.get("request"), context.get("page"))
    return f"{base}partners/{partner.pk}/" if base else ""


@register.simple_tag(takes_context=True)
def partner_names(context, partners):
    """Partners as "Name (Country), …", each name linked to its profile when the site has an
    agreements database; built here, not by a template included for each side of each card."""
    names = []
    base = None
    for partner in partners:
        if base is None:
            base = _database_url(context.get("request"), context.get("page")) or ""
        url = f"{base}partners/{partner.pk}/" if base else ""
        name = (
            format_html('<a href="{}">{}</a>', url, partner.name)
            if url
            else conditional_escape(partner.name)
        )
        names.append(format_html("{} ({})", name, partner.country_name))
    # Ended by the line end of the template this replaced, so that pages stay the same.
    return mark_safe(", ".join(names) + "\n")


@register.simple_tag(takes_context=True)
def database_url(context):
    """The agreements database in the reader's language, or "" when the site has none."""
    return _database_url(context.get("request"), context.get("page")) or ""


@register.simple_tag(takes_context=True)
def agreement_url(context, agreement):
    """``{% pageurl %}`` of an agreement card's agreement: a page, or a list's card
    (``partners.cards``), which worked out its URL with the others."""
    return agreement.get_url(request=context.get("request"))


@register.simple_tag
def facet_options(facet):
    """The ``<option>`` of each choice of a filter (components/agreement_filters.html), built
    here in one pass: the form lists a hundred choices or more, and the template language
    looked up each one's four values one by one."""
    return format_html_join(
        "",
        '<option value="{}"{}>{} ({})</option>',
        (
            (
                choice.value,
                mark_safe(" selected") if choice.selected else "",
                choice.label,
                choice.count,
            )
            for choice in facet.choices
        ),
    )
