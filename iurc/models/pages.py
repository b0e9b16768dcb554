"""Home and standard (About-style) pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from iurc.blocks import BodyBlock
from iurc.models.base import BasePage
from iurc.models.phases import ProgrammePhasePage
from iurc.models.snippets import Quote
from iurc.page_queries import exclude_private
from iurc.stream_text import stream_text
from iurc.translation_state import TranslatedSaveMixin

FEATURED_AGREEMENTS = 6


class HomePage(TranslatedSaveMixin, BasePage):
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"], max_length=2000
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    reader_fields = ("title", "intro", "body")

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "iurc.StandardPage",
        "iurc.ProgrammePhaseIndexPage",
        "regions.RegionIndexPage",
        "partners.AgreementIndexPage",
    ]
    max_count = 1
    template = "pages/iurc/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from partners.models import AgreementIndexPage, ListedAgreement
        from regions.models import RegionPage

        context = super().get_context(request, *args, **kwargs)
        context["phases"] = exclude_private(
            ProgrammePhasePage.objects.live().descendant_of(self), request
        ).order_by("start_year")
        context["regions"] = exclude_private(
            RegionPage.objects.live().descendant_of(self), request
        ).order_by("path")
        context["featured_agreements"] = (
            ListedAgreement.objects.filter(index_page__path__startswith=self.path)
            .newest_first()
            .agreement_pages(FEATURED_AGREEMENTS)
        )
        context["agreement_index"] = exclude_private(
            AgreementIndexPage.objects.live().descendant_of(self), request
        ).first()
        context["featured_quote"] = Quote.objects.filter(live=True).order_by("-pk").first()
        return context

    def get_search_text(self):
        return [*super().get_search_text(), self.intro, *stream_text(self.body)]


class StandardPage(TranslatedSaveMixin, BasePage):
    """About, funding, contact and any other page made of headings, text, quotes and cards."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"], max_length=2000
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    reader_fields = ("title", "intro", "body")

    parent_page_types = ["iurc.HomePage", "iurc.StandardPage"]
    subpage_types = ["iurc.StandardPage"]
    template = "pages/iurc/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_search_text(self):
        return [*super().get_search_text(), self.intro, *stream_text(self.body)]
