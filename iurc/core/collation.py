"""Text in the order readers of each language expect: ICU collation with CLDR's rules.

Code-point order puts Vietnamese "Áo" and "Đức" after "Việt Nam", and Chinese names in no
order a reader knows. ICU sorts Vietnamese letters with their diacritics where the alphabet
has them, Chinese by pinyin, Thai with its leading vowels, and Japanese, Korean and Hindi by
their own scripts. Python sorts here rather than the database, so that SQLite (the quick
start) and PostgreSQL give the same order.
"""

from functools import lru_cache

import icu

from iurc.core.languages import active_language

# Django's language codes where ICU names the locale otherwise.
ICU_LOCALES = {
    "zh-hans": "zh_Hans@collation=pinyin",
    "id": "id",
}


@lru_cache(maxsize=16)
def collator(language):
    """The collator of ``language``; one per language, kept for the process (thread-safe
    for sorting, which only reads it)."""
    collator = icu.Collator.createInstance(icu.Locale(ICU_LOCALES.get(language, language)))
    # Numbers in names sort by value: "District 2" before "District 10".
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return collator


def sort_key(text, language=None):
    """A key that orders ``text`` by the rules of ``language`` (the active one by default)."""
    return collator(language or active_language()).getSortKey(text or "")


def sorted_by_name(items, key=str, language=None):
    """``items`` sorted by ``key(item)`` (a name) in the order of ``language``."""
    by_language = collator(language or active_language())
    return sorted(items, key=lambda item: by_language.getSortKey(key(item) or ""))
