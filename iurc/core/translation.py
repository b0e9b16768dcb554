"""Fields of the core app translated with modeltranslation (one column per language).

A model's ``fields`` here are the one declaration of its translated text: the reader's
fallback notice, search, the translation status and the file exchange all derive from it
(``iurc.core.translation_state``).
"""

from modeltranslation.translator import TranslationOptions, register

from iurc.core.models import BasePage, Quote


@register(BasePage)
class BasePageTR(TranslationOptions):
    fields = ("listing_summary",)


@register(Quote)
class QuoteTR(TranslationOptions):
    fields = ("text", "role", "organisation", "place")
