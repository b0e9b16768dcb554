"""The admin groups every installation has: programme staff and translators.

Created (or completed) after every ``migrate``, so a fresh database has them without a
fixture and a changed permission set reaches existing installations.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

PROGRAMME_STAFF = "Programme staff"
TRANSLATORS = "Translators"

# Page permissions, granted on the tree root so they cover every page.
PAGE_PERMISSIONS = {
    PROGRAMME_STAFF: [
        "add_page",
        "change_page",
        "delete_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    ],
    # Editing alone means "save draft and submit for moderation": no publish, delete or move.
    TRANSLATORS: ["change_page"],
}
COLLECTION_PERMISSIONS = {
    PROGRAMME_STAFF: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
    TRANSLATORS: [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")],
}
SNIPPET_MODELS = [("iurc", "quote"), ("partners", "partner"), ("partners", "theme")]
MODEL_PERMISSIONS = {
    PROGRAMME_STAFF: [("wagtailadmin", "admin", "access_admin")]
    + [
        (app, model, f"{action}_{model}")
        for app, model in SNIPPET_MODELS
        for action in ("add", "change", "delete")
    ]
    + [("iurc", "quote", "publish_quote")],
    TRANSLATORS: [("wagtailadmin", "admin", "access_admin")]
    + [(app, model, f"change_{model}") for app, model in SNIPPET_MODELS],
}
APPS_WITH_PERMISSIONS = [
    "wagtailadmin",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "iurc",
    "partners",
]


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_editor_groups(sender=None, apps=global_apps, using="default", **kwargs):
    # post_migrate runs app by app; make sure the permissions we grant exist already.
    from wagtail.snippets.models import create_extra_permissions

    for label in APPS_WITH_PERMISSIONS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using)
    # Publish permissions of snippets with drafts are Wagtail's own extra permissions.
    create_extra_permissions(global_apps.get_app_config("wagtailsnippets"), using=using)

    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    with transaction.atomic(using=using):
        for name in (PROGRAMME_STAFF, TRANSLATORS):
            group, _created = Group.objects.get_or_create(name=name)
            group.permissions.add(
                *(_permission(app, codename) for app, _model, codename in MODEL_PERMISSIONS[name])
            )
            if root_page:
                for codename in PAGE_PERMISSIONS[name]:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root_page, permission=_permission("wagtailcore", codename)
                    )
            if root_collection:
                for app, codename in COLLECTION_PERMISSIONS[name]:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=_permission(app, codename),
                    )
