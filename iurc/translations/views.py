"""The Translations dashboard: how complete each language is, and what is left to do."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from iurc.core import languages
from iurc.translations import groups, status

ROWS_PER_PAGE = 50
STATES = {
    "": _("Missing or outdated"),
    "missing": _("Missing"),
    "outdated": _("Outdated"),
}


def own_languages(user):
    """The target languages ``user`` may translate, in the order of the settings."""
    editable = groups.editable_languages(user)
    return [code for code in status.target_languages() if editable is None or code in editable]


def _field_label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


class TranslationsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "workspace/translations.html"
    page_title = _("Translations")
    header_icon = "globe"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def chosen_language(self, own):
        targets = status.target_languages()
        language = self.request.GET.get("language")
        if language in targets:
            return language
        # Translators start with their own language, staff with the first one.
        return own[0] if own else targets[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        own = own_languages(user)
        language = self.chosen_language(own)
        state = self.request.GET.get("state", "")
        if state not in STATES:
            state = ""
        statuses, figures = status.language_figures()
        rows = [
            item
            for item in statuses
            if (state != "outdated" and item.missing.get(language))
            or (state != "missing" and item.outdated.get(language))
        ]
        page = Paginator(rows, ROWS_PER_PAGE).get_page(self.request.GET.get("p"))
        finder = AdminURLFinder(user)
        can_confirm = language in own
        context.update(
            {
                "figures": [figures[code] for code in status.target_languages()],
                "own_languages": own,
                "language": language,
                "language_name": languages.NATIVE_NAMES[language],
                "state": state,
                "states": STATES.items(),
                "language_choices": [
                    (code, languages.NATIVE_NAMES[code]) for code in status.target_languages()
                ],
                "rows": [self.row(item, language, finder, can_confirm) for item in page],
                "page_obj": page,
                "row_count": len(rows),
            }
        )
        return context

    def row(self, item, language, finder, can_confirm):
        model = item.model
        edit_url = finder.get_edit_url(item.obj)
        return {
            "label": item.label,
            "type": capfirst(model._meta.verbose_name),
            "edit_url": edit_url,
            "content_type_id": status.content_type_id(item.obj),
            "object_id": item.obj.pk,
            "missing": [_field_label(model, name) for name in item.missing[language]],
            "outdated": [
                {"name": name, "label": _field_label(model, name)}
                for name in item.outdated[language]
            ],
            "can_confirm": can_confirm and edit_url is not None,
        }


def _object_for(content_type_id, object_id):
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ContentType.DoesNotExist, TypeError, ValueError):
        return None
    if model is None or not status.is_tracked(model):
        return None
    try:
        obj = model._default_manager.get(pk=object_id)
    except (model.DoesNotExist, ValueError, TypeError):
        return None
    return obj.specific if isinstance(obj, Page) else obj


def confirm_translation(request):
    """POST: the translation of one field is still right although the English text changed."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    language = request.POST.get("language", "")
    name = request.POST.get("field", "")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("workspace_translations")
    obj = _object_for(request.POST.get("content_type"), request.POST.get("object_id"))
    if obj is None:
        messages.error(request, _("This page or snippet does not exist any more."))
        return redirect(back)
    if (
        language not in own_languages(request.user)
        or AdminURLFinder(request.user).get_edit_url(obj) is None
    ):
        messages.error(request, _("You cannot confirm translations of this language here."))
        return redirect(back)
    if name not in status.outdated_fields(obj, language):
        messages.warning(request, _("This translation is not outdated."))
        return redirect(back)
    status.confirm_translation(obj, name, language)
    messages.success(
        request,
        _("“%(field)s” in %(language)s confirmed as up to date.")
        % {"field": _field_label(type(obj), name), "language": languages.NATIVE_NAMES[language]},
    )
    return redirect(back)
