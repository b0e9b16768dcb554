"""Translated fields of the news pages."""

from modeltranslation.translator import TranslationOptions, register

from iurc.news.models import NewsIndexPage, NewsPage


@register(NewsIndexPage)
class NewsIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(NewsPage)
class NewsPageTR(TranslationOptions):
    fields = ("intro", "body", "lead_image_alt", "lead_image_credit")
