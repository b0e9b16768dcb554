"""Admin registration of the core app's snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from iurc.core.languages import localized_fields
from iurc.core.models import Quote


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
