"""The abstract page every page type of the portal inherits."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

from iurc import languages, translation_state
from iurc.translation_state import TranslatedSaveMixin


class BasePage(Page):
    """Listing and sharing fields, and the reader-facing translation state of a page."""

    listing_summary = models.TextField(
        _("listing summary"),
        blank=True,
        max_length=300,
        help_text=_("Shown on cards and in search results. Falls back to the search description."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared. 1200×630 pixels works best."),
    )

    # Fields a visitor reads, checked by the fallback notice; subclasses extend this.
    reader_fields = ("title",)

    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading=_("For search engines"),
        ),
        MultiFieldPanel(
            [FieldPanel("listing_summary"), FieldPanel("social_image")],
            heading=_("For listings and sharing"),
        ),
        FieldPanel("show_in_menus"),
    ]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        # Wagtail checks restrictions on the page, its ancestors and their alias sources on
        # every request (two or three queries). Most sites have none: one cheap query says so,
        # or none at all when the site look-up already asked (iurc.routing.prime_route puts
        # the answer on the page it routes to).
        exist = getattr(self, "view_restrictions_exist", None)
        if exist is None:
            exist = PageViewRestriction.objects.exists()
        if not exist:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def url_suffix(self, request):
        """What follows this page's URL, in any language, for the view ``request`` shows.

        The language switcher, hreflang alternates and canonical URL add it to the page's URL
        in each language: pages with views of their own below their URL (and query strings
        that mean the same in every language) say so here.
        """
        return ""

    @property
    def summary_text(self):
        return self.listing_summary or self.search_description or ""

    def fallback_languages(self, language=None):
        """Languages other than ``language`` that some visible field is shown in."""
        return translation_state.fallback_languages(self, self.reader_fields, language)

    def get_search_text(self):
        """The text of this page a visitor can search for, in the active language."""
        return [self.summary_text]

    def _translations(self, field_names):
        values = []
        for name in field_names:
            for code in languages.codes():
                value = getattr(self, languages.localized_field(name, code), None)
                if isinstance(value, str) and value.strip() and value not in values:
                    values.append(value)
        return " ".join(values)

    def titles_for_search(self):
        """Every translation of the title, for the admin's page search."""
        return self._translations(["title"])

    def translations_for_search(self):
        """Every translation of the searchable text fields, for the admin's page search."""
        searchable = {field.field_name for field in type(self).search_fields}
        names = [
            name for name in translation_state.translated_fields(type(self)) if name in searchable
        ]
        return self._translations(["title", *names])


class IndexPage(TranslatedSaveMixin, BasePage):
    """A section's landing page (phases, regions, agreements): an introduction, then a list.

    There is one of each kind, directly under the home page.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    reader_fields = ("title", "intro")
    parent_page_types = ["iurc.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    def get_search_text(self):
        return [*super().get_search_text(), self.intro]
