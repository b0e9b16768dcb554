"""Agreement cards of the database's lists, read as plain rows instead of pages.

A card (components/agreement_card.html) shows an agreement's title and URL, its partners on
both sides, its kind, programme phase and start year. Loading a page of 24 agreements as page
instances cost more than the rest of the list: each page row holds every language of every
field, and a page instance is slow to build. Here a page of cards is three queries of plain
values, whatever the database's size, and their URLs are worked out together.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Value
from django.urls import NoReverseMatch, reverse
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.models import Site

from iurc.core import languages, site_roots
from iurc.core.visibility import public_page_annotation
from partners.agreements import AgreementEUMember, AgreementPage, AgreementPartnerMember

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

    def get_url(self, request=None):
        return self.listing_url

    def get_kind_display(self):
        return str(dict(AgreementPage.Kind.choices).get(self.kind, self.kind))


def page_urls(paths, request):
    """{url_path: URL} of pages at these ``url_path``s, as ``Page.get_url(request)`` gives
    them (a path relative to the request's site, or with its root URL when on another site;
    None when no site holds it), from the site root paths read once.

    Wagtail works out each page's URL from its own instance: building an instance of a page
    costs more than the rest of a card.
    """
    # Kept on the request for the rest of it (or on a holder of its own without one).
    roots = site_roots.get_site_root_paths(SimpleNamespace(), request)
    current_site = Site.find_for_request(request)
    sites = {root.site_id for root in roots}
    urls = {}
    for path in paths:
        possible = [root for root in roots if path.startswith(root.root_path)]
        if not possible:
            urls[path] = None
            continue
        chosen = possible[0]
        if len({root.site_id for root in possible}) > 1 and current_site is not None:
            chosen = next((root for root in possible if root.site_id == current_site.pk), chosen)
        try:
            page_path = reverse("wagtail_serve", args=(path[len(chosen.root_path) :],))
        except NoReverseMatch:
            urls[path] = None
            continue
        if not WAGTAIL_APPEND_SLASH and page_path != "/":
            page_path = page_path.rstrip("/")
        on_this_site = current_site is not None and chosen.site_id == current_site.pk
        urls[path] = page_path if on_this_site or len(sites) == 1 else chosen.root_url + page_path
    return urls


def agreement_cards(ids, request):
    """The cards of the agreements ``ids``, in that order (``request``: the one shown)."""
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
    rows = list(rows)
    urls = page_urls(
        {languages.first_translation(row[-len(path_columns) :]) for row in rows}, request
    )
    cards = {}
    for pk, kind, start_year, phase_id, acronym, phase_is_public, *columns in rows:
        title = languages.first_translation(columns[: len(title_columns)])
        url = urls[languages.first_translation(columns[len(title_columns) :])]
        phase = CardPhase(acronym) if phase_id is not None and phase_is_public else None
        cards[pk] = AgreementCard(pk, url, title, kind, start_year, phase)
    # Both sides in one query: the side of each row is its table's place in ``SIDES``.
    name_columns = languages.fallback_columns("name", language, "partner__")
    sides = [
        # No ordering of its own (Orderable's): SQLite refuses one inside a UNION.
        model.objects.filter(agreement_id__in=list(cards), partner__live=True)
        .order_by()
        .annotate(side=Value(index))
        .values_list(
            "side", "sort_order", "agreement_id", "partner_id", "partner__country_id", *name_columns
        )
        for index, (_side, model) in enumerate(SIDES)
    ]
    members = sides[0].union(*sides[1:], all=True).order_by("side", "sort_order")
    for side, _order, agreement_id, partner_id, country_id, *names in members:
        partner = CardPartner(partner_id, languages.first_translation(names), country_id)
        getattr(cards[agreement_id], SIDES[side][0]).append(partner)
    return [cards[pk] for pk in ids if pk in cards]
