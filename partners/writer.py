"""Writes validated import rows as agreement pages (see partners.importer)."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import override

from partners import geonames, planner
from partners.importer import normalise_key, validate
from partners.models import (
    AgreementEUMember,
    AgreementIndexPage,
    AgreementPage,
    AgreementPartnerMember,
    Partner,
)

PARTNER_KIND_BY_AGREEMENT_KIND = {
    AgreementPage.Kind.CITY_PAIRING: Partner.Kind.CITY,
    AgreementPage.Kind.TRIO: Partner.Kind.CITY,
    AgreementPage.Kind.REGION_TO_REGION: Partner.Kind.REGION,
}
# The facts a row sets on an existing agreement (its members are part of its key).
FACTS = ("region", "start_year", "source_url", "themes")


class AgreementWriter:
    """Knows the agreements, partners and themes that exist, and adds or updates from rows.

    Runs with English active: names in files are the default-language values. Only the facts
    of an existing agreement change; its titles, summaries and bodies in every language stay.
    """

    def __init__(self, index_page, user=None):
        self.index_page = index_page
        self.user = user
        self.agreements = {
            normalise_key(agreement.import_key): agreement
            for agreement in AgreementPage.objects.child_of(index_page)
            .exclude(import_key="")
            .prefetch_related("themes")
        }
        self.partners = {
            (partner.name_en.casefold(), partner.country_id, partner.kind): partner
            for partner in Partner.objects.all()
        }
        self.places = {}  # partner key -> (Place, "file" or "geonames")
        self.labels = {}  # partner key -> "Name (CC)", as the file names it
        self.slugs = None

    def find_places(self, rows):
        """Where the partners of ``rows`` that have no coordinates yet are: from the file,
        else, for a city, from GeoNames. A partner with coordinates keeps them: an editor may
        have set them. Returns the keys of the partners still without a place."""
        wanted = {}
        for row in rows:
            kind = PARTNER_KIND_BY_AGREEMENT_KIND[row.kind]
            for members, locations in (
                (row.eu_side, row.eu_locations),
                (row.partner_side, row.partner_locations),
            ):
                for index, (name, code) in enumerate(members):
                    key = (name.casefold(), code, kind)
                    partner = self.partners.get(key)
                    if partner is not None and (
                        partner.latitude is not None or partner.longitude is not None
                    ):
                        continue
                    given = locations[index] if locations else None
                    if given is not None and key not in self.places:
                        place = geonames.Place(given[0], given[1], None)
                        self.places[key] = (place, "file")
                    wanted.setdefault(key, (name, code))
                    self.labels.setdefault(key, f"{name} ({code})")
        cities = [
            pair
            for key, pair in wanted.items()
            if key not in self.places and key[2] == Partner.Kind.CITY
        ]
        for (name, code), place in geonames.find_cities(cities).items():
            self.places[(name.casefold(), code, Partner.Kind.CITY)] = (place, "geonames")
        return [pair for key, pair in wanted.items() if key not in self.places]

    def place_partners(self):
        """Give the partners that existed without coordinates the places found for them
        (new partners got theirs when created)."""
        for key, (place, source) in self.places.items():
            partner = self.partners.get(key)
            if partner is None or partner.latitude is not None or partner.longitude is not None:
                continue
            fields = {"latitude": place.latitude, "longitude": place.longitude}
            if source == "geonames" and partner.population is None and place.population:
                fields["population"] = place.population
            for name, value in fields.items():
                setattr(partner, name, value)
            partner.save(update_fields=list(fields))
            # A draft published later must not take the coordinates away again.
            if partner.has_unpublished_changes and partner.latest_revision_id:
                revision = partner.latest_revision
                revision.content.update(
                    {
                        name: str(value) if name != "population" else value
                        for name, value in fields.items()
                    }
                )
                revision.save(update_fields=["content"])

    def plan(self, row):
        """What writing ``row`` would do ("created", "updated" or "unchanged"), and the names
        of the facts an update changes."""
        agreement = self.agreements.get(row.match_key)
        if agreement is None:
            return "created", []
        current = {
            "region": agreement.region_id,
            "start_year": agreement.start_year,
            "source_url": agreement.source_url,
            "themes": sorted(theme.pk for theme in agreement.themes.all()),
        }
        wanted = {
            "region": row.region.pk,
            "start_year": row.start_year,
            "source_url": row.source,
            "themes": sorted(theme.pk for theme in row.themes),
        }
        changes = [name for name in FACTS if current[name] != wanted[name]]
        return ("updated" if changes else "unchanged"), changes

    def write(self, row):
        agreement = self.agreements.get(row.match_key)
        if agreement is None:
            return self._create(row)
        # A pending draft (a translator's work, say) stays the latest revision, with the
        # new facts, and is not published by the import.
        draft = (
            agreement.get_latest_revision_as_object() if agreement.has_unpublished_changes else None
        )
        if agreement.live:
            self._set_facts(agreement, row)
            agreement.save_revision(user=self.user, log_action=True).publish(user=self.user)
            if draft is not None:
                self._set_facts(draft, row)
                draft.save_revision(user=self.user, log_action=True)
        else:
            # An unpublished agreement stays unpublished; its row holds its latest content.
            page = draft or agreement
            self._set_facts(page, row)
            page.save()
            page.save_revision(user=self.user, log_action=True)
        return agreement

    def _create(self, row):
        agreement = AgreementPage(
            title=row.title,
            slug=self._unique_slug(row.title),
            import_key=row.key,
            live=False,
            kind=row.kind,
            programme_phase=row.programme,
            status=AgreementPage.status_in_phase(row.programme),
        )
        partner_kind = PARTNER_KIND_BY_AGREEMENT_KIND[row.kind]
        agreement.eu_members = [
            AgreementEUMember(partner=self._partner(name, code, partner_kind), sort_order=i)
            for i, (name, code) in enumerate(row.eu_side)
        ]
        agreement.partner_members = [
            AgreementPartnerMember(partner=self._partner(name, code, partner_kind), sort_order=i)
            for i, (name, code) in enumerate(row.partner_side)
        ]
        self._set_facts(agreement, row)
        self.index_page.add_child(instance=agreement)
        self.agreements[row.match_key] = agreement
        # Publishing validates the page in full just after (before anything is committed):
        # validating its first revision as well would load every sibling once more.
        agreement.save_revision(user=self.user, log_action=True, clean=False).publish(
            user=self.user
        )
        return agreement

    def _set_facts(self, agreement, row):
        agreement.region = row.region
        agreement.start_year = row.start_year
        agreement.source_url = row.source
        agreement.themes = list(row.themes)

    def _unique_slug(self, title):
        if self.slugs is None:
            self.slugs = set(self.index_page.get_children().values_list("slug_en", flat=True))
        base = slugify(title)[:200] or "agreement"
        slug, number = base, 2
        while slug in self.slugs:
            slug, number = f"{base}-{number}", number + 1
        self.slugs.add(slug)
        return slug

    def _partner(self, name, country, kind):
        key = (name.casefold(), country, kind)
        partner = self.partners.get(key)
        if partner is None:
            partner = Partner(name=name, country_id=country, kind=kind)
            place, source = self.places.get(key, (None, None))
            if place is not None:
                partner.latitude, partner.longitude = place.latitude, place.longitude
                if source == "geonames":
                    partner.population = place.population
            partner.save()
            self.partners[key] = partner
        return partner


def import_rows(numbered_rows, index_page, dry_run=False, progress=None, user=None):
    """Validate, then (unless ``dry_run`` or any error) write all rows in one transaction.

    ``progress(done, total)`` is called after each row; ``user`` is recorded in the
    agreements' history.
    """
    report = validate(numbered_rows)
    if not report.ok:
        return report
    with transaction.atomic(), override("en"):
        if not dry_run:
            # Two imports into one index at once would each create the same agreements.
            AgreementIndexPage.objects.select_for_update().filter(pk=index_page.pk).first()
        writer = AgreementWriter(index_page, user=user)
        unlocated = writer.find_places(report.rows)
        for key, (_place, source) in writer.places.items():
            getattr(report, f"located_from_{source}").append(writer.labels[key])
        report.unlocated = [f"{name} ({code})" for name, code in unlocated]
        for number, row in enumerate(report.rows, start=1):
            row.outcome, row.changes = writer.plan(row)
            getattr(report, row.outcome).append(row)
            if not dry_run and row.outcome != "unchanged":
                writer.write(row)
            if progress:
                progress(number, len(report.rows))
        if not dry_run:
            writer.place_partners()
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run and (report.created or report.updated):
        planner.analyze()  # the lists read the new rows at once: plan them with their sizes
    return report
