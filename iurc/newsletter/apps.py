from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    """The newsletter: double opt-in sign-up per language, unsubscribe, staff export."""

    name = "iurc.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from iurc.newsletter.permissions import grant_staff_permissions

        post_migrate.connect(grant_staff_permissions, sender=self)
