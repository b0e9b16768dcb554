"""Admin wiring of the translators' workspace: the Translations dashboard and the editor's
language filter."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, json_script
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from iurc import languages
from iurc.workspace import status, views


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path("translations/", views.TranslationsView.as_view(), name="workspace_translations"),
        path(
            "translations/confirm/",
            views.confirm_translation,
            name="workspace_confirm_translation",
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
