"""Agreement cards of the database's lists, read as plain rows instead of pages.

A card (components/agreement_card.html) shows an agreement's title and URL, its partners on
both sides, its kind, programme phase and start year. Loading a page of 24 agreements as page
instances cost more than the rest of the list: each page row holds every language of every
field, a page instance is slow to build, and each one's URL was worked out on its own. Here a
page of cards is three queries of plain values, whatever the database's size, and every URL is
the database's own URL plus the agreement's path below it.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.utils.http import RFC3986_SUBDELIMS

from iurc.core import languages
from iurc.core.routing import page_url
from iurc.core.visibility import public_page_annotation
from partners.agreements import AgreementEUMember, AgreementPage, AgreementPartnerMember

# What Django's ``reverse`` leaves unquoted in a path, as in the pages' own URLs.
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"
SIDES = (("eu_partners", AgreementEUMember), ("partner_partners", AgreementPartnerMember))


@dataclass
class CardPartner:
    """A published partner on one side of a card (read like ``Partner`` by its template)."""

    pk: int
    name: str
    country_id: str

    @property
    def country_name(self):
        return languages.country_name(self.country_id)


@dataclass
class CardPhase:
    acronym: str


@dataclass
class AgreementCard:
    """What a card shows of one agreement, with the names ``AgreementPage`` gives them."""

    pk: int
    listing_url: str
    title: str
    kind: str
    start_year: int | None
    public_programme_phase: CardPhase | None
    eu_partners: list = field(default_factory=list)
    partner_partners: list = field(default_factory=list)

    def get_kind_display(self):
        return str(dict(AgreementPage.Kind.choices).get(self.kind, self.kind))


def agreement_cards(ids, request, index_page):
    """The cards of the agreements ``ids``, children of ``index_page``, in the order of ``ids``.

    Only public agreements are listed, so each is routed below its database: its URL is the
    database's URL followed by its path below the database's, both in the reader's language
    or the first of its fallbacks that has one (the rule of the pages' own URLs). A page whose
    path does not start there (which its listing rows never hold) gets its URL from Wagtail.
    """
    ids = list(ids)
    if not ids:
        return []
    language = languages.active_language()
    title_columns = languages.fallback_columns("title", language)
    path_columns = languages.fallback_columns("url_path", language)
    rows = (
        AgreementPage.objects.filter(pk__in=ids)
        .order_by()
        .annotate(phase_is_public=public_page_annotation("programme_phase", request))
        .values_list(
            "pk",
            "kind",
            "start_year",
            "programme_phase_id",
            "programme_phase__acronym",
            "phase_is_public",
            *title_columns,
            *path_columns,
        )
    )
    base_url = page_url(request, index_page)
    base_path = languages.translated_value(index_page, "url_path", language)
    cards = {}
    for pk, kind, start_year, phase_id, acronym, phase_is_public, *columns in rows:
        title = languages.first_translation(columns[: len(title_columns)])
        path = languages.first_translation(columns[len(title_columns) :])
        if base_url is not None and base_path and path.startswith(base_path):
            url = base_url + quote(path[len(base_path) :], safe=URL_SAFE)
        else:
            url = AgreementPage.objects.get(pk=pk).get_url(request)
        phase = CardPhase(acronym) if phase_id is not None and phase_is_public else None
        cards[pk] = AgreementCard(pk, url, title, kind, start_year, phase)
    name_columns = languages.fallback_columns("name", language, "partner__")
    for side, model in SIDES:
        members = (
            model.objects.filter(agreement_id__in=list(cards), partner__live=True)
            .order_by("sort_order")
            .values_list("agreement_id", "partner_id", "partner__country_id", *name_columns)
        )
        for agreement_id, partner_id, country_id, *names in members:
            partner = CardPartner(partner_id, languages.first_translation(names), country_id)
            getattr(cards[agreement_id], side).append(partner)
    return [cards[pk] for pk in ids if pk in cards]
