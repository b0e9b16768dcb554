"""The latest reads on pages of other apps (home, region, network pages), and the news feeds'
head links: the layers below this app show news through these tags, never by importing it."""

from django import template
from wagtail.models import Site

from iurc.core import feeds, languages, memo, navigation
from iurc.core.visibility import public_pages
from iurc.news.models import NewsIndexPage, NewsPage
from partners.cards import page_urls

register = template.Library()

LATEST_READS = 3


@register.inclusion_tag("components/latest_reads.html", takes_context=True)
def latest_reads(context, region=None, network=None, limit=LATEST_READS):
    """The newest public articles (of ``region`` or ``network`` when given).

    Articles live under the news index, a section of the site that the menu has loaded: with
    none there is nothing to read, and nothing is asked. Otherwise one query of plain rows,
    whatever the number of articles or languages, which each process remembers while nothing
    it read has changed (``iurc/core/memo.py``), as the home page's other sections are.
    """
    request = context.get("request")
    index = navigation.section(request, NewsIndexPage) if request is not None else None
    if index is None:
        return {"reads": [], "news_link": ""}
    site = Site.find_for_request(request)
    key = (
        "latest-reads",
        site.pk if site else None,
        languages.active_language(),
        getattr(region, "pk", None),
        getattr(network, "pk", None),
        limit,
    )
    reads = memo.remembered(request, key, lambda: _reads(request, region, network, limit))
    link = index.get_url(request) or ""
    if link and region is not None:
        link += f"?region={region.pk}"
    elif link and network is not None:
        link += f"?network={network.pk}"
    return {"reads": reads, "news_link": link}


def _reads(request, region, network, limit):
    language = languages.active_language()
    title_columns = languages.fallback_columns("title", language)
    path_columns = languages.fallback_columns("url_path", language)
    intro_columns = languages.fallback_columns("intro", language)
    articles = public_pages(NewsPage.objects.all(), request)
    if region is not None:
        articles = articles.filter(regions=region)
    if network is not None:
        articles = articles.filter(networks=network)
    rows = articles.order_by("-date", "-first_published_at", "-pk").values_list(
        "date", *title_columns, *path_columns, *intro_columns
    )[:limit]
    first = languages.first_translation
    reads = []
    for date, *columns in rows:
        titles, columns = columns[: len(title_columns)], columns[len(title_columns) :]
        paths, intros = columns[: len(path_columns)], columns[len(path_columns) :]
        reads.append(
            {"date": date, "title": first(titles), "path": first(paths), "intro": first(intros)}
        )
    urls = page_urls({read["path"] for read in reads}, request)
    for read in reads:
        read["url"] = urls.get(read.pop("path"))
    return reads


@register.inclusion_tag("components/feed_links.html", takes_context=True)
def news_feed_links(context):
    """``<link rel="alternate">`` to the news feeds in the reader's language (no query: the
    news index is a section of the site, which the menu has loaded)."""
    request = context.get("request")
    index = navigation.section(request, NewsIndexPage) if request is not None else None
    if index is None:
        return {"feeds": []}
    return {"feeds": feeds.feed_links(index.get_url(request), index.title)}
