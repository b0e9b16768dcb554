"""Publications: a filterable library and one page per brochure, report or factsheet.

A publication has one file per language it exists in (``PublicationDocument``, a Wagtail
document each). Its page offers the reader's language first, else the first language of the
reader's fallback chain it exists in, and lists the others by their own names.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from iurc.core import languages
from iurc.core.models.base import BasePage, IndexPage
from iurc.core.visibility import public_pages
from iurc.publications.filters import PublicationFilter


class PublicationIndexPage(IndexPage):
    subpage_types = ["publications.PublicationPage"]
    template = "pages/publications/publication_index_page.html"

    class Meta:
        verbose_name = _("publication library")
        verbose_name_plural = _("publication libraries")

    def url_suffix(self, request):
        """The filters and page shown: they read the same in every language."""
        if request is None:
            return ""
        kept = [
            (key, value)
            for key in ("type", "year", "region", "network", "language", "page")
            for value in request.GET.getlist(key)[:1]
            if value.strip()
        ]
        return f"?{urlencode(kept)}" if kept else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        publications = public_pages(PublicationPage.objects.child_of(self), request)
        context["filter"] = library = PublicationFilter(request, publications)
        context["publications"] = library.page
        return context


class PublicationPage(BasePage):
    search_kind = "publication"  # what a search result says it is (SearchDocument.Kind)

    class Type(models.TextChoices):
        BROCHURE = "brochure", _("Brochure")
        REPORT = "report", _("Report")
        FACTSHEET = "factsheet", _("Factsheet")
        STUDY = "study", _("Study")
        GUIDE = "guide", _("Guide")
        OTHER = "other", _("Other publication")

    publication_type = models.CharField(
        _("type"), max_length=20, choices=Type.choices, default=Type.BROCHURE
    )
    year = models.PositiveSmallIntegerField(_("year of publication"))
    summary = models.TextField(_("summary"), blank=True, max_length=600)
    description = RichTextField(
        _("description"), blank=True, features=["h3", "bold", "italic", "ol", "ul", "link"]
    )
    regions = ParentalManyToManyField(
        "regions.RegionPage",
        verbose_name=_("regions"),
        related_name="publications",
        blank=True,
        help_text=_("Leave empty for a publication about the whole programme."),
    )
    networks = ParentalManyToManyField(
        "networks.ThematicNetworkPage",
        verbose_name=_("thematic networks"),
        related_name="publications",
        blank=True,
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("publication_type"), FieldPanel("year")]),
                FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("networks", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Facts"),
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel("documents", heading=_("Files, one per language"), label=_("file")),
    ]

    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []
    template = "pages/publications/publication_page.html"

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def documents_for_reader(self, language=None):
        """(the file offered first, whether it is in ``language``, the other files): the
        reader's language, else the first of its fallback chain the publication exists in;
        the others in the site's order of languages."""
        language = language or languages.active_language()
        files = {
            item.language: item
            for item in self.documents.select_related("document")
            if item.document_id
        }
        order = {code: position for position, code in enumerate(languages.codes())}
        offered = next(
            (files[code] for code in languages.fallback_chain(language) if code in files), None
        )
        if offered is None and files:
            offered = files[min(files, key=lambda code: order.get(code, len(order)))]
        others = sorted(
            (item for code, item in files.items() if item is not offered),
            key=lambda item: order.get(item.language, len(order)),
        )
        return offered, offered is not None and offered.language == language, others

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        offered, own_language, others = self.documents_for_reader()
        context["offered_document"] = offered
        context["offered_in_own_language"] = own_language
        context["other_documents"] = others
        context["publication_regions"] = public_pages(self.regions.all(), request).order_by("path")
        networks = public_pages(self.networks.all(), request)
        context["publication_networks"] = networks.order_by("path")
        return context

    def get_search_text(self):
        return [
            *super().get_search_text(),
            str(self.get_publication_type_display()),
            str(self.year),
        ]


class PublicationDocument(Orderable):
    """The file of a publication in one language."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="documents")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("language"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="one_publication_file_per_language"
            )
        ]

    @property
    def native_name(self):
        return languages.NATIVE_NAMES.get(self.language, self.language)
