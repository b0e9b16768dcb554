"""Who may exchange translation files in the admin, and for which languages.

Superusers, programme staff and translators. Translators only for the languages of their
language groups (``iurc.translations.groups``); staff and superusers for every language.
"""

from iurc.translations.groups import (
    LANGUAGE_BY_GROUP_NAME,
    PROGRAMME_STAFF,
    TRANSLATORS,
    editable_languages,
)
from iurc.translations.segments import target_languages


def may_exchange(user):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = set(user.groups.values_list("name", flat=True))
    return bool(names & {PROGRAMME_STAFF, TRANSLATORS, *LANGUAGE_BY_GROUP_NAME})


def languages_for(user):
    """The target languages ``user`` may export and import, in the portal's order."""
    if not may_exchange(user):
        return []
    allowed = editable_languages(user)
    return [code for code in target_languages() if allowed is None or code in allowed]
