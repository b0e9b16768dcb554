"""Partner profiles in site search.

A partner's profile (the ``partner`` route of an agreements database) is served for a published
partner of at least one public agreement of that database, and search finds it then only: in
each language by the partner's name in that language and by its English name, its kind and
country, and its description. Its documents belong to the database's page
(``iurc.core.search.index_routes``), which lists them with ``profile_routes``; the agreements'
listing rows (``partners.listing``) say which agreements are public.

The documents follow every event that changes what they copy or whether the profile is
served: an agreement published, unpublished, deleted, moved or restricted, a partner saved or
deleted. The handlers are connected after the listing rows' own, which they read.
"""

import contextvars
import re
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from iurc.core import search
from iurc.core.models import SearchDocument
from iurc.core.visibility import public_state_changed
from partners.agreements import (
    AgreementEUMember,
    AgreementPage,
    AgreementPartnerMember,
    ListedAgreement,
    Partner,
)

MEMBER_MODELS = (AgreementEUMember, AgreementPartnerMember)
ROUTE = re.compile(r"^partners/(\d+)/$")


def profile_route(partner_id):
    """The profile's path under its database's URL (the index page's ``partner`` route)."""
    return f"partners/{partner_id}/"


class PartnerProfile:
    """What search reads of one profile, in the active language."""

    kind = SearchDocument.Kind.PARTNER

    def __init__(self, partner):
        self.partner = partner
        self.route = profile_route(partner.pk)

    def search_title(self):
        return self.partner.name

    def search_texts(self):
        partner = self.partner
        english = partner.name_en if partner.name_en != partner.name else ""
        return [
            f"{partner.get_kind_display()} · {partner.country_name}",
            partner.description,
            english,
        ]


def _listed_partner_ids(index_page_id, partner_ids=None):
    """Published partners of the public agreements of one database (among ``partner_ids``)."""
    listed = ListedAgreement.objects.filter(index_page_id=index_page_id).values("agreement_id")
    ids = set()
    for model in MEMBER_MODELS:
        members = model.objects.filter(agreement_id__in=listed, partner__live=True)
        if partner_ids is not None:
            members = members.filter(partner_id__in=partner_ids)
        ids.update(members.values_list("partner_id", flat=True))
    return ids


def profile_routes(index_page, routes=None):
    """The profiles an agreements database serves (among ``routes``), for
    ``AgreementIndexPage.search_routes``."""
    wanted = None
    if routes is not None:
        wanted = {int(match[1]) for match in map(ROUTE.match, routes) if match}
        if not wanted:
            return []
    ids = _listed_partner_ids(index_page.pk, wanted)
    partners = Partner.objects.filter(pk__in=ids).order_by("pk")
    return [PartnerProfile(partner) for partner in partners]


def _databases():
    """The live pages with partner profiles: the agreements databases."""
    models = search.routed_page_models()
    return [page for model in models for page in model.objects.live().order_by("pk")]


def index_partners(partners):
    """Rewrite the profile documents of ``partners`` (instances or ids) in every database."""
    routes = [profile_route(getattr(partner, "pk", partner)) for partner in partners]
    if routes:
        for database in _databases():
            search.index_routes(database, routes)


def _partner_ids(agreement_ids):
    ids = set()
    for model in MEMBER_MODELS:
        members = model.objects.filter(agreement_id__in=agreement_ids)
        ids.update(members.values_list("partner_id", flat=True))
    return ids


def index_agreement_partners(agreement_ids, partner_ids=()):
    """After agreements were published, unpublished or deleted: their partners' profiles, and
    those of partners an edit took off them (documents of profiles a database no longer
    serves), in their databases."""
    parents = {
        page.path[: -page.steplen]
        for page in Page.objects.filter(pk__in=agreement_ids).only("path", "depth")
    }
    candidates = _partner_ids(agreement_ids) | set(partner_ids)
    for database in _databases():
        if parents and database.path not in parents:
            continue
        documents = SearchDocument.objects.filter(page=database, language="en").exclude(route="")
        served = {
            int(match[1])
            for match in map(ROUTE.match, documents.values_list("route", flat=True))
            if match
        }
        stale = served - _listed_partner_ids(database.pk)
        routes = [profile_route(pk) for pk in sorted(candidates | stale)]
        if routes:
            search.index_routes(database, routes)


def index_branch(path):
    """After the visibility of the branch at ``path`` changed: all the profiles of each
    database in it, and those of the partners of its agreements in a database holding it (a
    restriction on one agreement rewrites a few documents, not thousands)."""
    above = [path[:end] for end in range(Page.steplen, len(path), Page.steplen)]
    partners = None
    for database in _databases():
        if database.path.startswith(path):
            search.index_routes(database)
        elif database.path in above:
            if partners is None:
                branch = AgreementPage.objects.filter(path__startswith=path).values("pk")
                partners = _partner_ids(branch)
            routes = [profile_route(pk) for pk in sorted(partners)]
            if routes:
                search.index_routes(database, routes)


def _on_published(sender, instance, **kwargs):
    index_agreement_partners([instance.pk])


def _on_unpublished(sender, instance, **kwargs):
    index_agreement_partners([instance.pk])


def _before_agreement_deleted(sender, instance, **kwargs):
    instance._iurc_profile_partners = _partner_ids([instance.pk])


def _on_agreement_deleted(sender, instance, **kwargs):
    partners = getattr(instance, "_iurc_profile_partners", set())
    if partners:
        index_partners(partners)


def _on_moved(sender, instance, **kwargs):
    if issubclass(sender, AgreementPage):
        # It may have left one database for another: its partners, in every database.
        index_partners(_partner_ids([instance.pk]))
    else:
        index_branch(instance.path)


def _on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        index_branch(page.path)


# Partners saved while a bulk change runs (``partners_indexed_once``): their ids, or None.
_deferred_partners = contextvars.ContextVar("deferred_partners", default=None)


@contextmanager
def partners_indexed_once():
    """Within it, partners saved are indexed once, at the end, rather than one by one: a bulk
    change (the demo's facts for every partner) would rewrite each profile's documents in
    every database as it goes."""
    saved = set()
    token = _deferred_partners.set(saved)
    try:
        yield
    finally:
        _deferred_partners.reset(token)
    index_partners(sorted(saved))


def _on_partner_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if not created and not raw and public_state_changed(update_fields):
        deferred = _deferred_partners.get()
        if deferred is not None:
            deferred.add(instance.pk)
        else:
            index_partners([instance])


def _on_partner_deleted(sender, instance, **kwargs):
    SearchDocument.objects.filter(route=profile_route(instance.pk), kind="partner").delete()


def connect_signals():
    """Connect the handlers; after ``partners.listing.connect_signals``, whose rows they read."""
    page_published.connect(_on_published, sender=AgreementPage, dispatch_uid="iurc_profiles")
    page_unpublished.connect(_on_unpublished, sender=AgreementPage, dispatch_uid="iurc_profiles")
    pre_delete.connect(
        _before_agreement_deleted, sender=AgreementPage, dispatch_uid="iurc_profiles"
    )
    post_delete.connect(_on_agreement_deleted, sender=AgreementPage, dispatch_uid="iurc_profiles")
    post_page_move.connect(_on_moved, dispatch_uid="iurc_profiles_moved")
    for signal in (post_save, post_delete):
        signal.connect(
            _on_restriction_changed, sender=PageViewRestriction, dispatch_uid="iurc_profiles"
        )
    post_save.connect(_on_partner_saved, sender=Partner, dispatch_uid="iurc_profiles")
    post_delete.connect(_on_partner_deleted, sender=Partner, dispatch_uid="iurc_profiles")
