"""gettext PO files of content units, for CAT tools without XLIFF.

One message per unit: ``msgctxt`` is the unit key (so equal English texts in two places stay
two messages), ``msgid`` the English source, ``msgstr`` the translation. Rich text codes are
numbered placeholders, ``<1>…</1>`` around text and ``<2/>`` alone; an extracted comment lists
what each number stands for, and another carries the source hash (``#. source-hash: …``).
Every existing translation is the ``msgstr``; an outdated one is marked fuzzy and carries the
English it was made from as ``#| msgid``, as gettext's own tools do.
The HTML is rebuilt from the current source on import (see ``richtext``), so the list in the
comments is for the translator, never trusted.
"""

import io

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from django.utils import translation
from django.utils.translation import gettext as _

from iurc.translations import status
from iurc.translations.exchange.formats import (
    PO,
    ExchangeFile,
    ExchangeFileError,
    FileUnit,
    language_code,
)
from iurc.translations.exchange.richtext import Code, parse_html, to_placeholders
from iurc.translations.exchange.richtext import wrapper as richtext_wrapper
from iurc.translations.exchange.units import HTML, object_label

HASH_COMMENT = "source-hash:"


def _code_comments(content):
    for node in content:
        if not isinstance(node, Code):
            continue
        tag = " ".join(node.start.split())
        yield f"<{node.id}{'' if node.paired else '/'}> = {tag}"
        yield from _code_comments(node.children)


def _previous_msgid(unit):
    if unit.kind != HTML:
        return unit.state.previous_source
    content, codes = parse_html(unit.state.previous_source)
    wrapper = richtext_wrapper(content, codes)
    return to_placeholders(wrapper.children if wrapper else content)


def write(units, language):
    """A PO catalogue (bytes, UTF-8) with ``units`` to translate into ``language``."""
    catalog = Catalog(
        locale=translation.to_locale(language),
        project="IURC portal content",
        version="1",
        fuzzy=False,
        header_comment="# Content of the IURC portal to translate. Keep msgctxt unchanged.\n#",
    )
    for unit in units:
        if unit.kind == HTML:
            msgid = to_placeholders(unit.content)
            msgstr = to_placeholders(unit.target_content)
        else:
            msgid, msgstr = unit.source, unit.target
        comments = [
            f"{object_label(unit.obj)} › {unit.location}",
            f"{HASH_COMMENT} {unit.hash}",
            *(_code_comments(unit.content) if unit.kind == HTML else ()),
        ]
        outdated = unit.state.name == status.OUTDATED
        previous = {}
        if outdated and unit.state.previous_source:
            previous = {"previous_id": _previous_msgid(unit)}
        catalog.add(
            msgid,
            msgstr,
            context=unit.key,
            auto_comments=comments,
            flags=("fuzzy",) if outdated else (),
            **previous,
        )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=False)
    return buffer.getvalue()


def read(data):
    """Parse a PO file of content units; ExchangeFileError when it is not one."""
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError, LookupError) as error:
        raise ExchangeFileError(
            _("The file is not a valid PO file (%(error)s).") % {"error": error}
        ) from error
    messages = [message for message in catalog if message.id]
    if not any(message.context for message in messages):
        raise ExchangeFileError(
            _(
                "The PO file has no content units (messages whose msgctxt is a unit key). "
                "Interface catalogues are imported with the import_ui_catalogue command."
            )
        )
    language = getattr(catalog, "locale_identifier", None) or str(catalog.locale or "")
    file_units = []
    for message in messages:
        source_hash = next(
            (
                comment[len(HASH_COMMENT) :].strip()
                for comment in message.auto_comments
                if comment.startswith(HASH_COMMENT)
            ),
            "",
        )
        item = FileUnit(
            key=message.context or "",
            source=[message.id if isinstance(message.id, str) else message.id[0]],
            target=None,
            source_hash=source_hash,
            placeholders=True,
        )
        if message.pluralizable:
            item.error = _("Plural forms are not used for content.")
        elif message.string:
            item.target = [message.string]
        if message.fuzzy:
            item.skipped = _("marked fuzzy")
        file_units.append(item)
    return ExchangeFile(PO, "", language_code(language) or language, file_units)
