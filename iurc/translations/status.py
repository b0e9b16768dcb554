"""Translation status of pages and snippets: missing and outdated fields, completeness.

A translated field of an object "has a source" when its English value is not empty; only
those fields count. In another language such a field is

* missing when its value there is empty (a reader sees the fallback instead);
* outdated when the English text changed after the translation was last saved or confirmed.

Outdated is tracked per field and language by ``FieldTranslationState`` rows, written on every
save of a page or snippet (a page's content is saved when it is published; see
``record_translation_state``) and when a translator confirms a translation unchanged.
Values are compared by a hash of their normalised form, so re-saving the same text (a rich
text paragraph with a new block key, a StreamField with new block ids) changes nothing.

Slugs and URL paths are addresses, not text a reader reads: they are not counted.
"""

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from modeltranslation.translator import NotRegistered, translator
from wagtail.blocks import StreamValue
from wagtail.models import DraftStateMixin, Page, get_page_models
from wagtail.rich_text import RichText

from iurc.core import languages
from iurc.core.translation_state import is_empty, status_fields
from iurc.translations.models import FieldTranslationState

_BLOCK_KEY = re.compile(r"\sdata-block-key=\"[^\"]*\"")
_SPACE = re.compile(r"\s+")


# --- Which fields -------------------------------------------------------------------------


@cache
def localized_field_map(model):
    """Every per-language column of ``model``: {"title_vi": ("title", "vi"), …}."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    return {
        column.name: (name, column.language)
        for name, columns in options.all_fields.items()
        for column in columns
    }


def snippet_models():
    from wagtail.snippets.models import get_snippet_models

    return [model for model in get_snippet_models() if status_fields(model)]


def page_models():
    return [
        model
        for model in get_page_models()
        if model is not Page and not model._meta.abstract and status_fields(model)
    ]


def tracked_models():
    """Pages and snippets whose translations are tracked, pages first."""
    return [*page_models(), *snippet_models()]


def is_tracked(model):
    if not status_fields(model):
        return False
    if issubclass(model, Page):
        return model is not Page
    return model in snippet_models()


def target_languages():
    """Every language but the default one (the source)."""
    return [code for code in languages.codes() if code != languages.default_language()]


def content_type_id(obj):
    # A page is recorded under its specific type, whichever class the instance has.
    if isinstance(obj, Page):
        return obj.content_type_id
    return ContentType.objects.get_for_model(obj).pk


def _value(obj, name, code):
    return getattr(obj, languages.localized_field(name, code), None)


def _source(obj, name):
    return _value(obj, name, languages.default_language())


# --- Hashing ------------------------------------------------------------------------------


def _normalise(value):
    if isinstance(value, StreamValue):
        return _normalise(value.get_prep_value())
    if isinstance(value, RichText):
        value = value.source
    if isinstance(value, dict):
        # Block ids change whenever a block is recreated; they are not text.
        return {key: _normalise(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list | tuple):
        return [_normalise(item) for item in value]
    if isinstance(value, str):
        text = html.unescape(_BLOCK_KEY.sub("", value))
        return _SPACE.sub(" ", text).strip()
    return value


def value_hash(value):
    """A hash of what ``value`` says, the same for equivalent rich text and StreamField data."""
    normalised = "" if is_empty(value) else _normalise(value)
    data = json.dumps(normalised, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


# --- Per object ---------------------------------------------------------------------------


def _states(obj, codes=None):
    queryset = FieldTranslationState.objects.filter(
        content_type_id=content_type_id(obj), object_id=str(obj.pk)
    )
    if codes is not None:
        queryset = queryset.filter(language__in=list(codes))
    return {(state.field, state.language): state for state in queryset}


def _is_outdated(source, target, state, source_hash=None):
    if state is None or is_empty(source) or is_empty(target):
        return False
    source_hash = source_hash or value_hash(source)
    return state.source_hash != source_hash and state.translation_hash == value_hash(target)


def outdated_by_language(obj, codes):
    """{language: set of outdated field names} for ``obj`` in ``codes``, in one query."""
    codes = [code for code in codes if code != languages.default_language()]
    result = {code: set() for code in codes}
    fields = status_fields(type(obj))
    if obj.pk is None or not fields or not codes:
        return result
    states = _states(obj, codes)
    if not states:
        return result
    for name in fields:
        source = _source(obj, name)
        if is_empty(source):
            continue
        source_hash = value_hash(source)
        for code in codes:
            state = states.get((name, code))
            if _is_outdated(source, _value(obj, name, code), state, source_hash):
                result[code].add(name)
    return result


def outdated_fields(obj, language) -> set[str]:
    """Fields of ``obj`` whose ``language`` translation predates the current English text.

    ``obj`` may be a saved object or an unsaved revision of it (the editor's draft): a
    translation changed in the draft is not outdated any more.
    """
    return outdated_by_language(obj, [language]).get(language, set())


def missing_fields(obj, language):
    """Fields of ``obj`` with English text and nothing in ``language``."""
    if language == languages.default_language():
        return set()
    return {
        name
        for name in status_fields(type(obj))
        if not is_empty(_source(obj, name)) and is_empty(_value(obj, name, language))
    }


def record_translation_state(obj):
    """Remember, for each translation that changed, the English text it was made from.

    A translation seen for the first time is taken as made from the current English text.
    """
    fields = status_fields(type(obj))
    if obj.pk is None or not fields:
        return
    states = _states(obj)
    ct_id = content_type_id(obj)
    now = timezone.now()
    new, changed = [], []
    for name in fields:
        source_hash = value_hash(_source(obj, name))
        for code in target_languages():
            target = _value(obj, name, code)
            if is_empty(target):
                continue
            target_hash = value_hash(target)
            state = states.get((name, code))
            if state is None:
                new.append(
                    FieldTranslationState(
                        content_type_id=ct_id,
                        object_id=str(obj.pk),
                        field=name,
                        language=code,
                        source_hash=source_hash,
                        translation_hash=target_hash,
                    )
                )
            elif state.translation_hash != target_hash:
                state.source_hash = source_hash
                state.translation_hash = target_hash
                state.updated_at = now
                changed.append(state)
    if new:
        FieldTranslationState.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        FieldTranslationState.objects.bulk_update(
            changed, ["source_hash", "translation_hash", "updated_at"]
        )


def confirm_translation(obj, name, language):
    """The translator says the ``language`` text of ``name`` is still right: not outdated.

    Returns False when there is nothing to confirm (no English text or no translation).
    """
    if name not in status_fields(type(obj)) or language not in target_languages():
        return False
    source, target = _source(obj, name), _value(obj, name, language)
    if is_empty(source) or is_empty(target):
        return False
    FieldTranslationState.objects.update_or_create(
        content_type_id=content_type_id(obj),
        object_id=str(obj.pk),
        field=name,
        language=language,
        defaults={"source_hash": value_hash(source), "translation_hash": value_hash(target)},
    )
    return True


def forget(obj):
    FieldTranslationState.objects.filter(
        content_type_id=content_type_id(obj), object_id=str(obj.pk)
    ).delete()


# --- Across the site ------------------------------------------------------------------------


@dataclass
class ObjectStatus:
    """A live page or snippet: its fields with English text, and what is missing or outdated."""

    obj: object
    fields: list = field(default_factory=list)
    missing: dict = field(default_factory=dict)
    outdated: dict = field(default_factory=dict)

    @property
    def model(self):
        return type(self.obj)

    @property
    def is_page(self):
        return isinstance(self.obj, Page)

    @property
    def label(self):
        if self.is_page:
            return _source(self.obj, "title") or str(self.obj.pk)
        with translation.override(languages.default_language()):
            return str(self.obj)


@dataclass
class LanguageFigures:
    code: str
    total: int = 0
    filled: int = 0
    outdated: int = 0
    ui_translated: int | None = None
    ui_total: int | None = None

    @property
    def name(self):
        return languages.NATIVE_NAMES[self.code]

    @property
    def missing(self):
        return self.total - self.filled

    @property
    def percent(self):
        return _percent(self.filled, self.total)

    @property
    def ui_percent(self):
        return _percent(self.ui_translated, self.ui_total) if self.ui_total is not None else None


def _percent(part, whole):
    if not whole:
        return 100.0
    return round(100 * part / whole, 1)


def live_objects():
    """Every live page and snippet that is tracked, one query per model."""
    objects = []
    models = tracked_models()
    content_types = ContentType.objects.get_for_models(*models)
    for model in models:
        queryset = model._default_manager.all()
        if issubclass(model, Page):
            queryset = queryset.live().filter(content_type=content_types[model]).order_by("path")
        elif issubclass(model, DraftStateMixin):
            queryset = queryset.filter(live=True)
        objects.extend(queryset)
    return objects


def collect(codes=None):
    """The status of every live page and snippet in ``codes`` (every target language if None).

    Returns (object statuses, {language: LanguageFigures}) in a constant number of queries.
    """
    codes = [code for code in (codes or target_languages()) if code in target_languages()]
    objects = live_objects()
    states = {}
    if objects:
        queryset = FieldTranslationState.objects.filter(language__in=codes).only(
            "content_type_id", "object_id", "field", "language", "source_hash", "translation_hash"
        )
        for state in queryset:
            key = (state.content_type_id, state.object_id, state.field, state.language)
            states[key] = state
    figures = {code: LanguageFigures(code) for code in codes}
    statuses = []
    for obj in objects:
        status = ObjectStatus(obj, missing={c: [] for c in codes}, outdated={c: [] for c in codes})
        ct_id, object_id = content_type_id(obj), str(obj.pk)
        for name in status_fields(type(obj)):
            source = _source(obj, name)
            if is_empty(source):
                continue
            status.fields.append(name)
            source_hash = None
            for code in codes:
                language = figures[code]
                language.total += 1
                target = _value(obj, name, code)
                if is_empty(target):
                    status.missing[code].append(name)
                    continue
                language.filled += 1
                state = states.get((ct_id, object_id, name, code))
                if state is None:
                    continue
                source_hash = source_hash or value_hash(source)
                if _is_outdated(source, target, state, source_hash):
                    status.outdated[code].append(name)
                    language.outdated += 1
        statuses.append(status)
    return statuses, figures


# --- Interface catalogues ---------------------------------------------------------------------


def catalogue_path(code, locale_dir=None):
    base = Path(locale_dir) if locale_dir else Path(settings.LOCALE_PATHS[0])
    return base / translation.to_locale(code) / "LC_MESSAGES" / "django.po"


def catalogue_completeness(code, locale_dir=None):
    """(translated, total) messages of the ``code`` gettext catalogue, or None without one.

    A message counts as translated when every plural form has a translation and it is not
    marked fuzzy.
    """
    path = catalogue_path(code, locale_dir)
    try:
        with path.open("rb") as handle:
            catalogue = read_po(handle)
    except (OSError, ValueError):
        return None
    messages = [message for message in catalogue if message.id]
    translated = sum(1 for message in messages if _is_translated(message))
    return translated, len(messages)


def _is_translated(message):
    if message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def language_figures(codes=None, locale_dir=None):
    """Content and interface figures per language: the dashboard's summary."""
    statuses, figures = collect(codes)
    for code, figure in figures.items():
        counts = catalogue_completeness(code, locale_dir)
        if counts is not None:
            figure.ui_translated, figure.ui_total = counts
    return statuses, figures
