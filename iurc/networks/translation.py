"""Translated fields of the thematic network pages."""

from modeltranslation.translator import TranslationOptions, register

from iurc.networks.models import ThematicNetworkPage


@register(ThematicNetworkPage)
class ThematicNetworkPageTR(TranslationOptions):
    fields = ("intro", "body")
