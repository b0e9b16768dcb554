"""Admin registration of the core app's snippets, and the editor's copy buttons."""

from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from iurc.core import languages
from iurc.core.languages import localized_fields
from iurc.core.models import Quote
from iurc.core.rich_text import PublicPageLinkHandler


class QuoteViewSet(SnippetViewSet):
    model = Quote
    icon = "openquote"
    menu_label = _("Quotes")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["__str__", "speaker", "place", "live"]
    list_filter = ["live"]
    # Plain database search over every language's column: an editor finds a quote by any
    # of its translations, whatever language the admin is used in.
    search_backend_name = None
    search_fields = [*localized_fields("text"), "speaker", *localized_fields("place")]


register_snippet(QuoteViewSet)


@hooks.register("insert_editor_js")
def translation_copy_buttons():
    """Name the languages of wagtail-modeltranslation's copy buttons as the labels do.

    Its script (``copy_stream_fields.js``) labels each button with a language code ("id",
    "zh-hans"), names Indonesian's column ``body_id`` (it is ``body_ind``) and splits a
    column at its last "_" (``body_zh`` + ``hans``), so buttons from and to Indonesian and
    Simplified Chinese copy nothing; and it finds StreamFields under a tab whose id is
    "content", which is the tab's heading in the language Wagtail first built the edit form in
    (none in an admin first used in Vietnamese, "noi_dung"). Wagtail has no way to unregister
    another app's hook, so ``translation_copy_buttons.js`` replaces its buttons once drawn.
    """
    suffixes = languages.column_suffixes()
    config = {
        "languages": {
            suffix: {"code": code, "name": languages.NATIVE_NAMES[code]}
            for suffix, code in suffixes.items()
        },
        "strings": {"copyFrom": gettext("Copy content from")},
    }
    return format_html(
        '{}<script src="{}"></script>',
        json_script(config, "iurc-copy-buttons-config"),
        static("core/js/translation_copy_buttons.js"),
    )


# After Wagtail's own registration (order 0), which it replaces.
@hooks.register("register_rich_text_features", order=100)
def link_only_public_pages(features):
    features.register_link_type(PublicPageLinkHandler)
