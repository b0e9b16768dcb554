"""The admin's Newsletter menu: the subscriptions (programme staff see them; translators have
no permission on this model and do not) and the per-language CSV export."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from iurc.newsletter.exports import EXPORT_PERMISSION, ExportView
from iurc.newsletter.models import Subscription


class SubscriptionPermissionPolicy(ModelPermissionPolicy):
    """No one adds a subscription in the admin, superusers included: it starts with its
    reader's consent."""

    def user_has_permission(self, user, action):
        return action not in ("add", "copy") and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in ("add", "copy")])


register_permission_policy(Subscription, SubscriptionPermissionPolicy(Subscription))


class SubscriptionIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(EXPORT_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Export per language (CSV)"),
                    url=reverse("newsletter_export"),
                    icon_name="download",
                )
            )
        return buttons


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    index_view_class = SubscriptionIndexView
    icon = "mail"
    menu_label = _("Newsletter")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["email", "language", "status", "consented_at", "confirmed_at"]
    list_filter = ["language", "status"]
    search_fields = ["email"]
    # A subscription comes from its reader's consent: staff may only change its status.
    form_fields = ["status"]
    inspect_view_enabled = True
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_subscription_viewset():
    return SubscriptionViewSet("newsletter_subscriptions")


@hooks.register("register_admin_urls")
def register_export_url():
    return [path("newsletter/export/", ExportView.as_view(), name="newsletter_export")]
