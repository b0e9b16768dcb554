"""Export: choose objects, collect their units for one language, write one file."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from iurc.translations.exchange import po, units, xliff
from iurc.translations.exchange.formats import FORMATS, PO, XLIFF2, XLIFF12
from iurc.translations.segments import target_languages


class ExportError(ValueError):
    """The export cannot be made as asked (unknown language, page or snippet)."""


@dataclass
class Export:
    content: bytes
    filename: str
    content_type: str
    unit_count: int
    object_count: int


def pages_by_id(page_ids):
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    missing = [str(pk) for pk in page_ids if pk not in pages]
    if missing:
        raise ExportError(_("No page with id %(ids)s.") % {"ids": ", ".join(missing)})
    return [units.working_copy(pages[pk]) for pk in page_ids]


def snippet_by_reference(reference):
    """A snippet's working copy from ``app.model:pk`` (``core.quote:3``)."""
    model_label, _sep, pk = reference.partition(":")
    try:
        return units.find_object(model_label.lower(), pk)
    except (LookupError, ValueError) as error:
        raise ExportError(
            _("No translatable snippet %(reference)s (write app.model:pk, e.g. core.quote:3).")
            % {"reference": reference}
        ) from error


def collect_units(objects, language, missing_or_outdated=False):
    selected = []
    for obj in objects:
        object_units = units.collect(obj, language)
        if missing_or_outdated:
            object_units = units.needs_translation(object_units)
        selected.extend(object_units)
    return selected


def export(language, file_format=XLIFF2, objects=None, missing_or_outdated=False):
    """Write the units of ``objects`` (every page and snippet when None) for ``language``."""
    if language not in target_languages():
        raise ExportError(
            _("%(language)s is not a language translations are made into.") % {"language": language}
        )
    if file_format not in FORMATS:
        raise ExportError(_("Unknown format %(format)s.") % {"format": file_format})
    objects = list(units.all_objects() if objects is None else objects)
    selected = collect_units(objects, language, missing_or_outdated)
    if file_format == PO:
        content = po.write(selected, language)
        content_type = "text/x-gettext-translation; charset=utf-8"
    else:
        content = xliff.write(selected, language, file_format)
        content_type = "application/xliff+xml; charset=utf-8"
    suffix = {XLIFF2: "", XLIFF12: "-xliff12", PO: ""}[file_format]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"iurc-{language}-{stamp}{suffix}.{FORMATS[file_format][1]}"
    object_count = len({units.object_key(unit.obj) for unit in selected})
    return Export(content, filename, content_type, len(selected), object_count)
