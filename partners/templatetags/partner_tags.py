"""Links into the agreements database from any page (cards, agreement pages, region pages)."""

from django import template

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
def database_url(context):
    """The agreements database in the reader's language, or "" when the site has none."""
    return _database_url(context.get("request"), context.get("page")) or ""


@register.simple_tag(takes_context=True)
def agreement_url(context, agreement):
    """The URL of an agreement on its card: the one a list worked out with its card
    (``partners.cards``), or the page's own."""
    url = getattr(agreement, "listing_url", None)
    return url if url is not None else agreement.get_url(request=context.get("request"))
