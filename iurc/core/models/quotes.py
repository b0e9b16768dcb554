"""Snippets of the core app: quotes shown on pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import PreviewableMixin
from wagtail.search import index

from .review import ReviewedSnippet


class Quote(PreviewableMixin, index.Indexed, ReviewedSnippet):
    """Something a person or a place said about the programme.

    A quote is credited to a speaker (with role and organisation), to a place, or to both.
    """

    text = models.TextField(_("text"), max_length=2000)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("For example: Bratislava (Slovakia)")
    )

    panels = [
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("speaker"),
                FieldRowPanel([FieldPanel("role"), FieldPanel("organisation")]),
                FieldPanel("place"),
            ],
            heading=_("Attribution"),
        ),
    ]
    search_fields = [
        index.SearchField("text"),
        index.SearchField("speaker"),
        index.AutocompleteField("speaker"),
        index.SearchField("place"),
    ]

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["speaker", "place", "pk"]

    def __str__(self):
        credit = self.attribution or self.text[:40]
        return f"{credit}: {self.text[:60]}…" if self.attribution else credit

    @property
    def attribution(self):
        """Who or where the quote comes from, as one line."""
        parts = [self.speaker, self.role, self.organisation]
        who = ", ".join(part for part in parts if part)
        if self.place and who:
            return f"{who} ({self.place})" if self.place not in who else who
        return who or self.place

    def get_search_text(self):
        return [self.text, self.attribution]

    def get_preview_template(self, request, mode_name):
        return "components/quote_preview.html"
