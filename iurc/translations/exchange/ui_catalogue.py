"""The interface's gettext catalogues (``locale/<lang>/LC_MESSAGES/django.po``) for CAT tools.

Export hands out the catalogue of one language as it is. Import merges a translated copy back:
only messages the catalogue already has are taken (new msgids come from ``makemessages``, not
from translators), placeholders such as ``%(name)s`` must match their source, fuzzy or empty
translations are skipped, and everything else is reported. The catalogue is then written the
way Babel and ``msgmerge`` write it (width 79, previous msgids kept) and compiled to ``.mo``.
"""

import io
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from iurc.translations.exchange.formats import MAX_FILE_SIZE, ExchangeFileError, language_code

PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{\w*\}")
PO_WIDTH = 79


def locale_dir(path=None):
    return Path(path) if path else Path(settings.LOCALE_PATHS[0])


def catalogue_path(language, directory=None):
    return locale_dir(directory) / translation.to_locale(language) / "LC_MESSAGES" / "django.po"


def _read(data, language=None):
    try:
        return read_po(io.BytesIO(data), locale=language, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError, LookupError) as error:
        raise ExchangeFileError(
            _("The file is not a valid PO file (%(error)s).") % {"error": error}
        ) from error


def load(language, directory=None):
    path = catalogue_path(language, directory)
    if not path.exists():
        raise ExchangeFileError(
            _("There is no interface catalogue for %(language)s.") % {"language": language}
        )
    return _read(path.read_bytes(), translation.to_locale(language))


def _is_translated(message):
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(strings) and not message.fuzzy


def completeness(language, directory=None):
    """(translated, total) messages of the interface catalogue of ``language``."""
    messages = [message for message in load(language, directory) if message.id]
    return sum(1 for message in messages if _is_translated(message)), len(messages)


def export_catalogue(language, directory=None):
    """The catalogue of ``language`` as PO bytes, for a CAT tool."""
    path = catalogue_path(language, directory)
    load(language, directory)  # refuses a missing or broken catalogue
    return path.read_bytes()


@dataclass
class CatalogueReport:
    language: str
    dry_run: bool = False
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    untranslated: list = field(default_factory=list)
    unknown: list = field(default_factory=list)
    invalid: list = field(default_factory=list)  # (msgid, reason)


def _placeholders(text):
    return Counter(PLACEHOLDER.findall(text or ""))


def check_placeholders(message_id, string):
    """The reason ``string`` cannot translate ``message_id``, or "" when its placeholders fit."""
    if isinstance(message_id, tuple):
        allowed = set(_placeholders(message_id[0])) | set(_placeholders(message_id[1]))
        forms = string if isinstance(string, tuple) else (string,)
        for form in forms:
            extra = set(_placeholders(form)) - allowed
            if extra:
                return _("Placeholders not in the source: %(found)s.") % {
                    "found": ", ".join(sorted(extra))
                }
        missing = set(_placeholders(message_id[1])) - set(_placeholders(forms[-1]))
        if missing:
            return _("Placeholders missing: %(missing)s.") % {"missing": ", ".join(sorted(missing))}
        return ""
    expected, found = _placeholders(message_id), _placeholders(string)
    if expected != found:
        return _("Placeholders must be %(expected)s, not %(found)s.") % {
            "expected": ", ".join(sorted(expected.elements())) or "—",
            "found": ", ".join(sorted(found.elements())) or "—",
        }
    return ""


def _label(message):
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _write_atomically(path, content):
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def import_catalogue(data, language, directory=None, dry_run=False):
    """Merge the translations of a PO file into the catalogue of ``language``, then compile."""
    if len(data) > MAX_FILE_SIZE:
        raise ExchangeFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )
    catalogue = load(language, directory)
    incoming = _read(data)
    stated = getattr(incoming, "locale_identifier", None) or str(incoming.locale or "")
    if stated and language_code(stated) != language:
        raise ExchangeFileError(
            _("The file is translated into %(found)s, not %(expected)s.")
            % {"found": stated, "expected": language}
        )
    report = CatalogueReport(language=language, dry_run=dry_run)
    for message in incoming:
        if not message.id:
            continue
        label = _label(message)
        current = catalogue.get(message.id, context=message.context)
        if current is None:
            report.unknown.append(label)
            continue
        if not _is_translated(message):
            report.untranslated.append(label)
            continue
        if isinstance(current.id, tuple) != isinstance(message.string, tuple):
            report.invalid.append((label, _("Singular and plural forms do not match.")))
            continue
        reason = check_placeholders(current.id, message.string)
        if reason:
            report.invalid.append((label, reason))
            continue
        if current.string == message.string and not current.fuzzy:
            report.unchanged.append(label)
            continue
        current.string = message.string
        current.flags.discard("fuzzy")
        report.updated.append(label)

    if report.updated and not dry_run:
        path = catalogue_path(language, directory)
        po_buffer = io.BytesIO()
        write_po(po_buffer, catalogue, width=PO_WIDTH, include_previous=True)
        mo_buffer = io.BytesIO()
        write_mo(mo_buffer, catalogue)
        _write_atomically(path, po_buffer.getvalue())
        _write_atomically(path.with_suffix(".mo"), mo_buffer.getvalue())
    return report
