"""Admin forms: what to export, and which file to import."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from iurc.core import languages
from iurc.translations.exchange import units
from iurc.translations.exchange.formats import FORMATS, MAX_FILE_SIZE, XLIFF2

SCOPE_MISSING = "missing"
SCOPE_CHOSEN = "chosen"
FILE_SUFFIXES = {".xlf", ".xliff", ".xlf2", ".xml", ".po"}


def language_choices(codes):
    return [(code, f"{languages.NATIVE_NAMES[code]} ({code})") for code in codes]


class PageChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, page):
        # The explorer shows English titles; the depth shows where the page is in the tree.
        return f"{'— ' * (page.depth - 2)}{page.title_en or page.title}"


def snippet_choices():
    choices = []
    for model in units.translatable_snippet_models():
        options = [
            (f"{model._meta.label_lower}:{snippet.pk}", str(snippet))
            for snippet in model._default_manager.order_by("pk")
        ]
        if options:
            choices.append((str(model._meta.verbose_name_plural).capitalize(), options))
    return choices


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(key, label) for key, (label, _suffix) in FORMATS.items()],
        initial=XLIFF2,
        widget=forms.RadioSelect,
    )
    scope = forms.ChoiceField(
        label=_("What to export"),
        choices=[
            (SCOPE_MISSING, _("Everything missing or outdated in this language")),
            (SCOPE_CHOSEN, _("The pages and snippets chosen below")),
        ],
        initial=SCOPE_MISSING,
        widget=forms.RadioSelect,
    )
    pages = PageChoiceField(
        label=_("Pages to export"),
        queryset=Page.objects.filter(depth__gt=1).order_by("path"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    snippets = forms.MultipleChoiceField(
        label=_("Snippets to export"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    only_missing = forms.BooleanField(
        label=_("Only texts missing or outdated"),
        required=False,
        help_text=_("For the chosen pages and snippets: leave out what is already translated."),
    )

    def __init__(self, *args, language_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(language_codes)
        self.fields["snippets"].choices = snippet_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == SCOPE_CHOSEN and not (
            cleaned.get("pages") or cleaned.get("snippets")
        ):
            raise forms.ValidationError(_("Choose at least one page or snippet."))
        return cleaned


class ImportForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), help_text=_("The language the file is translated into.")
    )
    file = forms.FileField(
        label=_("Translated file"), help_text=_("XLIFF 2.0, XLIFF 1.2 or PO, at most 10 MB.")
    )
    # Checking first is the default: an import writes drafts only when asked to.
    dry_run = forms.BooleanField(label=_("Check only, save nothing"), required=False, initial=True)

    def __init__(self, *args, language_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(language_codes)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in FILE_SUFFIXES:
            raise forms.ValidationError(_("Upload an XLIFF (.xlf, .xliff) or PO (.po) file."))
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)}
            )
        return upload
