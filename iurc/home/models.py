"""Home and standard (About-style) pages."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site

from iurc.core import languages, memo, navigation
from iurc.core.blocks import BodyBlock
from iurc.core.models import BasePage, LeadImageMixin
from iurc.core.models.quotes import Quote
from iurc.core.visibility import public_pages
from iurc.home.blocks import DEFAULT_LAYOUT, HomeLayoutBlock
from iurc.phases.models import ProgrammePhasePage
from partners.cards import agreement_cards
from partners.models import AgreementIndexPage, ListedAgreement
from partners.numbers import headline_numbers
from regions.models import RegionPage

FEATURED_AGREEMENTS = 6


@dataclass(frozen=True)
class HomeSection:
    """A section of the home page: its block's name (its template is
    ``pages/home/sections/<name>.html``) and, for lists, how many items it shows."""

    name: str
    count: int | None = None

    @property
    def template(self):
        return f"pages/home/sections/{self.name}.html"


# What a card reads of its page besides the fields of its type: its place, its title and URL in
# every language (for the fallbacks). A page row holds every language of every field,
# StreamFields included; loading whole rows took longer than rendering the cards.
CARD_COLUMNS = (
    "path",
    "depth",
    "locale",
    "live",
    "content_type",
    *languages.localized_fields("title"),
    *languages.localized_fields("url_path"),
)


class HomePage(LeadImageMixin, BasePage):
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"], max_length=2000
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    layout = StreamField(
        HomeLayoutBlock(),
        verbose_name=_("sections of the page"),
        blank=True,
        default=list(DEFAULT_LAYOUT),
        help_text=_(
            "Which sections the home page shows, in which order, in every language. Each "
            "shows what the site holds: their texts are translated where they are written."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        *LeadImageMixin.lead_image_panels,
        FieldPanel("body"),
        FieldPanel("layout"),
    ]

    purged_on_every_change = True

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "phases.ProgrammePhaseIndexPage",
        "regions.RegionIndexPage",
        "partners.AgreementIndexPage",
        "news.NewsIndexPage",
        "events.EventIndexPage",
        "calls.CallIndexPage",
        "publications.PublicationIndexPage",
    ]
    max_count = 1
    template = "pages/home/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = self.sections()
        context["sections"] = sections
        shown = {section.name for section in sections}
        # What the home page shows of other pages changes when they do, not with each visit:
        # each process keeps it while nothing it read has changed (iurc/core/memo.py).
        if shown & {"programme", "regions", "quote"}:
            phases, regions, quote = memo.remembered(
                request, ("home-sections", self.pk), lambda: self.sections_shown(request)
            )
            context["phases"] = [memo.copied(page) for page in phases]
            context["regions"] = [memo.copied(page) for page in regions]
            context["featured_quote"] = memo.copied(quote) if quote is not None else None
        if "agreements" in shown:
            count = next(section.count for section in sections if section.name == "agreements")
            site = Site.find_for_request(request)
            key = ("home-agreements", self.pk, site.pk if site else None, count)
            context["featured_agreements"] = memo.remembered(
                request,
                (*key, languages.active_language()),
                lambda: self.newest_agreements(request, count),
            )
        if "headline_numbers" in shown:
            context["numbers"] = memo.remembered(
                request, ("home-numbers", self.pk), lambda: headline_numbers(self.path)
            )
        # The agreements database is a section of the site: the menu has loaded it already.
        context["agreement_index"] = navigation.section(request, AgreementIndexPage)
        return context

    def sections(self):
        """The sections to show, in order: the layout staff set, else the default one."""
        chosen = [(block.block_type, block.value) for block in self.layout] or DEFAULT_LAYOUT
        return [HomeSection(name, (value or {}).get("count")) for name, value in chosen]

    def sections_shown(self, request):
        """The programme phases and regions below this page, and the newest published quote."""
        # A handful of each, sorted here: an ORDER BY costs Django more to compile than
        # sorting a few rows, and the rows are wide.
        phases = public_pages(ProgrammePhasePage.objects.descendant_of(self), request).only(
            *CARD_COLUMNS,
            "start_year",
            "end_year",
            "status",
            *languages.localized_fields("summary"),
        )
        regions = public_pages(RegionPage.objects.descendant_of(self), request).only(
            *CARD_COLUMNS, *languages.localized_fields("intro")
        )
        return (
            sorted(phases.order_by(), key=lambda page: (page.start_year, page.path)),
            sorted(regions.order_by(), key=lambda page: page.path),
            Quote.objects.filter(live=True).order_by("-pk").first(),
        )

    def newest_agreements(self, request, count=FEATURED_AGREEMENTS):
        """The cards of the newest public agreements: plain rows, as the agreements database
        reads its cards, no page instances."""
        newest = ListedAgreement.objects.filter(index_page__path__startswith=self.path)
        ids = newest.newest_first().values_list("agreement_id", flat=True)[:count]
        return agreement_cards(ids, request)


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
