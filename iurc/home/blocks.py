"""The home page's sections, in the order staff choose.

The layout is one list for every language: what each section says is translated where it
lives (the page's own title, introduction and body, the news, events and calls they list), so
translators never rebuild the page's structure language by language. A section takes its
content from the site at each render; only how many items to show is set here.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

MAX_ITEMS = 12


class CountBlock(blocks.StructBlock):
    count = blocks.IntegerBlock(label=_("How many"), min_value=1, max_value=MAX_ITEMS, default=3)


class SectionBlock(blocks.StaticBlock):
    """A section with nothing to set: it shows what the site holds."""


class HomeLayoutBlock(blocks.StreamBlock):
    body = SectionBlock(
        label=_("Page text"),
        admin_text=_("The body of this page, in the reader's language."),
        icon="doc-full",
    )
    latest_reads = CountBlock(label=_("Latest reads"), icon="doc-full-inverse")
    upcoming_events = CountBlock(label=_("Upcoming events"), icon="date")
    open_calls = SectionBlock(
        label=_("Open calls"),
        admin_text=_("Calls for applications open now; nothing while none is open."),
        icon="pick",
    )
    headline_numbers = SectionBlock(
        label=_("The agreements in numbers"),
        admin_text=_("Agreements, partners and countries in the agreements database."),
        icon="table",
    )
    programme = SectionBlock(
        label=_("Programme phases"), admin_text=_("Every public programme phase."), icon="list-ul"
    )
    regions = SectionBlock(label=_("Regions"), admin_text=_("Every public region."), icon="site")
    agreements = CountBlock(label=_("Newest agreements"), icon="group")
    quote = SectionBlock(
        label=_("Quote"), admin_text=_("The newest published quote."), icon="openquote"
    )

    class Meta:
        block_counts = {
            name: {"max_num": 1}
            for name in (
                "body",
                "latest_reads",
                "upcoming_events",
                "open_calls",
                "headline_numbers",
                "programme",
                "regions",
                "agreements",
                "quote",
            )
        }


# What a home page without a layout shows, and what new home pages start with.
DEFAULT_LAYOUT = (
    ("open_calls", None),
    ("body", None),
    ("headline_numbers", None),
    ("latest_reads", {"count": 3}),
    ("upcoming_events", {"count": 3}),
    ("programme", None),
    ("regions", None),
    ("agreements", {"count": 6}),
    ("quote", None),
)
