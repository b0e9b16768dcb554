"""Translated fields of the calls for applications."""

from modeltranslation.translator import TranslationOptions, register

from iurc.calls.models import CallIndexPage, CallPage


@register(CallIndexPage)
class CallIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(CallPage)
class CallPageTR(TranslationOptions):
    fields = ("summary", "eligibility", "how_to_apply")
