"""The per-language search index of live pages and of the views routed under them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SearchDocument(models.Model):
    """What a reader of one language sees on one live page, or on one view under its URL (a
    partner's profile under the agreements database), folded for matching.

    Only documents marked ``public`` are ever searched.

    ``folded`` is lower-cased with Latin diacritics removed (see ``iurc.core.search.fold``), so
    "hợp tác" and "hop tac" both match; scripts written without spaces (Chinese, Japanese,
    Thai) match as substrings.
    """

    class Kind(models.TextChoices):
        """What a result is, shown beside it (a page type declares its ``search_kind``)."""

        PAGE = "page", pgettext_lazy("search result type", "Page")
        AGREEMENT = "agreement", pgettext_lazy("search result type", "Agreement")
        PARTNER = "partner", pgettext_lazy("search result type", "Partner profile")
        NEWS = "news", pgettext_lazy("search result type", "News")
        EVENT = "event", pgettext_lazy("search result type", "Event")
        CALL = "call", pgettext_lazy("search result type", "Call for applications")
        PUBLICATION = "publication", pgettext_lazy("search result type", "Publication")
        NETWORK = "network", pgettext_lazy("search result type", "Thematic network")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="search_documents"
    )
    # The view's path under the page's URL ("partners/12/"), empty for the page itself.
    route = models.CharField(max_length=200, blank=True, default="")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PAGE)
    language = models.CharField(_("language"), max_length=10)
    title = models.TextField(_("title"))
    summary = models.TextField(_("summary"), blank=True)
    folded_title = models.TextField()
    folded = models.TextField()
    # Whether the public may see the page (``iurc.core.visibility``). A live page's documents
    # stay while a view restriction hides it, so that adding or removing one on a branch of
    # thousands of pages is one update, not a new index of every page.
    public = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "route", "language"], name="unique_search_document_route"
            )
        ]
        indexes = [models.Index(fields=["language"])]

    def __str__(self):
        return f"{self.title} [{self.language}]"

    @property
    def url(self):
        """Where the result is read: the page's URL in the active language, and the route."""
        base = self.page.url
        return f"{base}{self.route}" if base else ""
