"""A lead image with its text alternative and credit, for pages that open with a picture."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class LeadImageMixin(models.Model):
    """The image, what it shows (for readers who cannot see it) and whom it is by. The text
    alternative and the credit are translated: register them in the app's ``translation.py``.
    Shown by ``templates/components/lead_image.html`` in modern formats at fixed sizes."""

    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("lead image text alternative"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    lead_image_credit = models.CharField(_("lead image credit"), max_length=255, blank=True)

    lead_image_panels = [
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_alt"),
                FieldPanel("lead_image_credit"),
            ],
            heading=_("Lead image"),
        )
    ]

    class Meta:
        abstract = True

    @cached_property
    def lead_image_text(self):
        # Without a description the image is decoration: an empty text alternative says so.
        return self.lead_image_alt or ""
