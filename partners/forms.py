"""Admin forms of the partners app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.importer import MAX_FILE_BYTES, ImportFileError, read_file
from partners.models import AgreementIndexPage


class AgreementImportForm(forms.Form):
    """A CSV or XLSX file of agreements, and the agreement index it goes into.

    A valid form has ``data_bytes`` (the file's content) and ``rows`` (what it holds).
    """

    file = forms.FileField(
        label=gettext_lazy("File"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"})
    )
    index_page = forms.ModelChoiceField(
        label=capfirst(AgreementIndexPage._meta.verbose_name),
        queryset=AgreementIndexPage.objects.none(),
    )

    def __init__(self, *args, index_pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A .csv or .xlsx file of at most %(size)s MB with the columns of the template below."
        ) % {"size": MAX_FILE_BYTES // 1024**2}
        field = self.fields["index_page"]
        field.queryset = AgreementIndexPage.objects.filter(
            pk__in=[page.pk for page in index_pages]
        ).order_by("path")
        self.only_index_page = index_pages[0] if len(index_pages) == 1 else None
        if self.only_index_page:
            field.initial = self.only_index_page.pk
            field.widget = forms.HiddenInput()
            field.required = False

    def clean_index_page(self):
        return self.cleaned_data["index_page"] or self.only_index_page

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is too large: at most %(size)s MB.")
                % {"size": MAX_FILE_BYTES // 1024**2}
            )
        self.data_bytes = upload.read()
        try:
            self.rows = read_file(self.data_bytes, upload.name)
        except ImportFileError as error:
            raise ValidationError(str(error)) from error
        return upload
