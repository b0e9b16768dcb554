"""Fields of the partners app translated with modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from partners.models import AgreementDocument, AgreementIndexPage, AgreementPage, Partner, Theme


@register(Theme)
class ThemeTR(TranslationOptions):
    fields = ("name", "description")


@register(Partner)
class PartnerTR(TranslationOptions):
    fields = ("name", "description", "photo_alt", "photo_credit")


@register(AgreementIndexPage)
class AgreementIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(AgreementPage)
class AgreementPageTR(TranslationOptions):
    fields = ("summary", "activities", "results", "body")


@register(AgreementDocument)
class AgreementDocumentTR(TranslationOptions):
    fields = ("label",)
