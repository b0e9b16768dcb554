"""Fields of the regions app translated with modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from regions.models import RegionIndexPage, RegionPage


@register(RegionIndexPage)
class RegionIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(RegionPage)
class RegionPageTR(TranslationOptions):
    fields = ("intro", "lead_image_alt", "lead_image_credit", "body")
