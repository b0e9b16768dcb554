"""Admin views: export a file to translate, import a translated one and read the report."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from iurc.translations.exchange import exporting
from iurc.translations.exchange.access import languages_for, may_exchange
from iurc.translations.exchange.formats import ExchangeFileError
from iurc.translations.exchange.forms import SCOPE_CHOSEN, ExportForm, ImportForm
from iurc.translations.exchange.importing import import_translations


class ExchangeView(WagtailAdminTemplateMixin, FormView):
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not may_exchange(request.user):
            raise PermissionDenied
        self.language_codes = languages_for(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "language_codes": self.language_codes}

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            has_languages=bool(self.language_codes),
            export_url=reverse("iurc_exchange:export"),
            import_url=reverse("iurc_exchange:import"),
            **kwargs,
        )


class ExportView(ExchangeView):
    page_title = gettext_lazy("Export translations")
    template_name = "exchange/admin/export.html"
    form_class = ExportForm

    def form_valid(self, form):
        data = form.cleaned_data
        objects = None
        if data["scope"] == SCOPE_CHOSEN:
            objects = [
                *exporting.pages_by_id([page.pk for page in data["pages"]]),
                *(exporting.snippet_by_reference(ref) for ref in data["snippets"]),
            ]
        missing_or_outdated = data["scope"] != SCOPE_CHOSEN or data["only_missing"]
        result = exporting.export(
            data["language"], data["format"], objects, missing_or_outdated=missing_or_outdated
        )
        if not result.unit_count:
            messages.info(self.request, _("There is nothing to translate in this selection."))
            return self.render_to_response(self.get_context_data(form=form))
        response = HttpResponse(result.content, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        return response


class ImportView(ExchangeView):
    page_title = gettext_lazy("Import translations")
    template_name = "exchange/admin/import.html"
    form_class = ImportForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            report = import_translations(
                data["file"].read(),
                user=self.request.user,
                language=data["language"],
                dry_run=data["dry_run"],
            )
        except ExchangeFileError as error:
            form.add_error("file", f"{error} {_('Nothing was imported.')}")
            return self.form_invalid(form)
        finder = AdminURLFinder(self.request.user)
        saved = [(item, finder.get_edit_url(item.obj)) for item in report.saved]
        self.template_name = "exchange/admin/import_report.html"
        return self.render_to_response(self.get_context_data(form=form, report=report, saved=saved))
