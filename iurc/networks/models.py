"""Thematic networks: in each region, the cities that work together on one theme.

A network page sits under its region's page. Its agreements are not chosen by hand: they are
the public agreements of its theme (``partners.Theme``) in that region, read from the
agreements database's listing rows, so they follow every publication there.
"""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from iurc.core.blocks import BodyBlock
from iurc.core.models import BasePage
from partners.agreements import ListedAgreementTheme
from partners.cards import agreement_cards
from regions.models import RegionPage

# A network page shows its newest agreements and links to the rest in the database.
NETWORK_AGREEMENTS = 12


class ThematicNetworkPage(BasePage):
    search_kind = "network"  # what a search result says it is (SearchDocument.Kind)

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    theme = models.ForeignKey(
        "partners.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="networks",
        help_text=_(
            "The page lists the published agreements of this theme in the network's region."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("theme"),
        FieldPanel("body"),
    ]

    parent_page_types = ["regions.RegionPage"]
    subpage_types = []
    template = "pages/networks/thematic_network_page.html"

    class Meta:
        verbose_name = _("thematic network")
        verbose_name_plural = _("thematic networks")

    @cached_property
    def region(self):
        """The region page this network belongs to (its parent)."""
        return RegionPage.objects.filter(path=self.path[: -self.steplen]).first()

    def listed_agreements(self):
        """Listing rows of the public agreements of the theme in the region, newest first."""
        region = self.region
        if self.theme_id is None or region is None:
            return ListedAgreementTheme.objects.none()
        return ListedAgreementTheme.objects.filter(
            theme_id=self.theme_id, region_id=region.pk
        ).order_by("-agreement__sort_year", "agreement__sort_title", "agreement_id")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listed = self.listed_agreements()
        ids = list(listed.values_list("agreement_id", flat=True)[:NETWORK_AGREEMENTS])
        context["agreements"] = agreement_cards(ids, request)
        context["agreement_count"] = len(ids) if len(ids) < NETWORK_AGREEMENTS else listed.count()
        context["region"] = self.region
        return context
