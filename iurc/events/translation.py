"""Translated fields of the event pages."""

from modeltranslation.translator import TranslationOptions, register

from iurc.events.models import EventIndexPage, EventPage


@register(EventIndexPage)
class EventIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(EventPage)
class EventPageTR(TranslationOptions):
    fields = ("summary", "body", "venue")
