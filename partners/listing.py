"""Keeps ``ListedAgreement`` rows in step with what visitors may see.

A row exists for every live agreement that no view restriction hides, written when the
agreement is published and removed when it is unpublished or deleted. Filters and facet counts
read these narrow rows, so they never join the wide page table or test view restrictions row by
row (see ``ListedAgreement``).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move


def _countries(agreement):
    codes = set()
    for relation in (agreement.eu_members, agreement.partner_members):
        codes.update(member.partner.country_id for member in relation.select_related("partner"))
    return codes


def sync(agreement):
    """Write (or remove) the listing row of one agreement from its live database state."""
    from partners.models import AgreementPage, ListedAgreement, ListedAgreementCountry

    agreement = (
        AgreementPage.objects.filter(pk=agreement.pk).published().defer_streamfields().first()
    )
    if agreement is None:
        return
    with transaction.atomic():
        ListedAgreement.objects.update_or_create(
            agreement_id=agreement.pk,
            defaults={
                "index_page_id": agreement.get_parent().pk,
                "kind": agreement.kind,
                "status": agreement.status,
                "start_year": agreement.start_year,
                "sort_year": agreement.start_year or 0,
                "region_id": agreement.region_id,
                "programme_phase_id": agreement.programme_phase_id,
                "sort_title": agreement.title_en or agreement.title,
            },
        )
        ListedAgreementCountry.objects.filter(agreement_id=agreement.pk).delete()
        ListedAgreementCountry.objects.bulk_create(
            ListedAgreementCountry(agreement_id=agreement.pk, country_id=code)
            for code in sorted(_countries(agreement))
        )


def remove(page_ids):
    from partners.models import ListedAgreement

    ListedAgreement.objects.filter(agreement_id__in=page_ids).delete()


def rebuild():
    """Rebuild every row; returns how many agreements are listed."""
    from partners.models import AgreementPage, ListedAgreement

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
    from partners.models import AgreementPage

    if isinstance(instance, AgreementPage):
        sync(instance)


def _on_restriction_changed(sender, instance, **kwargs):
    """A restriction hides (or shows again) a whole branch: resync the agreements in it."""
    from partners.models import AgreementPage

    agreements = AgreementPage.objects.filter(path__startswith=instance.page.path)
    remove(agreements.values("pk"))
    for agreement in agreements.published().defer_streamfields().iterator():
        sync(agreement)


def _on_partner_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A partner moved to another country: its agreements' countries change.

    Saving a draft only records the new revision on the row (``update_fields``): what the
    public sees changes when the draft is published.
    """
    from partners.models import AgreementPage

    if created or raw or (update_fields is not None and "country" not in update_fields):
        return
    for agreement in AgreementPage.objects.with_partner(instance).published().iterator():
        sync(agreement)


def connect_signals():
    from partners.models import AgreementPage, Partner

    page_published.connect(_on_published, sender=AgreementPage)
    page_unpublished.connect(_on_unpublished, sender=AgreementPage)
    post_page_move.connect(_on_moved)
    post_save.connect(_on_restriction_changed, sender=PageViewRestriction)
    post_delete.connect(_on_restriction_changed, sender=PageViewRestriction)
    post_save.connect(_on_partner_saved, sender=Partner)
