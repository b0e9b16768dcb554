"""The segment editor: a page or snippet translated segment by segment, in one language.

Each segment (``iurc.translations.segments``) shows its English source, read-only, beside its
translation, with the state of that translation (``status.segment_state``) and, when it is
outdated, what changed in English. Translators write text only: a rich text segment's tags
(bold, links) are numbered placeholders, ``<1>…</1>``, and the stored HTML is rebuilt from the
English tags (``exchange.richtext``), exactly as for a file from a CAT tool. Structure, links,
images and every other value stay English's, whatever a request posts: only the texts of
the object's own segments are read from it.

Saving writes a draft revision by the translator (the same write as an import); "Submit for
review" also starts the object's workflow. Programme staff keep Wagtail's full editor.
"""

import difflib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import WorkflowMixin

from iurc.core import languages
from iurc.translations import groups, status
from iurc.translations.exchange import richtext, units
from iurc.translations.exchange.importing import (
    refusal,
    save_draft,
    translation_value,
    write,
)
from iurc.translations.review import start_review

SAVE, SUBMIT, CONFIRM = "save", "submit", "confirm"


def segment_editor_url(obj, language):
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    return reverse("workspace_segments", args=[label, obj.pk, language])


def editable_text(unit, content):
    """A content tree as the translator edits it: text with numbered placeholders."""
    if unit.kind == units.HTML:
        return richtext.to_placeholders(content)
    return "".join(node for node in content if isinstance(node, str))


def posted_content(unit, text):
    """The content tree of what the translator wrote; InlineCodeError for broken tags."""
    text = text.replace("\r\n", "\n").strip()
    if unit.kind == units.HTML:
        return richtext.from_placeholders(text)
    return [text]


def word_diff(old, new):
    """[(operation, words)] turning ``old`` into ``new``: "equal", "delete" or "insert"."""
    old_words, new_words = old.split(), new.split()
    result = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation in ("equal", "delete", "replace") and a2 > a1:
            kind = "equal" if operation == "equal" else "delete"
            result.append((kind, " ".join(old_words[a1:a2])))
        if operation in ("insert", "replace") and b2 > b1:
            result.append(("insert", " ".join(new_words[b1:b2])))
    return result


def code_legend(unit):
    """What each placeholder of a rich text segment stands for, for the translator."""
    legend = []

    def visit(content):
        for node in content:
            if isinstance(node, richtext.Code):
                source = unit.codes[node.id]
                kind = {
                    "b": pgettext("inline markup", "bold"),
                    "strong": pgettext("inline markup", "bold"),
                    "i": pgettext("inline markup", "italic"),
                    "em": pgettext("inline markup", "italic"),
                    "a": pgettext("inline markup", "link"),
                }
                what = kind.get(source.tag) or source.tag
                legend.append((f"<{node.id}>" if node.paired else f"<{node.id}/>", what))
                visit(node.children)

    if unit.kind == units.HTML:
        visit(unit.content)
    return legend


class SegmentEditorView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "workspace/segments.html"
    header_icon = "globe"

    def dispatch(self, request, model_label, pk, language):
        if language not in status.target_languages():
            raise Http404
        editable = groups.editable_languages(request.user)
        if editable is not None and language not in editable:
            raise PermissionDenied
        try:
            self.object = units.find_object(model_label, pk)
        except (LookupError, ValueError) as error:
            raise Http404 from error
        if AdminURLFinder(request.user).get_edit_url(self.object) is None:
            raise PermissionDenied
        self.language = language
        self.refusal = refusal(request.user, self.object)
        self.units = units.collect(self.object, language)
        self.posted = {}
        self.errors = {}
        return super().dispatch(request, model_label, pk, language)

    def get_page_title(self):
        return _("Translate into %(language)s") % {
            "language": languages.NATIVE_NAMES[self.language]
        }

    def get_page_subtitle(self):
        return units.object_label(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("workspace_translations"), "label": _("Translations")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def rows(self):
        rows = []
        for unit in self.units:
            state = unit.state
            rows.append(
                {
                    "unit": unit,
                    "field": f"t:{unit.key}",
                    "source": editable_text(unit, unit.content),
                    "text": self.posted.get(unit.key, editable_text(unit, unit.target_content)),
                    "legend": code_legend(unit),
                    "state": state,
                    "multiline": unit.kind == units.HTML or "\n" in unit.source,
                    "diff": word_diff(
                        unit.readable(state.previous_source), unit.readable(unit.source)
                    )
                    if state.name == status.OUTDATED and state.previous_source
                    else [],
                    "error": self.errors.get(unit.key, ""),
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        done = sum(1 for unit in self.units if unit.state.is_done)
        return super().get_context_data(
            object=self.object,
            language=self.language,
            language_name=languages.NATIVE_NAMES[self.language],
            rows=self.rows(),
            done=done,
            total=len(self.units),
            refusal=self.refusal,
            edit_url=AdminURLFinder(self.request.user).get_edit_url(self.object),
            can_submit=isinstance(self.object, WorkflowMixin) and self.object.get_workflow(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.refusal:
            messages.error(request, self.refusal)
            return self.get(request, *args, **kwargs)
        action = request.POST.get("action", SAVE)
        changes = []
        for unit in self.units:
            if request.POST.get(f"same:{unit.key}"):
                text = editable_text(unit, unit.content)
            else:
                text = request.POST.get(f"t:{unit.key}")
            if text is None:
                continue
            self.posted[unit.key] = text
            try:
                content = posted_content(unit, text)
                if not richtext.plain_text(content).strip():
                    value = ""
                else:
                    value = translation_value(unit, content, self.language)
            except (richtext.InlineCodeError, ValidationError) as error:
                reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                self.errors[unit.key] = " ".join(str(reason) for reason in reasons)
                continue
            if status.text_hash(value) != status.text_hash(unit.target):
                changes.append((unit, value))
        if self.errors:
            messages.error(request, _("Nothing was saved: correct the translations marked below."))
            return self.render_to_response(self.get_context_data())
        confirmed = [
            unit
            for unit in self.units
            if request.POST.get(f"confirm:{unit.key}") and unit.state.name == status.OUTDATED
        ]
        try:
            with transaction.atomic():
                if changes:
                    write(self.object, changes, self.language)
                    save_draft(self.object, request.user)
                live = units.live_object(self.object)
                status.confirm(live, [unit.segment.key for unit in confirmed], self.language)
                if action == SUBMIT and start_review(live, request.user) == "no-workflow":
                    raise ValidationError(_("This page or snippet has no review workflow."))
        except ValidationError as error:
            messages.error(
                request,
                _("The translations could not be saved: %(errors)s")
                % {"errors": " ".join(error.messages)},
            )
            return self.render_to_response(self.get_context_data())
        if action == SUBMIT:
            messages.success(request, _("Translations saved and submitted for review."))
        elif changes or confirmed:
            messages.success(
                request,
                _("Translations saved as a draft: %(count)s.") % {"count": len(changes)}
                if changes
                else _("Translations confirmed as still correct."),
            )
        else:
            messages.info(request, _("Nothing changed."))
        return redirect(request.get_full_path())
