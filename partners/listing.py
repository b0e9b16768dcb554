"""Keeps ``ListedAgreement`` rows in step with what visitors may see.

A row exists for every public agreement (``iurc.core.visibility``), written when the agreement
is published and removed when it is unpublished, deleted, moved or restricted out of sight;
its country and theme rows name only published partners and themes, and are written again,
with the agreements' search documents, when a partner or theme changes. Filters and facet counts
read these narrow rows, so they never join the wide page table or test view restrictions row by
row (see ``ListedFacts``).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from iurc.core import search
from iurc.core.languages import localized_fields
from iurc.core.visibility import public_state_changed
from partners.agreements import (
    AgreementEUMember,
    AgreementPage,
    AgreementPartnerMember,
    ListedAgreement,
    ListedAgreementCountry,
    ListedAgreementTheme,
    Partner,
    Theme,
)

# What every listing row carries (``ListedFacts``).
FACTS = ("index_page_id", "kind", "status", "start_year", "region_id", "programme_phase_id")


def listing_rows(agreement, index_page_id, country_codes, theme_ids):
    """The listing row of ``agreement`` with its country and theme rows, unsaved.

    Every row carries the facts that filters read, so that each facet count reads one table.
    """
    facts = {name: getattr(agreement, name) for name in FACTS if name != "index_page_id"}
    facts["index_page_id"] = index_page_id
    listed = ListedAgreement(
        agreement_id=agreement.pk,
        sort_year=agreement.start_year or 0,
        sort_title=agreement.title_en or agreement.title,
        **facts,
    )
    countries = [
        ListedAgreementCountry(agreement_id=agreement.pk, country_id=code, **facts)
        for code in sorted(country_codes)
    ]
    themes = [
        ListedAgreementTheme(agreement_id=agreement.pk, theme_id=pk, **facts)
        for pk in sorted(theme_ids)
    ]
    return listed, countries, themes


BATCH = 500


def _public_parts(ids):
    """{agreement id: set of country codes} and {agreement id: set of theme ids} of the
    agreements ``ids``: the countries of their published partners, their published themes."""
    countries, themes = {}, {}
    for relation in (AgreementEUMember, AgreementPartnerMember):
        members = relation.objects.filter(agreement_id__in=ids, partner__live=True)
        for agreement_id, code in members.values_list("agreement_id", "partner__country_id"):
            countries.setdefault(agreement_id, set()).add(code)
    links = AgreementPage.themes.through.objects.filter(
        agreementpage_id__in=ids, theme__live=True
    ).values_list("agreementpage_id", "theme_id")
    for agreement_id, theme_id in links:
        themes.setdefault(agreement_id, set()).add(theme_id)
    return countries, themes


def write(agreements):
    """Write the listing rows of ``agreements`` (a queryset) from their database state: the
    rows of each are removed, then written again if the public may see it.

    A batch of agreements costs the same few queries whatever its size: removing a view
    restriction from a database of 20,000 agreements lists them all again in seconds.
    """
    ids = list(agreements.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch_ids = ids[start : start + BATCH]
        batch = list(
            AgreementPage.objects.filter(pk__in=batch_ids).published().defer_streamfields()
        )
        parent_paths = {agreement.path[: -agreement.steplen] for agreement in batch}
        parents = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "pk"))
        countries, themes = _public_parts([agreement.pk for agreement in batch])
        listed, listed_countries, listed_themes = [], [], []
        for agreement in batch:
            row, country_rows, theme_rows = listing_rows(
                agreement,
                parents[agreement.path[: -agreement.steplen]],
                countries.get(agreement.pk, ()),
                themes.get(agreement.pk, ()),
            )
            listed.append(row)
            listed_countries += country_rows
            listed_themes += theme_rows
        with transaction.atomic():
            remove(batch_ids)
            ListedAgreement.objects.bulk_create(listed)
            ListedAgreementCountry.objects.bulk_create(listed_countries)
            ListedAgreementTheme.objects.bulk_create(listed_themes)


def sync(agreement):
    """Write (or remove) the listing rows of one agreement from its database state."""
    write(AgreementPage.objects.filter(pk=agreement.pk))


def remove(page_ids):
    """Remove the listing rows of these agreements (their country and theme rows with them)."""
    ListedAgreement.objects.filter(agreement_id__in=page_ids).delete()


def rebuild():
    """Rebuild every row; returns how many agreements are listed."""
    with transaction.atomic():
        ListedAgreement.objects.all().delete()
        write(AgreementPage.objects.all())
        return ListedAgreement.objects.count()


def list_theme(theme):
    """A theme published: a theme row for each listed agreement that has it, in one query."""
    listed = ListedAgreement.objects.filter(agreement__themes=theme).values(*FACTS, "agreement_id")
    ListedAgreementTheme.objects.filter(theme=theme).delete()
    ListedAgreementTheme.objects.bulk_create(
        ListedAgreementTheme(theme=theme, **row) for row in listed.iterator()
    )


def sync_branch(path):
    """After the visibility of the branch at ``path`` changed (a view restriction, a move):
    remove the rows of agreements the public may no longer see, write those it now may."""
    branch = AgreementPage.objects.filter(path__startswith=path)
    remove(branch.exclude(pk__in=branch.published().values("pk")).values("pk"))
    write(branch.published().exclude(pk__in=ListedAgreement.objects.values("agreement_id")))


def _on_published(sender, instance, **kwargs):
    sync(instance)


def _on_unpublished(sender, instance, **kwargs):
    remove([instance.pk])


def _on_moved(sender, instance, **kwargs):
    if issubclass(sender, AgreementPage):
        remove([instance.pk])  # it may have moved to another database
    sync_branch(instance.path)


def _on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        sync_branch(page.path)


# What the public sees of a partner or theme, besides its name in every language.
SHOWN_FIELDS = {Partner: ("live", "country_id"), Theme: ("live",)}


def _shown(model):
    return (*SHOWN_FIELDS[model], *localized_fields("name"))


def _before_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # What the public saw before this save, to tell what it changes (one query).
    if raw or instance.pk is None or not public_state_changed(update_fields):
        return
    instance._iurc_shown = sender.objects.filter(pk=instance.pk).values(*_shown(sender)).first()


def _changed(sender, instance):
    """The shown fields this save changed: all of them when it is not known."""
    before = getattr(instance, "_iurc_shown", None) or {}
    unknown = object()
    return {name for name in _shown(sender) if before.get(name, unknown) != getattr(instance, name)}


def _on_partner_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if created or raw or not public_state_changed(update_fields):
        return
    changed = _changed(sender, instance)
    agreements = AgreementPage.objects.with_partner(instance)
    if {"live", "country_id"} & changed:
        write(agreements)  # the countries of its agreements
    if changed:
        search.index_pages(agreements)


def _on_theme_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if created or raw or not public_state_changed(update_fields):
        return
    changed = _changed(sender, instance)
    if "live" in changed:
        if instance.live:
            list_theme(instance)
        else:
            ListedAgreementTheme.objects.filter(theme=instance).delete()
    if changed:
        search.index_pages(AgreementPage.objects.filter(themes=instance))


def _before_theme_deleted(sender, instance, **kwargs):
    # Its agreements cannot be found once the theme is gone; its theme rows go with it.
    instance._iurc_agreement_ids = list(instance.agreements.values_list("pk", flat=True))


def _on_theme_deleted(sender, instance, **kwargs):
    ids = getattr(instance, "_iurc_agreement_ids", [])
    search.index_pages(AgreementPage.objects.filter(pk__in=ids))


def connect_signals():
    page_published.connect(_on_published, sender=AgreementPage)
    page_unpublished.connect(_on_unpublished, sender=AgreementPage)
    # A page moved or restricted takes its branch with it: an agreement index, or any page
    # above one.
    post_page_move.connect(_on_moved)
    post_save.connect(_on_restriction_changed, sender=PageViewRestriction)
    post_delete.connect(_on_restriction_changed, sender=PageViewRestriction)
    for model in (Partner, Theme):
        pre_save.connect(_before_saved, sender=model)
    post_save.connect(_on_partner_saved, sender=Partner)
    post_save.connect(_on_theme_saved, sender=Theme)
    pre_delete.connect(_before_theme_deleted, sender=Theme)
    post_delete.connect(_on_theme_deleted, sender=Theme)
