"""Translated fields of the publications (their files are one per language, not translated)."""

from modeltranslation.translator import TranslationOptions, register

from iurc.publications.models import PublicationIndexPage, PublicationPage


@register(PublicationIndexPage)
class PublicationIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(PublicationPage)
class PublicationPageTR(TranslationOptions):
    fields = ("summary", "description")
