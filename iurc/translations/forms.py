"""Edit forms that let translators change only the fields of their languages.

Every page and snippet edit form gets ``TranslatorRestrictionMixin`` (see ``install``). For a
user restricted to some languages (``groups.editable_languages``), in the form itself:

* the plain text fields of their languages stay editable; their rich text and StreamFields
  are shown read-only, with a link to the segment editor (``iurc.translations.editor``),
  where the English structure, links and images cannot change;
* the English source and the fields that are not translated (years, kinds, images, dates,
  choices, StreamFields' structure in other languages…) are shown read-only;
* the fields of other languages are left out;
* in inline panels (an agreement's partners and documents) only their languages' text can
  change: nothing can be added, removed or reordered.

A field shown read-only or left out never reaches the saved object, whatever is posted; a
post that tries to change one is rejected with an error, so nothing is saved. The English
source and outdated translations are marked for everyone (see ``status.outdated_fields``).
"""

import copy
import json
import re

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import BlockField, StreamValue
from wagtail.fields import RichTextField, StreamField

from iurc.core import languages, segments
from iurc.core.emptiness import is_empty
from iurc.core.stream_text import plain_text
from iurc.translations import groups, status
from iurc.translations.editor import segment_editor_url

EDIT, SHOW, HIDE = "edit", "show", "hide"
_PARAGRAPH_END = re.compile(r"</(?:p|h[1-6]|li)>|<br\s*/?>", re.IGNORECASE)


def field_access(model, name, editable):
    """How a user who may change ``editable`` languages sees form field ``name`` of ``model``."""
    localized = status.localized_field_map(model)
    if name in localized:
        base, code = localized[name]
        if code in editable:
            structured = isinstance(model._meta.get_field(base), RichTextField | StreamField)
            return SHOW if structured else EDIT
        return SHOW if code == languages.default_language() else HIDE
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return EDIT  # a form-only field, such as comment notifications
    if model_field.primary_key:
        return EDIT  # the id of an inline child; its order is checked separately
    return SHOW


# --- Read-only display ---------------------------------------------------------------------


class ReadOnlyValue(forms.Widget):
    """A value shown as text: nothing is posted back."""

    show_add_comment_button = False

    def __init__(self, display, attrs=None):
        super().__init__(attrs)
        self.display = display

    def render(self, name, value, attrs=None, renderer=None):
        element_id = (attrs or {}).get("id")
        return format_html(
            '<div class="iurc-read-only"{}>{}</div>',
            format_html(' id="{}"', element_id) if element_id else "",
            self.display,
        )

    def value_from_datadict(self, data, files, name):
        return None

    def value_omitted_from_data(self, data, files, name):
        return True


class ReadOnlyField(forms.Field):
    """Stands in for a field the user may not change; its value is never saved."""

    def __init__(self, original, display):
        super().__init__(
            required=False,
            disabled=True,
            label=original.label,
            help_text=original.help_text,
            widget=ReadOnlyValue(display),
        )


def _text_html(text):
    # linebreaks escapes the text itself (autoescape) and returns plain str.
    return mark_safe(linebreaks(text, autoescape=True))


def _rich_text_html(value):
    parts = [plain_text(part) for part in _PARAGRAPH_END.split(str(value))]
    return format_html_join("", "<p>{}</p>", ((part,) for part in parts if part))


def _stream_html(value):
    items = []
    for child in value:
        block = child.block
        if hasattr(child.value, "get_search_text"):
            texts = [str(child.value)]
        else:
            texts = [plain_text(text) for text in block.get_searchable_content(child.value)]
        items.append((block.label, " · ".join(text for text in texts if text)))
    return format_html(
        '<ol class="iurc-read-only__blocks">{}</ol>',
        format_html_join("", "<li><strong>{}</strong> {}</li>", items),
    )


def display_html(instance, name):
    """``instance.name`` as a reader of the admin sees it, escaped."""
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name, None)
    if model_field.many_to_many:
        value = ", ".join(str(item) for item in value.all())
    if is_empty(value):
        return format_html('<span class="iurc-read-only__empty">{}</span>', _("(empty)"))
    if isinstance(value, StreamValue) or isinstance(model_field, StreamField):
        return _stream_html(value)
    if isinstance(model_field, RichTextField):
        return _rich_text_html(value)
    if model_field.choices:
        return _text_html(str(getattr(instance, f"get_{name}_display")()))
    if isinstance(value, bool):
        return _text_html(gettext("Yes") if value else gettext("No"))
    return _text_html(str(value))


# --- The restriction ---------------------------------------------------------------------


def _posted_change(form, name, field, model_field):
    """True when ``form``'s data changes ``name`` from its stored value."""
    html_name = form.add_prefix(name)
    widget = field.widget
    if isinstance(
        widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.SelectMultiple
    ):
        # Unticked boxes and empty multiple selections are not posted: only a posted value
        # can be a change.
        if html_name not in form.data:
            return False
    elif widget.value_omitted_from_data(form.data, form.files, html_name):
        return False
    raw = widget.value_from_datadict(form.data, form.files, html_name)
    initial = form.get_initial_for_field(field, name)
    if isinstance(field, BlockField) or isinstance(model_field, RichTextField):
        try:
            posted = field.clean(raw)
        except ValidationError:
            return True
        return _value_hash(posted) != _value_hash(initial)
    return field.has_changed(initial, raw)


_BLOCK_KEY = re.compile(r"\sdata-block-key=\"[^\"]*\"")


def _normalise(value):
    if isinstance(value, StreamValue):
        return _normalise(value.get_prep_value())
    if isinstance(value, dict):
        # Block ids change whenever a block is recreated; they are not content.
        return {key: _normalise(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list | tuple):
        return [_normalise(item) for item in value]
    if isinstance(value, str) or hasattr(value, "source"):
        return status.text_hash(_BLOCK_KEY.sub("", str(getattr(value, "source", value))))
    return value


def _value_hash(value):
    """What ``value`` says, the same for a stream posted back with new block ids."""
    return json.dumps(None if is_empty(value) else _normalise(value), sort_keys=True, default=str)


class TranslatorRestrictionMixin:
    _iurc_translator_restricted = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        self.editable_languages = groups.editable_languages(user) if user is not None else None
        # (form, name, original field, model field) of everything the user may not change
        self.guarded_fields = []
        self.read_only_fields = set()
        self.restricted_formsets = {}
        if self.editable_languages is not None:
            self._restrict(self, top_level=True)
            for relation, formset in self.formsets.items():
                if relation == "comments":
                    continue
                self.restricted_formsets[relation] = formset
                # The inline panel's "add" button stops at this number.
                formset.max_num = formset.initial_form_count()
                for index, child in enumerate(formset.forms):
                    self._restrict(child, top_level=False)
                    if index >= formset.initial_form_count():
                        # A posted extra child is refused in clean(); validating it keeps the
                        # inline panel able to render it back.
                        child.empty_permitted = False
        self._mark_outdated()

    def _restrict(self, form, top_level):
        model = form._meta.model
        for name, field in list(form.fields.items()):
            if name in (DELETION_FIELD_NAME, ORDERING_FIELD_NAME):
                self.guarded_fields.append((form, name, copy.deepcopy(field), None))
                field.disabled = True
                continue
            access = field_access(model, name, self.editable_languages)
            if access == EDIT:
                continue
            model_field = model._meta.get_field(name)
            self.guarded_fields.append((form, name, copy.deepcopy(field), model_field))
            if access == HIDE:
                del form.fields[name]
                continue
            display = display_html(form.instance, name)
            segments_link = self._segments_link(form.instance, model, name)
            if segments_link:
                display = format_html("{}{}", segments_link, display)
            if top_level:
                form.fields[name] = ReadOnlyField(field, display)
                self.read_only_fields.add(name)
            else:
                # Inline children keep their field, disabled: Django then saves the stored
                # value back, as the child is rebuilt from the form.
                field.disabled = True
                field.required = False
                field.widget = ReadOnlyValue(display)

    def _segments_link(self, instance, model, name):
        """For a rich text or StreamField of the translator's language: where to translate it."""
        localized = status.localized_field_map(model)
        if name not in localized or instance.pk is None:
            return ""
        code = localized[name][1]
        if code not in self.editable_languages or not status.is_tracked(model):
            return ""
        return format_html(
            '<p class="iurc-segments-link"><a class="button button-small" href="{}">{}</a></p>',
            segment_editor_url(instance, code),
            _("Translate in the segment editor"),
        )

    def _mark_outdated(self):
        instance = self.instance
        if instance.pk is None or not status.status_fields(type(instance)):
            return
        codes = (
            self.editable_languages
            if self.editable_languages is not None
            else status.target_languages()
        )
        outdated = status.outdated_by_language(instance, codes)
        for code, names in outdated.items():
            for name in names:
                field = self.fields.get(languages.localized_field(name, code))
                if field is None:
                    continue
                field.help_text = format_html(
                    '<span class="w-status w-status--primary iurc-outdated">{}</span> {} '
                    '<a href="{}">{}</a> {}',
                    _("Outdated"),
                    _(
                        "The English text changed after this translation was saved: update "
                        "it, or confirm that it is still right."
                    ),
                    segment_editor_url(instance, code),
                    _("Open the segment editor"),
                    field.help_text or "",
                )

    def clean(self):
        cleaned_data = super().clean()
        self._refuse_blocks_english_lacks(cleaned_data)
        if self.editable_languages is None:
            return cleaned_data
        changed = []
        for form, name, field, model_field in self.guarded_fields:
            if _posted_change(form, name, field, model_field):
                label = str(field.label or name)
                if label not in changed:
                    changed.append(label)
        if changed:
            self.add_error(
                None,
                ValidationError(
                    _(
                        "Translators can change only the fields of their languages. Not "
                        "saved, because of a change to: %(fields)s."
                    ),
                    code="translator_forbidden_field",
                    params={"fields": ", ".join(changed)},
                ),
            )
        for formset in self.restricted_formsets.values():
            existing = [child.pk for child in formset.get_queryset()]
            submitted = [form.instance.pk for form in formset.initial_forms]
            if formset.total_form_count() != len(existing) or submitted != existing:
                self.add_error(
                    None,
                    ValidationError(
                        _("Translators cannot add, remove or reorder %(items)s."),
                        code="translator_forbidden_items",
                        params={"items": formset.model._meta.verbose_name_plural},
                    ),
                )
        return cleaned_data

    def _refuse_blocks_english_lacks(self, cleaned_data):
        """English owns the blocks of a page (``iurc.core.segments``): a block added to another
        language only would be dropped on save, and its words with it. Say so instead."""
        model = self._meta.model
        default = languages.default_language()
        for column, (base, code) in status.localized_field_map(model).items():
            if code == default or column not in cleaned_data:
                continue
            model_field = model._meta.get_field(base)
            if not isinstance(model_field, StreamField):
                continue
            english_column = languages.localized_field(base, default)
            english = cleaned_data.get(english_column, getattr(self.instance, english_column))
            lost = segments.dropped_texts(model_field.stream_block, english, cleaned_data[column])
            if lost:
                self.add_error(
                    column,
                    ValidationError(
                        _(
                            "Blocks are added, removed and moved in English; other languages "
                            "translate the English blocks. Not saved, because these texts have "
                            "no English block: %(texts)s"
                        ),
                        code="block_without_english",
                        params={"texts": " · ".join(plain_text(text)[:60] for text in lost)},
                    ),
                )

    def _post_clean(self):
        # Read-only stand-ins hold the stored value; they must not be written back.
        for name in self.read_only_fields:
            self.cleaned_data.pop(name, None)
        super()._post_clean()


def restricted_form_class(base):
    if getattr(base, "_iurc_translator_restricted", False):
        return base
    return type(f"TranslatorRestricted{base.__name__}", (TranslatorRestrictionMixin, base), {})


def edited_models():
    """Page types and snippets edited in the admin with per-language fields."""
    from modelcluster.fields import ParentalKey
    from modeltranslation.translator import translator
    from wagtail.models import Page, get_page_models

    pages = [model for model in get_page_models() if model is not Page]
    others = [
        model
        for model in translator.get_registered_models()
        if not issubclass(model, Page)
        and not model._meta.abstract
        # Inline children (agreement documents) are edited inside their page's form.
        and not any(isinstance(f, ParentalKey) for f in model._meta.get_fields())
    ]
    return pages + others


def install():
    """Give every translated page and snippet edit form the translator restriction.

    Called from ``TranslationsConfig.ready()``. It sets ``base_form_class`` on the models of
    other apps: the base layer (``iurc.core``) cannot name a form of this app, and Wagtail has
    no hook that chooses a page's form class. Declaring the form on ``BasePage`` would mean
    moving the form, with the outdated marks it shows, into the base layer.
    """
    from wagtail.admin.forms import WagtailAdminModelForm
    from wagtail.models import Page

    for model in edited_models():
        base = getattr(model, "base_form_class", None) or WagtailAdminModelForm
        model.base_form_class = restricted_form_class(base)
        if issubclass(model, Page):
            # Page edit handlers capture the form class when first built.
            model.get_edit_handler.cache_clear()
