"""Programme phases: IUC (2016-2020), IURC and whatever follows."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from iurc.core.blocks import BodyBlock
from iurc.core.links import SafeURLField
from iurc.core.models.base import BasePage, IndexPage
from iurc.core.visibility import public_pages


class ProgrammePhaseIndexPage(IndexPage):
    subpage_types = ["phases.ProgrammePhasePage"]
    template = "pages/phases/programme_phase_index_page.html"

    class Meta:
        verbose_name = _("programme phase index")
        verbose_name_plural = _("programme phase indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["phases"] = public_pages(ProgrammePhasePage.objects.child_of(self)).order_by(
            "start_year", "path"
        )
        return context


class ProgrammePhasePage(BasePage):
    class Status(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        CURRENT = "current", _("Current")
        UPCOMING = "upcoming", _("Upcoming")

    acronym = models.CharField(_("acronym"), max_length=20, help_text=_("For example: IUC, IURC"))
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, help_text=_("Leave empty while it is not known.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CURRENT
    )
    summary = models.TextField(_("summary"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    website = SafeURLField(_("official website"), blank=True)
    regions = ParentalManyToManyField(
        "regions.RegionPage",
        verbose_name=_("regions covered"),
        related_name="programme_phases",
        blank=True,
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("acronym"), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
                FieldPanel("website"),
                FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Facts"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("acronym"),
    ]

    parent_page_types = ["phases.ProgrammePhaseIndexPage"]
    subpage_types = []
    template = "pages/phases/programme_phase_page.html"

    class Meta:
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")

    @property
    def years(self):
        return f"{self.start_year}–{self.end_year}" if self.end_year else f"{self.start_year}–"

    def clean(self):
        super().clean()
        if self.end_year and self.start_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot be before the start year.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["covered_regions"] = public_pages(self.regions.all()).order_by("path")
        return context

    def get_search_text(self):
        return [*super().get_search_text(), self.acronym]
