"""Admin registration of the core app's snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from iurc.models import Quote


class QuoteViewSet(SnippetViewSet):
    model = Quote
    icon = "openquote"
    menu_label = _("Quotes")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["__str__", "speaker", "place", "live"]
    list_filter = ["live"]
    search_fields = ["text", "speaker", "place"]


register_snippet(QuoteViewSet)
