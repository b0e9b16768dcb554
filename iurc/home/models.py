"""Home and standard (About-style) pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField

from iurc.core import navigation
from iurc.core.blocks import BodyBlock
from iurc.core.languages import localized_fields
from iurc.core.models.base import BasePage
from iurc.core.models.quotes import Quote
from iurc.core.visibility import public_pages
from iurc.phases.models import ProgrammePhasePage
from partners.cards import agreement_cards
from partners.models import AgreementIndexPage, ListedAgreement
from regions.models import RegionPage

FEATURED_AGREEMENTS = 6

# What a card reads of its page besides the fields of its type: its place, its title and URL in
# every language (for the fallbacks). A page row holds every language of every field,
# StreamFields included; loading whole rows took longer than rendering the cards.
CARD_COLUMNS = (
    "path",
    "depth",
    "locale",
    "live",
    "content_type",
    *localized_fields("title"),
    *localized_fields("url_path"),
)


class HomePage(BasePage):
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"], max_length=2000
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]

    purged_on_every_change = True

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "phases.ProgrammePhaseIndexPage",
        "regions.RegionIndexPage",
        "partners.AgreementIndexPage",
    ]
    max_count = 1
    template = "pages/home/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A handful of each, sorted here: an ORDER BY costs Django more to compile than
        # sorting a few rows, and the rows are wide.
        phases = public_pages(ProgrammePhasePage.objects.descendant_of(self), request).only(
            *CARD_COLUMNS, "start_year", "end_year", "status", *localized_fields("summary")
        )
        context["phases"] = sorted(phases.order_by(), key=lambda p: (p.start_year, p.path))
        regions = public_pages(RegionPage.objects.descendant_of(self), request).only(
            *CARD_COLUMNS, *localized_fields("intro")
        )
        context["regions"] = sorted(regions.order_by(), key=lambda page: page.path)
        # Plain rows, as the agreements database reads its cards: no page instances.
        newest = ListedAgreement.objects.filter(index_page__path__startswith=self.path)
        ids = newest.newest_first().values_list("agreement_id", flat=True)[:FEATURED_AGREEMENTS]
        context["featured_agreements"] = agreement_cards(ids, request)
        # The agreements database is a section of the site: the menu has loaded it already.
        context["agreement_index"] = navigation.section(request, AgreementIndexPage)
        context["featured_quote"] = Quote.objects.filter(live=True).order_by("-pk").first()
        return context


class StandardPage(BasePage):
    """About, funding, contact and any other page made of headings, text, quotes and cards."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"], max_length=2000
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    template = "pages/home/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
