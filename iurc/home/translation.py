"""Translated fields of the home and standard pages."""

from modeltranslation.translator import TranslationOptions, register

from iurc.home.models import HomePage, StandardPage


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro", "lead_image_alt", "lead_image_credit", "body")


@register(StandardPage)
class StandardPageTR(TranslationOptions):
    fields = ("intro", "body")
