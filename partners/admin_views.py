"""The agreement import in the admin: upload a file, preview what it changes, confirm.

The uploaded bytes wait between preview and confirmation in the default storage
(``imports/<random token>``), and the token is only honoured in the session that uploaded it;
the confirmation reads and checks the stored file again before writing anything.
"""

import secrets
from datetime import timedelta
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from partners.forms import AgreementImportForm
from partners.import_template import template_csv, template_xlsx
from partners.importer import COLUMNS, ImportFileError, ValidValues, read_file
from partners.models import AgreementIndexPage, AgreementPage
from partners.writer import import_rows

SESSION_KEY = "partners_agreement_imports"
STORAGE_FOLDER = "imports"
# Uploads never confirmed (a closed tab) are removed after this long.
KEEP_UPLOADS = timedelta(hours=24)


def import_index_pages(user):
    """The agreement indexes ``user`` may import into: where they may add and publish."""
    pages = []
    for page in AgreementIndexPage.objects.order_by("path"):
        permissions = page.permissions_for_user(user)
        if permissions.can_add_subpage() and permissions.can_publish_subpage():
            pages.append(page)
    return pages


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(import_index_pages(request.user))


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        self.index_pages = import_index_pages(request.user)
        if not self.index_pages:
            # A plain 403 rather than Wagtail's redirect to the dashboard: nothing to retry.
            if AgreementIndexPage.objects.exists() or not request.user.is_superuser:
                message = _("Sorry, you do not have permission to access this area.")
            else:
                message = _("There is no agreement index page: create one first.")
            return TemplateResponse(
                request,
                "partners/admin/import_forbidden.html",
                {
                    "page_title": ImportViewMixin.page_title,
                    "header_icon": "upload",
                    "message": message,
                },
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class ImportViewMixin(ImportPermissionMixin, WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = gettext_lazy("Import agreements")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


def _remove_stale_uploads():
    try:
        _folders, names = default_storage.listdir(STORAGE_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    oldest = timezone.now() - KEEP_UPLOADS
    for name in names:
        stored = f"{STORAGE_FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(stored) < oldest:
                default_storage.delete(stored)
        except (FileNotFoundError, NotImplementedError):
            continue


def _forget(request, token):
    uploads = request.session.get(SESSION_KEY, {})
    upload = uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    if upload:
        default_storage.delete(upload["stored"])


class UploadView(ImportViewMixin, FormView):
    template_name = "partners/admin/import_upload.html"
    form_class = AgreementImportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "index_pages": self.index_pages}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "columns": COLUMNS,
            "valid_values": ValidValues().as_columns(),
        }

    def form_valid(self, form):
        index_page = form.cleaned_data["index_page"]
        report = import_rows(form.rows, index_page, dry_run=True)
        if not report.ok:
            return self.render_to_response(self.get_context_data(form=form, report=report))
        _remove_stale_uploads()
        token = secrets.token_urlsafe(32)
        stored = default_storage.save(f"{STORAGE_FOLDER}/{token}", ContentFile(form.data_bytes))
        uploads = self.request.session.get(SESSION_KEY, {})
        uploads[token] = {
            "stored": stored,
            "name": form.cleaned_data["file"].name,
            "index_page": index_page.pk,
        }
        self.request.session[SESSION_KEY] = uploads
        return redirect("agreement_import:preview", token=token)


class PreviewView(ImportViewMixin, TemplateView):
    """GET: what the uploaded file would change. POST: do it (or cancel)."""

    template_name = "partners/admin/import_preview.html"

    def dispatch(self, request, *args, token, **kwargs):
        self.token = token
        self.upload = request.session.get(SESSION_KEY, {}).get(token)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        loaded = self.load()
        if not isinstance(loaded, tuple):
            return loaded
        rows, index_page = loaded
        report = import_rows(rows, index_page, dry_run=True)
        return self.render_to_response(self.get_context_data(report=report, index_page=index_page))

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            _forget(request, self.token)
            messages.success(request, _("The import was cancelled; nothing was written."))
            return redirect("agreement_import:upload")
        loaded = self.load()
        if not isinstance(loaded, tuple):
            return loaded
        rows, index_page = loaded
        report = import_rows(rows, index_page, user=request.user)
        if not report.ok:
            return self.render_to_response(
                self.get_context_data(report=report, index_page=index_page)
            )
        _forget(request, self.token)
        messages.success(
            request,
            _(
                "Agreements imported from “%(file)s”: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {
                "file": self.upload["name"],
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
            },
        )
        return redirect("wagtailadmin_explore", index_page.pk)

    def load(self):
        """(rows, index page) of this session's upload, or a response when there is none."""
        wanted = self.upload["index_page"] if self.upload else None
        index_page = next((page for page in self.index_pages if page.pk == wanted), None)
        if index_page is None:
            return self.expired()
        try:
            with default_storage.open(self.upload["stored"], "rb") as stored:
                data = stored.read()
        except (FileNotFoundError, OSError):
            return self.expired()
        try:
            return read_file(data, self.upload["name"]), index_page
        except ImportFileError as error:
            _forget(self.request, self.token)
            messages.error(self.request, str(error))
            return redirect("agreement_import:upload")

    def expired(self):
        _forget(self.request, self.token)
        messages.error(
            self.request, _("This import is no longer available: upload the file again.")
        )
        return redirect("agreement_import:upload")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["file_name"] = self.upload["name"]
        context["action_url"] = reverse("agreement_import:preview", args=[self.token])
        report = context["report"]
        context["rows"] = [preview_row(row) for row in report.rows] if report.ok else []
        return context


TEMPLATE_FILES = {
    "csv": (template_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        template_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


class ImportTemplateView(ImportPermissionMixin, View):
    """The template file: the header row and an example row (and, in XLSX, the valid
    values), read from the database as it is now."""

    def get(self, request, file_format):
        if file_format not in TEMPLATE_FILES:
            raise Http404
        build, content_type = TEMPLATE_FILES[file_format]
        response = HttpResponse(build(ValidValues()), content_type=content_type)
        name = f"agreements-template.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


OUTCOMES = {
    "created": (gettext_lazy("to create"), "w-status--primary"),
    "updated": (gettext_lazy("to update"), "w-status--primary"),
    "unchanged": (gettext_lazy("unchanged"), ""),
}


def preview_row(row):
    """What the preview table shows of one row."""
    label, classname = OUTCOMES[row.outcome]
    return SimpleNamespace(
        line=row.line,
        title=row.title,
        programme=row.programme.acronym,
        kind=AgreementPage.Kind(row.kind).label,
        region=row.region.title,
        start_year=row.start_year,
        outcome=row.outcome,
        outcome_label=label,
        outcome_class=classname,
        changes=[AgreementPage._meta.get_field(name).verbose_name for name in row.changes],
    )


class AgreementImportViewSet(ViewSet):
    """Registered in wagtail_hooks; its menu item sits in the Partners menu."""

    name = "agreement_import"
    url_prefix = "agreements/import"
    icon = "upload"
    menu_label = gettext_lazy("Import agreements")
    menu_hook = "register_partners_menu_item"
    menu_item_class = ImportMenuItem
    menu_order = 3  # after Partners and Themes

    def get_urlpatterns(self):
        return [
            path("", UploadView.as_view(), name="upload"),
            path("template.<slug:file_format>", ImportTemplateView.as_view(), name="template"),
            path("<slug:token>/", PreviewView.as_view(), name="preview"),
        ]
