"""The admin groups every installation has, who may translate what, and the review.

Programme staff, translators, and one translators' group per language, named after the
language as its readers write it ("Translators: Tiếng Việt"), with the translators'
permissions. A translator may change the languages of their language groups; programme staff
and superusers every language. Changes saved by
translators are submitted to the "Translation review" workflow, approved by programme staff,
which covers every page (it is assigned to the tree root) and the snippets with drafts.

Created (or completed) after every ``migrate``, so a fresh database has them without a
fixture and a changed permission set reaches existing installations.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from iurc.core import languages

PROGRAMME_STAFF = "Programme staff"
TRANSLATORS = "Translators"
LANGUAGE_GROUP_PREFIX = "Translators: "
TRANSLATION_REVIEW = "Translation review"
TRANSLATION_REVIEW_TASK = "Programme staff approval"
# The workflow Wagtail's own migrations put on the tree root; it is replaced by the
# translation review, any other choice made in the admin is kept.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

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
SNIPPET_MODELS = [("core", "quote"), ("partners", "partner"), ("partners", "theme")]
MODEL_PERMISSIONS = {
    PROGRAMME_STAFF: [("wagtailadmin", "admin", "access_admin")]
    + [
        (app, model, f"{action}_{model}")
        for app, model in SNIPPET_MODELS
        for action in ("add", "change", "delete")
    ]
    + [(app, model, f"publish_{model}") for app, model in SNIPPET_MODELS],
    TRANSLATORS: [("wagtailadmin", "admin", "access_admin")]
    + [(app, model, f"change_{model}") for app, model in SNIPPET_MODELS],
}
APPS_WITH_PERMISSIONS = [
    "wagtailadmin",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "core",
    "partners",
]


def language_group_name(code):
    return f"{LANGUAGE_GROUP_PREFIX}{languages.NATIVE_NAMES[code]}"


LANGUAGE_BY_GROUP_NAME = {language_group_name(code): code for code in languages.codes()}


def editable_languages(user):
    """The language codes ``user`` may change, or None when they may change everything."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    names = set(user.groups.values_list("name", flat=True))
    if PROGRAMME_STAFF in names:
        return None
    return {LANGUAGE_BY_GROUP_NAME[name] for name in names if name in LANGUAGE_BY_GROUP_NAME}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _language_groups():
    return [
        language_group_name(code)
        for code in languages.codes()
        if code != languages.default_language()
    ]


def _rules(name):
    """The permission set of a group: a language group has the translators' permissions."""
    return name if name in (PROGRAMME_STAFF, TRANSLATORS) else TRANSLATORS


def ensure_translation_review(root_page):
    """The "Translation review" workflow (programme staff approve) on pages and snippets."""
    from wagtail.models import (
        GroupApprovalTask,
        Workflow,
        WorkflowContentType,
        WorkflowMixin,
        WorkflowPage,
        WorkflowTask,
    )
    from wagtail.snippets.models import get_snippet_models

    workflow, _created = Workflow.objects.get_or_create(name=TRANSLATION_REVIEW)
    task = GroupApprovalTask.objects.filter(name=TRANSLATION_REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TRANSLATION_REVIEW_TASK)
    task.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if root_page:
        current = WorkflowPage.objects.filter(page=root_page).select_related("workflow").first()
        if current is None or current.workflow.name == WAGTAIL_DEFAULT_WORKFLOW:
            WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    for model in get_snippet_models():
        if issubclass(model, WorkflowMixin):
            content_type = ContentType.objects.get_for_model(model)
            WorkflowContentType.objects.get_or_create(
                content_type=content_type, defaults={"workflow": workflow}
            )


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
        for name in (PROGRAMME_STAFF, TRANSLATORS, *_language_groups()):
            rules = _rules(name)
            group, _created = Group.objects.get_or_create(name=name)
            group.permissions.add(
                *(_permission(app, codename) for app, _model, codename in MODEL_PERMISSIONS[rules])
            )
            if root_page:
                for codename in PAGE_PERMISSIONS[rules]:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root_page, permission=_permission("wagtailcore", codename)
                    )
            if root_collection:
                for app, codename in COLLECTION_PERMISSIONS[rules]:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=_permission(app, codename),
                    )
        ensure_translation_review(root_page)
