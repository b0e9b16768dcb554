"""The portal's languages: native names, fallback chains and CLDR look-ups."""

from functools import lru_cache

from babel import Locale
from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

# Shown by the language switcher: each language in its own name, so a reader finds theirs
# whatever language the page is in.
NATIVE_NAMES = {
    "en": "English",
    "es": "Español",
    "pt": "Português",
    "fr": "Français",
    "zh-hans": "中文（简体）",
    "hi": "हिन्दी",
    "id": "Bahasa Indonesia",
    "ja": "日本語",
    "ms": "Bahasa Melayu",
    "ko": "한국어",
    "th": "ไทย",
    "vi": "Tiếng Việt",
}


def codes():
    return [code for code, _name in settings.LANGUAGES]


def default_language():
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def active_language():
    """The active language, or the default one outside a request."""
    language = translation.get_language() or default_language()
    return language if language in codes() else default_language()


@lru_cache(maxsize=64)
def fallback_chain(language):
    """The languages a field is read from for ``language``, in order, itself first.

    Cached: the chains are settings, and downloads ask for them for every row.
    """
    chains = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    chain = [language, *chains.get(language, chains["default"])]
    seen = []
    for code in chain:
        if code not in seen:
            seen.append(code)
    if default_language() not in seen:
        seen.append(default_language())
    return tuple(seen)


def localized_field(field_name, language):
    return build_localized_fieldname(field_name, language)


def column_suffixes():
    """Each language by the suffix of its columns: ``{"vi": "vi", "zh_hans": "zh-hans",
    "ind": "id", …}`` (modeltranslation names Indonesian ``ind``, see the README)."""
    return {localized_field("", code)[1:]: code for code in codes()}


def field_label(verbose_name, language):
    """The label of a field in one language, the language named in its own name, as the
    switcher names it: "Title · Tiếng Việt". ``language`` is a code or a column suffix
    (modeltranslation hands over Indonesian as ``ind``)."""
    code = column_suffixes().get(language, language)
    return f"{verbose_name} · {NATIVE_NAMES.get(code, code)}"


@lru_cache(maxsize=256)
def fallback_columns(field_name, language, prefix=""):
    """The columns a reader of ``language`` reads ``field_name`` from, in order: its own
    language's, then those of its fallback chain. ``prefix`` reaches a related model's
    columns (``"partner__"``)."""
    return tuple(prefix + localized_field(field_name, code) for code in fallback_chain(language))


def first_translation(values):
    """The value a reader sees among a field's ``values`` in ``fallback_columns`` order: the
    first that is not empty (modeltranslation's rule, for rows read as plain values)."""
    return next((value for value in values if value), "")


def translated_value(row, field_name, language, prefix=""):
    """``field_name`` of ``row`` (a dict of columns, or a model instance) as a reader of
    ``language`` sees it."""
    columns = fallback_columns(field_name, language, prefix)
    if isinstance(row, dict):
        return first_translation(row.get(column) for column in columns)
    return first_translation(getattr(row, column, None) for column in columns)


def translated_expression(field_name, language, prefix=""):
    """The same rule in SQL: the first column of the chain that is neither NULL nor empty."""
    columns = [
        NullIf(F(column), Value(""), output_field=TextField())
        for column in fallback_columns(field_name, language, prefix)
    ]
    return Coalesce(*columns, output_field=TextField()) if len(columns) > 1 else columns[0]


def localized_fields(field_name):
    """The column of ``field_name`` in every language: title -> [title_en, title_es, …]."""
    return [localized_field(field_name, code) for code in codes()]


@lru_cache(maxsize=32)
def cldr_locale(language):
    return Locale.parse(translation.to_locale(language))


def country_name(code, language=None):
    """The CLDR name of an ISO 3166 country in ``language`` (the active one by default)."""
    locale = cldr_locale(language or active_language())
    return locale.territories.get(code.upper(), code.upper())
