"""Admin menu and URLs of the translation file exchange.

Imported from ``iurc/wagtail_hooks.py``: Wagtail only discovers the hooks modules of apps.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from iurc.exchange import admin_views
from iurc.exchange.access import may_exchange

urlpatterns = [
    path("export/", admin_views.ExportView.as_view(), name="export"),
    path("import/", admin_views.ImportView.as_view(), name="import"),
]


@hooks.register("register_admin_urls")
def register_exchange_urls():
    return [path("translation-files/", include((urlpatterns, "iurc_exchange")))]


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
