"""Admin wiring of the translators' workspace: the Translations dashboard, the editor's
language filter and the translation file exchange."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html, json_script
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from iurc.core import languages
from iurc.translations import status, views
from iurc.translations.editor import SegmentEditorView
from iurc.translations.exchange import admin_views
from iurc.translations.exchange.access import may_exchange
from iurc.translations.review import TranslationsInReviewPanel, submit_drafts


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path("translations/", views.TranslationsView.as_view(), name="workspace_translations"),
        path(
            "translations/<str:model_label>/<str:pk>/<str:language>/",
            SegmentEditorView.as_view(),
            name="workspace_segments",
        ),
    ]


@hooks.register("register_admin_menu_item")
def translations_menu_item():
    return MenuItem(
        _("Translations"),
        reverse("workspace_translations"),
        name="translations",
        icon_name="globe",
        order=250,
    )


def translated_field_names():
    """The names of the translated fields (``title``, ``body`` …) and of their columns'
    language suffixes (``vi``, ``zh_hans``, ``ind`` …): a form field ``body_vi`` is Vietnamese.
    """
    bases = set()
    suffixes = {}
    for model in translator.get_registered_models():
        for name, (base, code) in status.localized_field_map(model).items():
            bases.add(base)
            suffixes[name[len(base) + 1 :]] = code
    return sorted(bases), suffixes


@hooks.register("insert_editor_js")
def language_filter():
    bases, suffixes = translated_field_names()
    config = {
        "default": languages.default_language(),
        "languages": [
            {"code": code, "name": languages.NATIVE_NAMES[code]} for code in languages.codes()
        ],
        "fields": bases,
        "suffixes": suffixes,
        "strings": {
            "legend": gettext("Languages shown"),
            "all": gettext("Show all"),
        },
    }
    return format_html(
        '{}<script src="{}" defer></script>',
        json_script(config, "iurc-language-filter-config"),
        static("workspace/js/language_filter.js"),
    )


@hooks.register("insert_global_admin_css")
def workspace_css():
    return format_html('<link rel="stylesheet" href="{}">', static("workspace/css/workspace.css"))


# --- Translation file exchange -----------------------------------------------------------

exchange_urlpatterns = [
    path("export/", admin_views.ExportView.as_view(), name="export"),
    path("import/", admin_views.ImportView.as_view(), name="import"),
    path("submit/", submit_drafts, name="submit"),
]


@hooks.register("register_admin_urls")
def register_exchange_urls():
    return [path("translation-files/", include((exchange_urlpatterns, "iurc_exchange")))]


class ExchangeMenuItem(MenuItem):
    def is_shown(self, request):
        return may_exchange(request.user)


@hooks.register("register_admin_menu_item")
def register_exchange_menu():
    return SubmenuMenuItem(
        _("Translation files"),
        Menu(
            items=[
                ExchangeMenuItem(
                    _("Export for translation"),
                    reverse("iurc_exchange:export"),
                    name="translation-export",
                    icon_name="download",
                    order=100,
                ),
                ExchangeMenuItem(
                    _("Import translations"),
                    reverse("iurc_exchange:import"),
                    name="translation-import",
                    icon_name="upload",
                    order=200,
                ),
            ]
        ),
        name="translation-files",
        icon_name="doc-full",
        order=850,
    )


@hooks.register("construct_homepage_panels")
def translations_in_review_panel(request, panels):
    panels.append(TranslationsInReviewPanel(request))
