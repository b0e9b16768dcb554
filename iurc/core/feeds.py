"""RSS 2.0 and Atom feeds of the pages an index page lists, in the reader's language.

A content app (news, events, calls) gives its index page ``FeedRoutesMixin`` and says which
pages it lists with ``feed_items(request)``; the page then answers ``feed/rss/`` and
``feed/atom/`` below its URL in every language (the language prefix chooses the language of
the titles and summaries, as for the pages themselves), and ``feed_links(request)`` gives the
``<link rel="alternate">`` of both for the head of any page (``components/feed_links.html``).

An item may say more than its title and summary by defining ``feed_date`` (when it was
published, or when the event begins…), ``feed_description`` and ``feed_categories``.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.contrib.routable_page.models import path

# The newest this many items: readers poll feeds, and a long feed costs every poll.
FEED_ITEMS = 20


class PageFeed(Feed):
    """RSS 2.0: the items ``index_page.feed_items(request)`` returns, newest first."""

    feed_type = Rss201rev2Feed
    limit = FEED_ITEMS

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        self.request = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index_page

    def title(self, index_page):
        return index_page.title

    def link(self, index_page):
        return index_page.get_url(self.request)

    def description(self, index_page):
        return index_page.summary_text or index_page.title

    def items(self, index_page):
        return list(index_page.feed_items(self.request)[: self.limit])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        description = getattr(item, "feed_description", None)
        return description if description is not None else item.summary_text

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return getattr(item, "feed_date", None) or item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return getattr(item, "feed_categories", ())


class AtomPageFeed(PageFeed):
    feed_type = Atom1Feed

    def subtitle(self, index_page):
        return self.description(index_page)


FEED_TYPES = {
    "rss": (PageFeed, "application/rss+xml", "RSS"),
    "atom": (AtomPageFeed, "application/atom+xml", "Atom"),
}


class FeedRoutesMixin:
    """For a ``RoutablePageMixin`` index page: its RSS and Atom feeds.

    Subclasses define ``feed_items(request)`` (a queryset of public pages, newest first) and
    may set ``rss_feed_class``/``atom_feed_class`` to feeds of their own.
    """

    rss_feed_class = PageFeed
    atom_feed_class = AtomPageFeed

    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request):
        return self.rss_feed_class(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return self.atom_feed_class(self)(request)

    def feed_items(self, request):
        raise NotImplementedError

    def feed_links(self, request):
        """The ``<link rel="alternate">`` of this page's feeds (``feed_links``)."""
        return feed_links(self.get_url(request), self.title)


def feed_links(index_url, title):
    """[{"type", "title", "url"}] of the feeds of the index page at ``index_url`` (its URL in
    the active language: a generic page's from the menu will do, no query needed)."""
    if not index_url:
        return []
    return [
        {
            "type": media_type,
            "title": f"{title} ({label})",
            "url": f"{index_url}feed/{kind}/",
        }
        for kind, (_feed, media_type, label) in FEED_TYPES.items()
    ]
