"""World regions the programme works in, and the countries of its partners."""

from django import forms
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from iurc.core.blocks import BodyBlock
from iurc.core.collation import sorted_by_name
from iurc.core.languages import country_name
from iurc.core.links import SafeURLField
from iurc.core.models import BasePage, IndexPage, LeadImageMixin
from iurc.core.visibility import public_pages

# A region page shows its newest agreements and links to the rest in the database.
REGION_AGREEMENTS = 12


class Country(models.Model):
    """An ISO 3166-1 country. Its name comes from CLDR in the reader's language."""

    code = models.CharField(_("ISO 3166-1 code"), max_length=2, primary_key=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return country_name(self.code)


class RegionIndexPage(IndexPage):
    subpage_types = ["regions.RegionPage"]
    template = "pages/regions/region_index_page.html"

    class Meta:
        verbose_name = _("region index")
        verbose_name_plural = _("region indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regions"] = (
            public_pages(RegionPage.objects.child_of(self))
            .prefetch_related("countries")
            .order_by("path")
        )
        return context


class RegionPage(LeadImageMixin, BasePage):
    """A world region: its partner countries, its quotes and, listed live, its agreements."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    countries = ParentalManyToManyField(
        Country, verbose_name=_("partner countries"), related_name="regions", blank=True
    )
    external_page = SafeURLField(
        _("external page"),
        blank=True,
        help_text=_("The region's page on the programme's other websites, if there is one."),
    )
    quotes = ParentalManyToManyField(
        "core.Quote", verbose_name=_("quotes"), related_name="regions", blank=True
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        *LeadImageMixin.lead_image_panels,
        FieldPanel("countries", widget=forms.SelectMultiple(attrs={"size": 12})),
        FieldPanel("external_page"),
        FieldPanel("quotes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]

    parent_page_types = ["regions.RegionIndexPage"]
    # Named, not imported: the networks app builds on this one.
    subpage_types = ["networks.ThematicNetworkPage"]
    template = "pages/regions/region_page.html"

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    @cached_property
    def _countries(self):
        return list(self.countries.all())

    @property
    def sorted_countries(self):
        """Partner countries by their name in the reader's language, in its order (ICU
        collation). Sorted on each call: search reads it in every language in turn."""
        return sorted_by_name(self._countries, key=lambda country: country.name)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Rows of the agreements database (partners.ListedAgreement), which builds on regions.
        listed = self.listed_agreements.newest_first()
        context["agreements"] = listed.agreement_pages(REGION_AGREEMENTS, request)
        context["agreement_count"] = listed.count()
        context["region_quotes"] = self.quotes.filter(live=True)
        context["phases"] = public_pages(self.programme_phases.all()).order_by("start_year")
        return context

    def get_search_text(self):
        countries = [country.name for country in self.sorted_countries]
        return [*super().get_search_text(), *countries]
