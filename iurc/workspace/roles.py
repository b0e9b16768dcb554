"""Which languages a user may translate.

A translator belongs to one or more language groups, named after the language as its readers
write it ("Translators: Tiếng Việt"). Programme staff and superusers may edit every language.
"""

from iurc import languages
from iurc.editor_groups import PROGRAMME_STAFF

LANGUAGE_GROUP_PREFIX = "Translators: "


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


def is_language_restricted(user):
    return editable_languages(user) is not None
