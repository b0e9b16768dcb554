"""StreamField blocks shared by every page body."""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets import blocks as snippet_blocks

from iurc.core import links, malformed
from iurc.core.visibility import is_public, with_restriction_state


class UnsortedBulkLoadMixin:
    """A chooser block that loads the chosen objects of a page body without sorting them.

    Wagtail's ChooserBlock.bulk_to_python loads them with ``in_bulk``, which keeps the model's
    default ordering (``path`` for pages; speaker, place, pk for quotes). ``in_bulk`` returns
    them by id, so the ORDER BY sorts nothing anyone reads, yet Django compiles it on every
    page view: about a quarter of the Python time of each of these queries. Otherwise the
    same: every chosen object in one query, None for a missing one, a copy for an id chosen
    twice.
    """

    def bulk_queryset(self):
        return self.model_class.objects.order_by()

    def bulk_to_python(self, values):
        objects = self.bulk_queryset().in_bulk(values)
        seen_ids = set()
        result = []
        for pk in values:
            obj = objects.get(pk)
            if obj is not None and pk in seen_ids:
                obj = copy.copy(obj)
            result.append(obj)
            seen_ids.add(pk)
        return result


class UnsortedPageChooserBlock(UnsortedBulkLoadMixin, blocks.PageChooserBlock):
    def bulk_queryset(self):
        # A card links a chosen page only when the public may see it (``is_public``).
        return with_restriction_state(super().bulk_queryset())


class UnsortedSnippetChooserBlock(UnsortedBulkLoadMixin, snippet_blocks.SnippetChooserBlock):
    pass


class LinkBlock(blocks.URLBlock):
    """A link to another website: ``http``, ``https`` or ``mailto`` only (``iurc.core.links``)."""

    def __init__(
        self, required=True, help_text=None, max_length=None, min_length=None, validators=(), **kw
    ):
        super().__init__(required, help_text, max_length, min_length, validators, **kw)
        self.field = links.SafeURLFormField(
            required=required,
            help_text=help_text,
            max_length=max_length,
            min_length=min_length,
            validators=validators,
        )


# Migrations record Wagtail's blocks: the subclasses above store the same values.
DECONSTRUCT_ALIASES = {
    UnsortedPageChooserBlock: "wagtail.blocks.PageChooserBlock",
    UnsortedSnippetChooserBlock: "wagtail.snippets.blocks.SnippetChooserBlock",
    LinkBlock: "wagtail.blocks.URLBlock",
}


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=pgettext_lazy("heading block", "Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    quote = UnsortedSnippetChooserBlock("core.Quote", label=_("Quote"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"


class LinkCardValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        if page:
            return page.url
        return links.safe_href(self.get("external_url"))

    def is_external(self):
        return not self.get("page")

    def public_page(self):
        """The chosen page if the public may see it: a card never links to a draft or a
        restricted page (``iurc.core.visibility``)."""
        page = self.get("page")
        return page if is_public(page) else None


class LinkCardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=400)
    page = UnsortedPageChooserBlock(label=_("Page on this site"), required=False)
    external_url = LinkBlock(label=_("External website"), required=False)

    class Meta:
        icon = "link"
        label = _("Link card")
        value_class = LinkCardValue

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("external_url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        _("Choose either a page on this site or an external website.")
                    )
                }
            )
        return value


class LinkCardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    cards = blocks.ListBlock(LinkCardBlock(), label=_("Cards"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Link cards")
        template = "components/blocks/link_cards.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="components/blocks/paragraph.html",
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    link_cards = LinkCardsBlock()
    embed = EmbedBlock(label=_("Embedded media"), template="components/blocks/embed.html")

    def value_from_datadict(self, data, files, prefix):
        # A count, type or order the widget did not send is a bad request, not a 500.
        with malformed.parsing(prefix):
            return super().value_from_datadict(data, files, prefix)
