"""The Translations dashboard: how complete each language is, and what is left to do."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from iurc.core import languages
from iurc.translations import groups, status
from iurc.translations.editor import segment_editor_url

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


def todo(summary, state):
    return [where for where, found in summary.todo if found == state]


class TranslationsView(WagtailAdminTemplateMixin, TemplateView):
    """Figures per language and the pages and snippets with something to do in one.

    Read from the stored summaries (``status.summarise``): the answer takes the same few
    queries for ten pages or twenty thousand agreements.
    """

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
        figures = status.language_figures()
        page = Paginator(status.to_do(language, state), ROWS_PER_PAGE).get_page(
            self.request.GET.get("p")
        )
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
                "rows": self.rows(list(page), language, user),
                "page_obj": page,
                "row_count": page.paginator.count,
            }
        )
        return context

    def rows(self, summaries, language, user):
        """The dashboard's rows for one page of summaries: their objects in one query per type."""
        by_type = {}
        for summary in summaries:
            by_type.setdefault(summary.content_type_id, []).append(summary.object_id)
        objects = {}
        for content_type_id, ids in by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            for obj in model._default_manager.filter(pk__in=ids):
                objects[(content_type_id, str(obj.pk))] = obj
        finder = AdminURLFinder(user)
        can_confirm = language in own_languages(user)
        rows = []
        for summary in summaries:
            obj = objects.get((summary.content_type_id, summary.object_id))
            if obj is None:
                continue
            edit_url = finder.get_edit_url(obj)
            rows.append(
                {
                    "label": summary.label,
                    "type": capfirst(type(obj)._meta.verbose_name),
                    "edit_url": edit_url,
                    "segments_url": segment_editor_url(obj, language) if edit_url else None,
                    "missing": [where for where, state in summary.todo if state == status.MISSING],
                    "outdated": [
                        where for where, state in summary.todo if state == status.OUTDATED
                    ],
                    "missing_count": summary.missing,
                    "outdated_count": summary.outdated,
                    "can_confirm": can_confirm and edit_url is not None,
                }
            )
        return rows
