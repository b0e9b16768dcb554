"""Import: check a translated file as a whole, then each unit, then save drafts.

The file is refused as a whole, with nothing written, when it is larger than
``MAX_FILE_SIZE``, is neither XLIFF nor PO, is hostile or malformed XML, is not translated from
English, is for a language that is not the portal's, for another language than the one asked
for, or for a language the user may not translate.

Each unit is then checked and reported, never applied silently, when its key names nothing
that exists now (unknown), its target language differs from the file's (wrong language), the
English source changed since the export (its hash differs: source changed), or its
translation cannot be used (invalid: broken or foreign inline codes, a slug that is not one or
is taken by a sibling, too long for the field…). Units without a translation are skipped.

What is valid is saved per object: each page or snippet gets a new draft revision attributed
to the user, exactly as if they had saved it in the editor, and publishing stays with the
review workflow.

An import changes exactly the segments whose translation changed, and nothing else: a
StreamField's text is written into the leaves of the English structure
(``iurc.core.segments``); other leaves keep their translation, and a leaf without one stays
empty (it is read in fallback, marked as such). English text is never written into a
translation unless the translator sent it as the translation of a segment that has none
(a proper name, "the same as English"). The report lists each change with the English
source, the old translation and the new one.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.locks import WorkflowLock
from wagtail.models import LockableMixin, Page, RevisionMixin

from iurc.core import languages
from iurc.core import segments as structure
from iurc.translations import status
from iurc.translations.exchange import po, richtext, units, xliff
from iurc.translations.exchange.formats import MAX_FILE_SIZE, ExchangeFileError, language_code
from iurc.translations.groups import editable_languages


@dataclass
class Outcome:
    key: str
    location: str = ""
    message: str = ""
    # For a translation that is (or would be) saved: what the reviewer compares.
    source: str = ""
    old: str = ""
    new: str = ""


@dataclass
class Saved:
    obj: object
    label: str
    revision: object  # None for snippets without revisions
    unit_count: int

    @property
    def reference(self):
        """``app.model:pk``: how the admin names the object to submit it for review."""
        return units.object_key(self.obj)


@dataclass
class ImportReport:
    format: str
    language: str
    dry_run: bool = False
    applied: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    untranslated: list = field(default_factory=list)
    unknown: list = field(default_factory=list)
    wrong_language: list = field(default_factory=list)
    source_changed: list = field(default_factory=list)
    invalid: list = field(default_factory=list)
    saved: list = field(default_factory=list)

    @property
    def rejected(self):
        return [*self.unknown, *self.wrong_language, *self.source_changed, *self.invalid]

    def rejected_by_reason(self):
        return [
            (_("Unknown units"), self.unknown),
            (_("Units for another language"), self.wrong_language),
            (_("Units whose English source changed since the export"), self.source_changed),
            (_("Invalid translations"), self.invalid),
        ]


def read_file(data):
    """The parsed file; ExchangeFileError for a file too large, of another type, or hostile."""
    if len(data) > MAX_FILE_SIZE:
        raise ExchangeFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return xliff.read(data)
    if b"msgid" in data and b"\x00" not in data:
        return po.read(data)
    raise ExchangeFileError(_("The file is neither XLIFF (2.0 or 1.2) nor a gettext PO file."))


def _language_name(code):
    return f"{languages.NATIVE_NAMES.get(code, code)} ({code})"


def _check_languages(exchange_file, language, user):
    source = units.source_language()
    stated_source = exchange_file.source_language
    if stated_source and language_code(stated_source) != source:
        raise ExchangeFileError(
            _("The file is translated from %(found)s; the portal's source language is %(source)s.")
            % {"found": stated_source, "source": _language_name(source)}
        )
    stated = exchange_file.target_language
    target = language_code(stated)
    if not stated:
        raise ExchangeFileError(_("The file does not say which language it is translated into."))
    if not target or target == source:
        raise ExchangeFileError(
            _("The file is translated into %(found)s, which is not a language to translate into.")
            % {"found": stated}
        )
    if language and target != language:
        raise ExchangeFileError(
            _("The file is translated into %(found)s, not %(expected)s.")
            % {"found": _language_name(target), "expected": _language_name(language)}
        )
    if user is not None:
        allowed = editable_languages(user)
        if allowed is not None and target not in allowed:
            raise ExchangeFileError(
                _("You may not import translations into %(language)s.")
                % {"language": _language_name(target)}
            )
    return target


def refusal(user, obj):
    """Why ``user`` may not change ``obj`` ("" when they may), as the editor would say."""
    if user is None:
        return ""
    if isinstance(obj, Page):
        allowed = obj.permissions_for_user(user).can_edit()
    else:
        allowed = user.has_perm(f"{obj._meta.app_label}.change_{obj._meta.model_name}")
    if not allowed:
        return _("You may not edit this page or snippet.")
    lock = obj.get_lock() if isinstance(obj, LockableMixin) else None
    if lock and lock.for_user(user):
        if isinstance(lock, WorkflowLock):
            workflow_state = obj.current_workflow_state
            if workflow_state and workflow_state.requested_by_id == user.pk:
                return _(
                    "You submitted this page or snippet for review: it cannot change until "
                    "the review is done. Ask the reviewer, or cancel your submission to "
                    "change it again."
                )
            return _(
                "This page or snippet is in review: it cannot change until the review is done."
            )
        return _("This page or snippet is locked by someone else.")
    return ""


def _trim(content):
    """A content tree without the whitespace a tool may leave at its ends."""
    content = list(content)
    if content and isinstance(content[0], str):
        content[0] = content[0].lstrip()
    if content and isinstance(content[-1], str):
        content[-1] = content[-1].rstrip()
    return [node for node in content if node != ""]


def _target_content(unit, file_unit):
    if file_unit.placeholders:
        text = file_unit.target[0]
        content = richtext.from_placeholders(text) if unit.kind == units.HTML else [text]
    else:
        content = file_unit.target
    return _trim(content)


def _source_matches(unit, file_unit):
    if file_unit.source_hash:
        return file_unit.source_hash == unit.hash
    # Without a hash (a tool dropped it), compare the source text the file carries.
    if file_unit.placeholders:
        written = file_unit.source[0]
    else:
        written = richtext.to_placeholders(file_unit.source)
    expected = [richtext.to_placeholders(unit.content), richtext.to_placeholders(unit.full_content)]
    return written.split() in [text.split() for text in expected]


def _check_slug(unit, value, language):
    page = unit.obj
    siblings = page.get_siblings(inclusive=False)
    with translation.override(language):
        taken = {sibling.slug for sibling in siblings}
    if value in taken:
        raise ValidationError(
            _("Another page under the same parent already has the slug “%(slug)s”.")
            % {"slug": value}
        )


def translation_value(unit, content, language):
    """The value to store for a translated unit; InlineCodeError or ValidationError if none.

    Rich text is rebuilt from the source's tags (``richtext``): a translation can move or drop
    bold and links, never add or change one.
    """
    if unit.kind == units.HTML:
        content = unit.full_target(content)
        richtext.check(content, unit.codes, unit.full_content)
        value = richtext.to_html(content, unit.codes)
    else:
        if richtext.has_codes(content):
            raise richtext.InlineCodeError(_("This text cannot hold tags."))
        value = "".join(content)
    if unit.kind == units.SLUG:
        value = value.strip()
    if unit.block is not None:
        unit.block.clean(unit.block.to_python(value))
    else:
        holder = unit.holder or unit.obj
        model_field = holder._meta.get_field(languages.localized_field(unit.path[-1], language))
        value = model_field.clean(value, holder)
    if unit.kind == units.SLUG:
        _check_slug(unit, value, language)
    return value


def _messages(error):
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error)


class _Plan:
    def __init__(self, language, user):
        self.language = language
        self.user = user
        self.objects = {}  # object key -> (working copy, {unit key: unit}) or None
        self.changes = defaultdict(list)  # object key -> [(unit, value)]
        self.refusals = {}

    def unit(self, key):
        """The current unit with ``key``, or the reason there is none."""
        try:
            model_label, pk, _path = units.split_key(key)
        except ValueError:
            return None, _("Not a unit key.")
        object_key = f"{model_label}:{pk}"
        if object_key not in self.objects:
            try:
                obj = units.find_object(model_label, pk)
            except (LookupError, ValueError):
                self.objects[object_key] = None
            else:
                current = units.collect(obj, self.language)
                self.objects[object_key] = (obj, {unit.key: unit for unit in current})
        entry = self.objects[object_key]
        if entry is None:
            return None, _("No such page or snippet.")
        unit = entry[1].get(key)
        if unit is None:
            return None, _("The English text has no such unit any more.")
        return unit, ""

    def refusal(self, obj):
        key = units.object_key(obj)
        if key not in self.refusals:
            self.refusals[key] = refusal(self.user, obj)
        return self.refusals[key]


def _plan(exchange_file, language, user, report):
    plan = _Plan(language, user)
    seen = set()
    for file_unit in exchange_file.units:
        outcome = Outcome(file_unit.key)
        if file_unit.key in seen:
            outcome.message = _("The unit appears more than once in the file.")
            report.invalid.append(outcome)
            continue
        seen.add(file_unit.key)
        if file_unit.error:
            outcome.message = file_unit.error
            report.invalid.append(outcome)
            continue
        if file_unit.language and language_code(file_unit.language) != language:
            outcome.message = _("Translated into %(found)s.") % {"found": file_unit.language}
            report.wrong_language.append(outcome)
            continue
        unit, reason = plan.unit(file_unit.key)
        if unit is None:
            outcome.message = reason
            report.unknown.append(outcome)
            continue
        outcome.location = f"{units.object_label(unit.obj)} › {unit.location}"
        if file_unit.skipped or not file_unit.target:
            outcome.message = file_unit.skipped
            report.untranslated.append(outcome)
            continue
        if not _source_matches(unit, file_unit):
            outcome.message = _("Export the unit again and translate the new English text.")
            report.source_changed.append(outcome)
            continue
        refusal = plan.refusal(unit.obj)
        if refusal:
            outcome.message = refusal
            report.invalid.append(outcome)
            continue
        try:
            content = _target_content(unit, file_unit)
            if not richtext.plain_text(content).strip():
                report.untranslated.append(outcome)
                continue
            value = translation_value(unit, content, language)
        except (richtext.InlineCodeError, ValidationError) as error:
            outcome.message = _messages(error)
            report.invalid.append(outcome)
            continue
        if status.text_hash(value) == status.text_hash(unit.target):
            report.unchanged.append(outcome)
            continue
        if unit.target and status.text_hash(value) == status.text_hash(unit.source):
            # A tool that copies the English into every target would otherwise replace
            # translations with English.
            outcome.message = _("The file gives the English text: the translation is kept.")
            report.unchanged.append(outcome)
            continue
        describe(outcome, unit, value)
        plan.changes[units.object_key(unit.obj)].append((unit, value, outcome))
    return plan


def describe(outcome, unit, value):
    outcome.source = unit.readable(unit.source)
    outcome.old = unit.readable(unit.target)
    outcome.new = unit.readable(value)


def write(obj, changes, language):
    """Put ``changes`` ([(unit, value), …]) on ``obj`` (a working copy), and nothing else."""
    streams = defaultdict(dict)
    for unit, value in changes:
        if unit.block is not None:
            streams[unit.field_name][unit.path[1:]] = value
        else:
            holder = unit.holder or obj
            setattr(holder, languages.localized_field(unit.path[-1], language), value)
    for name, translations in streams.items():
        stream_block = type(obj)._meta.get_field(name).stream_block
        source = getattr(obj, languages.localized_field(name, units.source_language()))
        column = languages.localized_field(name, language)
        texts = structure.texts_by_path(stream_block, source, getattr(obj, column))
        texts.update(translations)
        setattr(obj, column, structure.with_texts(stream_block, source, texts))


def save_draft(obj, user):
    """A draft revision of ``obj`` by ``user`` (saved directly for snippets without drafts);
    ValidationError when ``obj`` is not valid."""
    with transaction.atomic():
        if isinstance(obj, RevisionMixin):
            return obj.save_revision(user=user, log_action=True)
        obj.full_clean()
        obj.save()
    return None


def _save(obj, changes, language, user, report, dry_run):
    write(obj, [(unit, value) for unit, value, _outcome in changes], language)
    revision = None
    try:
        if dry_run:
            obj.full_clean()
        else:
            revision = save_draft(obj, user)
    except ValidationError as error:
        message = _("The translations could not be saved: %(errors)s") % {
            "errors": _messages(error)
        }
        for _unit, _value, outcome in changes:
            outcome.message = message
            report.invalid.append(outcome)
        return
    report.applied.extend(outcome for _unit, _value, outcome in changes)
    report.saved.append(Saved(obj, units.object_label(obj), revision, len(changes)))


def import_translations(data, *, user=None, language=None, dry_run=False):
    """Check ``data`` (the bytes of an XLIFF or PO file) and save its valid translations.

    ``language``, when given, is the language the file must be for. ``user`` is the author of
    the drafts; their language roles and edit permissions are checked. Raises
    ExchangeFileError, with nothing written, when the file as a whole cannot be imported.
    """
    exchange_file = read_file(data)
    target = _check_languages(exchange_file, language, user)
    report = ImportReport(format=exchange_file.format, language=target, dry_run=dry_run)
    with translation.override(units.source_language()), transaction.atomic():
        plan = _plan(exchange_file, target, user, report)
        for object_key, changes in plan.changes.items():
            obj = plan.objects[object_key][0]
            _save(obj, changes, target, user, report, dry_run)
        if dry_run:
            transaction.set_rollback(True)
    return report
