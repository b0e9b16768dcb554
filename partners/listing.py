"""Keeps ``ListedAgreement`` rows in step with what visitors may see.

A row exists for every live agreement that no view restriction hides, written when the
agreement is published and removed when it is unpublished or deleted. Filters and facet counts
read these narrow rows, so they never join the wide page table or test view restrictions row by
row (see ``ListedFacts``).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from partners.agreements import (
    AgreementPage,
    ListedAgreement,
    ListedAgreementCountry,
    ListedAgreementTheme,
    Partner,
)


def _countries(agreement):
    codes = set()
    for relation in (agreement.eu_members, agreement.partner_members):
        codes.update(member.partner.country_id for member in relation.select_related("partner"))
    return codes


def listing_rows(agreement, index_page_id, country_codes, theme_ids):
    """The listing row of ``agreement`` with its country and theme rows, unsaved.

    Every row carries the facts that filters read, so that each facet count reads one table.
    """
    facts = {
        "index_page_id": index_page_id,
        "kind": agreement.kind,
        "status": agreement.status,
        "start_year": agreement.start_year,
        "region_id": agreement.region_id,
        "programme_phase_id": agreement.programme_phase_id,
    }
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
        agreement.themes.values_list("pk", flat=True),
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


def _on_published(sender, instance, **kwargs):
    sync(instance)


def _on_unpublished(sender, instance, **kwargs):
    remove([instance.pk])


def _on_moved(sender, instance, **kwargs):
    if isinstance(instance, AgreementPage):
        sync(instance)


def _on_restriction_changed(sender, instance, **kwargs):
    """A restriction hides (or shows again) a whole branch: resync the agreements in it."""
    agreements = AgreementPage.objects.filter(path__startswith=instance.page.path)
    remove(agreements.values("pk"))
    for agreement in agreements.published().defer_streamfields().iterator():
        sync(agreement)


def _on_partner_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A partner moved to another country: its agreements' countries change.

    Saving a draft only records the new revision on the row (``update_fields``): what the
    public sees changes when the draft is published.
    """
    if created or raw or (update_fields is not None and "country" not in update_fields):
        return
    for agreement in AgreementPage.objects.with_partner(instance).published().iterator():
        sync(agreement)


def connect_signals():
    page_published.connect(_on_published, sender=AgreementPage)
    page_unpublished.connect(_on_unpublished, sender=AgreementPage)
    post_page_move.connect(_on_moved, sender=AgreementPage)
    post_save.connect(_on_restriction_changed, sender=PageViewRestriction)
    post_delete.connect(_on_restriction_changed, sender=PageViewRestriction)
    post_save.connect(_on_partner_saved, sender=Partner)
