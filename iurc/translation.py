"""Fields of the core app translated with modeltranslation (one column per language)."""

from modeltranslation.translator import TranslationOptions, register

from iurc.models import (
    HomePage,
    ProgrammePhaseIndexPage,
    ProgrammePhasePage,
    Quote,
    StandardPage,
)
from iurc.models.base import BasePage


@register(BasePage)
class BasePageTR(TranslationOptions):
    fields = ("listing_summary",)


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro", "body")


@register(StandardPage)
class StandardPageTR(TranslationOptions):
    fields = ("intro", "body")


@register(ProgrammePhaseIndexPage)
class ProgrammePhaseIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(ProgrammePhasePage)
class ProgrammePhasePageTR(TranslationOptions):
    fields = ("summary", "body")


@register(Quote)
class QuoteTR(TranslationOptions):
    fields = ("text", "role", "organisation", "place")
