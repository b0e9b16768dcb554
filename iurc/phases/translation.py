"""Translated fields of the programme phase pages."""

from modeltranslation.translator import TranslationOptions, register

from iurc.phases.models import ProgrammePhaseIndexPage, ProgrammePhasePage


@register(ProgrammePhaseIndexPage)
class ProgrammePhaseIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(ProgrammePhasePage)
class ProgrammePhasePageTR(TranslationOptions):
    fields = ("summary", "body")
