"""The abstract page every page type of the portal inherits."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

from iurc.core import languages, translation_state
from iurc.core.stream_text import stream_text
from iurc.core.translation_state import TranslatedSaveMixin


class BasePage(TranslatedSaveMixin, Page):
    """Listing and sharing fields, the reader-facing translation state of a page, and saving
    that keeps the English columns English (``TranslatedSaveMixin``).

    What a reader reads is declared once, in the app's ``translation.py``: the title and the
    fields a page type registers there are its reader fields, which the fallback notice,
    search and the translators' tools derive from (``translation_state.reader_fields``).
    """

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

    # A change to one page of a type with thousands of pages (the agreements) empties only the
    # cached responses that showed it, or listed pages of its type; a change to any other page
    # empties every response that read pages: the menus show those pages everywhere
    # (iurc/core/cache_tags.py).
    changes_show_narrowly = False
    # A page that shows everything (the home page, an agreements database) is purged from a CDN
    # after any change (iurc/core/frontend_purge.py).
    purged_on_every_change = False

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
        # or none at all when the site look-up already asked (iurc.core.routing.prime_route puts
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
        return translation_state.fallback_languages(
            self, translation_state.reader_fields(type(self)), language
        )

    def get_search_text(self):
        """The text of this page a visitor can search for, in the active language: its
        summary and its reader fields. Page types add what they show beside them."""
        texts = [self.summary_text]
        for name in translation_state.reader_fields(type(self))[1:]:
            value = getattr(self, name)
            texts.extend(stream_text(value) if isinstance(value, StreamValue) else [value])
        return texts

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
        """Every translation of the reader fields, for the admin's page search."""
        return self._translations(translation_state.reader_fields(type(self)))


class IndexPage(BasePage):
    """A section's landing page (phases, regions, agreements): an introduction, then a list.

    There is one of each kind, directly under the home page.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True
