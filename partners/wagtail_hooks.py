"""Admin registration of partners and themes, grouped in one menu with the agreement import."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from iurc.core.languages import localized_fields
from partners.admin_views import AgreementImportViewSet
from partners.models import Partner, Theme


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    list_display = ["name", "kind", "country", "population"]
    list_filter = ["kind", "country"]
    list_export = ["name", "kind", "country", "latitude", "longitude", "population", "website"]
    search_backend_name = None  # database search over every language's name
    search_fields = localized_fields("name")
    ordering = ["name"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "description"]
    search_backend_name = None
    search_fields = localized_fields("name")


class PartnersGroup(SnippetViewSetGroup):
    menu_label = _("Partners")
    menu_icon = "group"
    menu_order = 210
    items = (PartnerViewSet, ThemeViewSet)
    # The agreement import (partners.admin_views) adds its menu item here.
    submenu_hook = "register_partners_menu_item"


register_snippet(PartnersGroup)


@hooks.register("register_admin_viewset")
def register_agreement_import():
    return AgreementImportViewSet()
