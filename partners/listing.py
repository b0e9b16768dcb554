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
    AgreementPage,
    ListedAgreement,
    ListedAgreementCountry,
    ListedAgreementTheme,
    Partner,
    Theme,
)


def _countries(agreement):
    """The countries of the agreement's published partners."""
    codes = set()
    for relation in (agreement.eu_members, agreement.partner_members):
        members = relation.filter(partner__live=True).values_list("partner__country_id", flat=True)
        codes.update(members)
    return codes


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


def sync(agreement):
    """Write (or remove) the listing rows of one agreement from its live database state."""
    agreement = (
        AgreementPage.objects.filter(pk=agreement.pk).published().defer_streamfields().first()
    )
    if agreement is None:
        return
    listed, countries, themes = listing_rows(
        agreement,
        agreement.get_parent().pk,
        _countries(agreement),
        agreement.themes.filter(live=True).values_list("pk", flat=True),
    )
    with transaction.atomic():
        remove([agreement.pk])
        listed.save(force_insert=True)
        ListedAgreementCountry.objects.bulk_create(countries)
        ListedAgreementTheme.objects.bulk_create(themes)


def remove(page_ids):
    """Remove the listing rows of these agreements (their country and theme rows with them)."""
    ListedAgreement.objects.filter(agreement_id__in=page_ids).delete()


def rebuild():
    """Rebuild every row; returns how many agreements are listed."""
    with transaction.atomic():
        ListedAgreement.objects.all().delete()
        count = 0
        for agreement in AgreementPage.objects.published().defer_streamfields().iterator():
            sync(agreement)
            count += 1
    return count


def resync(agreements):
    """Write the listing rows of ``agreements`` (a queryset) again from their database state."""
    ids = list(agreements.values_list("pk", flat=True))
    remove(ids)
    for agreement in AgreementPage.objects.filter(pk__in=ids).published().iterator():
        sync(agreement)


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
    unlisted = branch.published().exclude(pk__in=ListedAgreement.objects.values("agreement_id"))
    for agreement in unlisted.defer_streamfields().iterator():
        sync(agreement)


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
        resync(agreements)  # the countries of its agreements
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
