"""The per-language search index of live pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What a reader of one language sees on one live page, folded for matching.

    Only documents marked ``public`` are ever searched.

    ``folded`` is lower-cased with Latin diacritics removed (see ``iurc.core.search.fold``), so
    "hợp tác" and "hop tac" both match; scripts written without spaces (Chinese, Japanese,
    Thai) match as substrings.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="search_documents"
    )
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
            models.UniqueConstraint(fields=["page", "language"], name="unique_search_document")
        ]
        indexes = [models.Index(fields=["language"])]

    def __str__(self):
        return f"{self.title} [{self.language}]"
