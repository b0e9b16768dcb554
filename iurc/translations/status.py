"""The state of every translation: one function decides it, for the dashboard, the segment
editor and the exchange with CAT tools alike (``segment_state``).

A segment (see ``iurc.translations.segments``) with English text is, in another language,

* missing when that language has no text for it (a reader sees the fallback);
* outdated when the English text changed after the translation was published or confirmed;
  ``previous_source`` is the English text it was made from, for a diff;
* the same as the source when its text is the English text (a proper name): it counts as
  translated, and becomes outdated like any translation when the English text changes;
* translated otherwise.

Outdated is known from ``SegmentState`` rows, written whenever a page or snippet is saved (a
page's content is saved when it is published; see ``record``) and when a translator confirms
a translation unchanged. Texts are compared by a hash of their normalised form, so re-saving
the same text (a paragraph with a new Draftail block key) changes nothing.

``summarise`` stores the counts of each live object per language (``TranslationSummary``),
which the Translations dashboard reads.
"""

import hashlib
import html
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel, get_all_child_relations
from modeltranslation.translator import NotRegistered, translator
from wagtail.models import DraftStateMixin, Page, get_page_models

from iurc.core import languages
from iurc.core.emptiness import is_empty
from iurc.core.translation_state import status_fields
from iurc.translations import segments
from iurc.translations.models import SegmentState, TranslationSummary

MISSING, OUTDATED, SAME, TRANSLATED = "missing", "outdated", "same", "translated"
STATE_LABELS = {
    MISSING: _("Missing"),
    OUTDATED: _("Outdated"),
    SAME: _("Same as English"),
    TRANSLATED: _("Translated"),
}
# How many missing or outdated segments a summary lists for the dashboard's rows.
TODO_LISTED = 12

_BLOCK_KEY = re.compile(r"\sdata-block-key=\"[^\"]*\"")
_SPACE = re.compile(r"\s+")


# --- Which objects ------------------------------------------------------------------------


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
    return segments.target_languages()


def content_type_id(obj):
    # A page is recorded under its specific type, whichever class the instance has.
    if isinstance(obj, Page):
        return obj.content_type_id
    return ContentType.objects.get_for_model(obj).pk


# --- One segment --------------------------------------------------------------------------


def text_hash(value):
    """A hash of what a text says: the same for a paragraph saved again with a new block key."""
    text = "" if is_empty(value) else html.unescape(_BLOCK_KEY.sub("", str(value)))
    normalised = _SPACE.sub(" ", text).strip()
    return hashlib.sha256(normalised.encode()).hexdigest()


@dataclass(frozen=True)
class State:
    name: str
    previous_source: str = ""  # for an outdated translation: the English it was made from

    @property
    def label(self):
        return STATE_LABELS[self.name]

    @property
    def is_done(self):
        return self.name in (SAME, TRANSLATED)


def segment_state(source, target, record):
    """The state of a translation ``target`` of ``source``, given its ``SegmentState`` (or
    None): the one rule of what is missing, outdated, the same as the source or translated."""
    if is_empty(target):
        return State(MISSING)
    source_hash, target_hash = text_hash(source), text_hash(target)
    if (
        record is not None
        and record.source_hash != source_hash
        and record.translation_hash == target_hash
    ):
        return State(OUTDATED, record.source_text)
    return State(SAME if target_hash == source_hash else TRANSLATED)


def _records(obj, codes=None):
    queryset = SegmentState.objects.filter(
        content_type_id=content_type_id(obj), object_id=str(obj.pk)
    )
    if codes is not None:
        queryset = queryset.filter(language__in=list(codes))
    return {(record.path, record.language): record for record in queryset}


def states_of(obj, codes, found=None):
    """{(segment key, language): State} for the segments of ``obj`` (a row or a revision's
    copy) in ``codes``, in one query. ``found``: the segments, when already read."""
    found = segments.segments_of(obj) if found is None else found
    records = _records(obj, codes) if obj.pk is not None else {}
    return {
        (segment.key, code): segment_state(
            segment.source, segment.targets.get(code, ""), records.get((segment.key, code))
        )
        for segment in found
        for code in codes
    }


def outdated_keys(obj, language):
    """Keys of the segments of ``obj`` whose ``language`` translation predates its English."""
    found = segments.segments_of(obj)
    states = states_of(obj, [language], found)
    return [segment.key for segment in found if states[(segment.key, language)].name == OUTDATED]


def outdated_fields(obj, language):
    """Fields of ``obj`` with a segment whose ``language`` translation predates its English."""
    return outdated_by_language(obj, [language]).get(language, set())


def outdated_by_language(obj, codes):
    """{language: outdated field names} of ``obj`` in ``codes`` (the editor's marks)."""
    codes = [code for code in codes if code != languages.default_language()]
    found = segments.segments_of(obj) if obj.pk is not None else []
    states = states_of(obj, codes, found) if found else {}
    return {
        code: {
            segment.field_name for segment in found if states[(segment.key, code)].name == OUTDATED
        }
        for code in codes
    }


def missing_fields(obj, language):
    """Fields of ``obj`` with a segment that has English text and nothing in ``language``."""
    if language == languages.default_language():
        return set()
    return {
        segment.field_name
        for segment in segments.segments_of(obj)
        if segments.counted(segment) and is_empty(segment.targets.get(language))
    }


# --- Recording ----------------------------------------------------------------------------


def record(obj):
    """Remember, for each translation that changed, the English text it was made from, and
    summarise the object. A translation seen for the first time is taken as made from the
    current English text."""
    if obj.pk is None or not status_fields(type(obj)):
        return
    found = segments.segments_of(obj)
    records = _records(obj)
    ct_id = content_type_id(obj)
    new, changed = [], []
    for segment in found:
        source_hash = text_hash(segment.source)
        for code, target in segment.targets.items():
            if is_empty(target):
                continue
            target_hash = text_hash(target)
            existing = records.get((segment.key, code))
            if existing is None:
                new.append(
                    SegmentState(
                        content_type_id=ct_id,
                        object_id=str(obj.pk),
                        path=segment.key,
                        language=code,
                        source_text=segment.source,
                        source_hash=source_hash,
                        translation_hash=target_hash,
                    )
                )
            elif existing.translation_hash != target_hash:
                existing.source_text = segment.source
                existing.source_hash = source_hash
                existing.translation_hash = target_hash
                changed.append(existing)
    if new:
        SegmentState.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        SegmentState.objects.bulk_update(
            changed, ["source_text", "source_hash", "translation_hash", "updated_at"]
        )
    for state in new:
        records[(state.path, state.language)] = state
    summarise(obj, found, records)


def confirm(obj, keys, language):
    """The translator says the ``language`` translations of segments ``keys`` are still right.

    Returns how many were confirmed (a segment without translation has nothing to confirm).
    """
    if language not in target_languages():
        return 0
    found = segments.segments_of(obj)
    wanted = set(keys)
    confirmed = 0
    for segment in found:
        target = segment.targets.get(language)
        if segment.key not in wanted or is_empty(target):
            continue
        SegmentState.objects.update_or_create(
            content_type_id=content_type_id(obj),
            object_id=str(obj.pk),
            path=segment.key,
            language=language,
            defaults={
                "source_text": segment.source,
                "source_hash": text_hash(segment.source),
                "translation_hash": text_hash(target),
            },
        )
        confirmed += 1
    if confirmed:
        summarise(obj, found)
    return confirmed


def confirm_field(obj, name, language):
    """Confirm every outdated segment of field ``name``; False when none is outdated."""
    outdated = [key for key in outdated_keys(obj, language) if key.partition(".")[0] == name]
    return bool(outdated) and bool(confirm(obj, outdated, language))


def forget(obj):
    filters = {"content_type_id": content_type_id(obj), "object_id": str(obj.pk)}
    SegmentState.objects.filter(**filters).delete()
    TranslationSummary.objects.filter(**filters).delete()


# --- Summaries ------------------------------------------------------------------------------


def is_live(obj):
    if isinstance(obj, Page | DraftStateMixin):
        return bool(obj.live)
    return True


def object_label(obj):
    with translation.override(languages.default_language()):
        if isinstance(obj, Page):
            label = getattr(obj, languages.localized_field("title", "en"), "") or obj.title
        else:
            label = str(obj)
    return (label or str(obj.pk))[:255]


def sort_key(obj):
    if isinstance(obj, Page):
        return f"0{obj.path}"
    return f"1{obj._meta.label_lower}:{obj.pk:012d}" if isinstance(obj.pk, int) else f"1{obj.pk}"


def summary_rows(obj, found, records):
    """The ``TranslationSummary`` rows of ``obj`` (not saved)."""
    ct_id = content_type_id(obj)
    counted = [segment for segment in found if segments.counted(segment)]
    rows = []
    for code in target_languages():
        missing = outdated = 0
        todo = []
        for segment in counted:
            state = segment_state(
                segment.source, segment.targets.get(code, ""), records.get((segment.key, code))
            )
            if state.name == MISSING:
                missing += 1
            elif state.name == OUTDATED:
                outdated += 1
            else:
                continue
            if len(todo) < TODO_LISTED:
                todo.append([segment.location, state.name])
        rows.append(
            TranslationSummary(
                content_type_id=ct_id,
                object_id=str(obj.pk),
                language=code,
                label=object_label(obj),
                sort_key=sort_key(obj),
                live=is_live(obj),
                total=len(counted),
                missing=missing,
                outdated=outdated,
                todo=todo,
            )
        )
    return rows


def summarise(obj, found=None, records=None):
    """Store how much of ``obj`` (its row: what is published) each language has."""
    found = segments.segments_of(obj) if found is None else found
    records = _records(obj) if records is None else records
    rows = summary_rows(obj, found, records)
    with transaction.atomic():
        TranslationSummary.objects.filter(
            content_type_id=content_type_id(obj), object_id=str(obj.pk)
        ).delete()
        TranslationSummary.objects.bulk_create(rows)


def set_live(obj):
    TranslationSummary.objects.filter(
        content_type_id=content_type_id(obj), object_id=str(obj.pk)
    ).update(live=is_live(obj))


def _child_accessors(model):
    """The inline children of ``model`` whose fields are translated (agreement documents)."""
    if not issubclass(model, ClusterableModel):
        return []
    return [
        relation.get_accessor_name()
        for relation in get_all_child_relations(model)
        if segments.fields_of(relation.related_model)
    ]


def all_objects():
    """Every tracked page and snippet, live or not, with their translated inline children:
    one query per model and per kind of child, in batches."""
    models = tracked_models()
    content_types = ContentType.objects.get_for_models(*models)
    for model in models:
        queryset = model._default_manager.all()
        if issubclass(model, Page):
            queryset = queryset.filter(content_type=content_types[model]).order_by("path")
        else:
            queryset = queryset.order_by("pk")
        accessors = _child_accessors(model)
        if accessors:
            queryset = queryset.prefetch_related(*accessors)
        yield from queryset.iterator(chunk_size=1000)


def rebuild_summaries(batch_size=2000):
    """Summarise every page and snippet afresh; returns how many objects were summarised."""
    records = {}
    for record in SegmentState.objects.iterator(chunk_size=5000):
        key = (record.content_type_id, record.object_id)
        records.setdefault(key, {})[(record.path, record.language)] = record
    count = 0
    with transaction.atomic():
        TranslationSummary.objects.all().delete()
        rows = []
        for obj in all_objects():
            own = records.get((content_type_id(obj), str(obj.pk)), {})
            rows.extend(summary_rows(obj, segments.segments_of(obj), own))
            count += 1
            if len(rows) >= batch_size:
                TranslationSummary.objects.bulk_create(rows)
                rows = []
        TranslationSummary.objects.bulk_create(rows)
    return count


# --- Across the site ------------------------------------------------------------------------


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


def figures(codes=None):
    """{language: LanguageFigures} of every live page and snippet, in one query."""
    codes = [code for code in (codes or target_languages()) if code in target_languages()]
    result = {code: LanguageFigures(code) for code in codes}
    sums = (
        TranslationSummary.objects.filter(live=True, language__in=codes)
        .values("language")
        .annotate(total=Sum("total"), missing=Sum("missing"), outdated=Sum("outdated"))
        .order_by()
    )
    for row in sums:
        figure = result[row["language"]]
        figure.total = row["total"] or 0
        figure.filled = figure.total - (row["missing"] or 0)
        figure.outdated = row["outdated"] or 0
    return result


def to_do(language, state=""):
    """The summaries of live objects with something missing (``state`` "missing"), outdated
    ("outdated") or either ("") in ``language``, pages first, as a queryset."""
    wanted = {
        MISSING: Q(missing__gt=0),
        OUTDATED: Q(outdated__gt=0),
    }.get(state, Q(missing__gt=0) | Q(outdated__gt=0))
    return (
        TranslationSummary.objects.filter(live=True, language=language)
        .filter(wanted)
        .order_by("sort_key")
    )


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
        modified = path.stat().st_mtime_ns
    except OSError:
        return None
    return _counted_catalogue(str(path), modified)


@lru_cache(maxsize=64)
def _counted_catalogue(path, modified):
    """Counted once per version of the file: parsing every catalogue took most of the
    dashboard's time. ``modified`` is part of the key, so an edited catalogue is read again."""
    try:
        with open(path, "rb") as handle:
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
    result = figures(codes)
    for code, figure in result.items():
        counts = catalogue_completeness(code, locale_dir)
        if counts is not None:
            figure.ui_translated, figure.ui_total = counts
    return result
