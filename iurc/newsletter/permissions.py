"""Programme staff see and export subscriptions; translators get nothing of this app."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

# The group iurc.translations.groups creates (that app sits above this one: named, not imported).
PROGRAMME_STAFF = "Programme staff"
STAFF_CODENAMES = ("view_subscription", "export_subscription")


def grant_staff_permissions(sender, using="default", **kwargs):
    create_permissions(sender, verbosity=0, using=using)
    group, _created = Group.objects.using(using).get_or_create(name=PROGRAMME_STAFF)
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label="newsletter", codename__in=STAFF_CODENAMES
        )
    )
