"""Staff download the subscribers of one language as CSV (only confirmed ones unless asked)."""

import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from iurc.newsletter.models import Subscription

EXPORT_PERMISSION = "newsletter.export_subscription"
COLUMNS = ("email", "language", "status", "consented_at", "confirmed_at", "consent_text")


def export_rows(language, include_all=False):
    subscriptions = Subscription.objects.filter(language=language).order_by("email")
    if not include_all:
        subscriptions = subscriptions.filter(status=Subscription.Status.CONFIRMED)
    return subscriptions.values_list(*COLUMNS)


def csv_response(language, include_all=False):
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="newsletter-{language}-{"all" if include_all else "confirmed"}'
        f'-{stamp}.csv"'
    )
    response.write("\ufeff")  # spreadsheet programs then read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for row in export_rows(language, include_all):
        writer.writerow(
            [value.isoformat() if hasattr(value, "isoformat") else value for value in row]
        )
    return response


class ExportView(WagtailAdminTemplateMixin, TemplateView):
    """Without ``language``: the languages with their numbers of subscribers, each a download.
    With ``language`` (and ``status=all`` for every subscription): the CSV file."""

    template_name = "newsletter/admin/export.html"
    page_title = _("Export newsletter subscribers")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        language = request.GET.get("language")
        if language in dict(settings.LANGUAGES):
            return csv_response(language, include_all=request.GET.get("status") == "all")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = {code: [0, 0] for code, _name in settings.LANGUAGES}
        for subscription in Subscription.objects.values_list("language", "status"):
            language, status = subscription
            if language in counts:
                counts[language][1] += 1
                counts[language][0] += status == Subscription.Status.CONFIRMED
        context["languages"] = [
            {"code": code, "name": name, "confirmed": counts[code][0], "all": counts[code][1]}
            for code, name in settings.LANGUAGES
        ]
        context["unknown_language"] = "language" in self.request.GET
        return context
