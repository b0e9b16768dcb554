"""Writes validated import rows as agreement pages (see partners.importer)."""

from partners.models import AgreementEUMember, AgreementPage, AgreementPartnerMember, Partner, Theme

PARTNER_KIND_BY_AGREEMENT_KIND = {
    AgreementPage.Kind.CITY_PAIRING: Partner.Kind.CITY,
    AgreementPage.Kind.TRIO: Partner.Kind.CITY,
    AgreementPage.Kind.REGION_TO_REGION: Partner.Kind.REGION,
}


class AgreementWriter:
    """Knows the agreements, partners and themes that exist, and adds or updates from rows.

    Runs with English active: names in files are the default-language values.
    """

    def __init__(self, index_page):
        self.index_page = index_page
        self.agreements = {
            agreement.import_key: agreement
            for agreement in AgreementPage.objects.child_of(index_page)
            .exclude(import_key="")
            .prefetch_related("themes")
        }
        self.partners = {
            (partner.name_en.casefold(), partner.country_id, partner.kind): partner
            for partner in Partner.objects.all()
        }
        self.themes = {theme.name_en.casefold(): theme for theme in Theme.objects.all()}

    def plan(self, row):
        """What writing ``row`` would do: "created", "updated" or "unchanged"."""
        agreement = self.agreements.get(row.key)
        if agreement is None:
            return "created"
        current = (
            agreement.kind,
            agreement.region_id,
            agreement.programme_phase_id,
            agreement.start_year,
            agreement.source_url,
            sorted(theme.name_en.casefold() for theme in agreement.themes.all()),
        )
        wanted = (
            row.kind,
            row.region.pk,
            row.programme.pk,
            row.start_year,
            row.source,
            sorted(name.casefold() for name in row.themes),
        )
        return "unchanged" if current == wanted else "updated"

    def write(self, row):
        agreement = self.agreements.get(row.key)
        is_new = agreement is None
        if is_new:
            from partners.importer import unique_slug

            agreement = AgreementPage(
                title=row.title,
                slug=unique_slug(self.index_page, row.title),
                import_key=row.key,
                live=False,
            )
            partner_kind = PARTNER_KIND_BY_AGREEMENT_KIND[row.kind]
            agreement.eu_members = [
                AgreementEUMember(partner=self._partner(name, code, partner_kind), sort_order=i)
                for i, (name, code) in enumerate(row.eu_side)
            ]
            agreement.partner_members = [
                AgreementPartnerMember(
                    partner=self._partner(name, code, partner_kind), sort_order=i
                )
                for i, (name, code) in enumerate(row.partner_side)
            ]
        agreement.kind = row.kind
        agreement.region = row.region
        agreement.programme_phase = row.programme
        agreement.start_year = row.start_year
        agreement.source_url = row.source
        agreement.themes = [self._theme(name) for name in row.themes]
        if is_new:
            self.index_page.add_child(instance=agreement)
            self.agreements[row.key] = agreement
        agreement.save_revision().publish()
        return agreement

    def _partner(self, name, country, kind):
        key = (name.casefold(), country, kind)
        partner = self.partners.get(key)
        if partner is None:
            partner = Partner.objects.create(name=name, country_id=country, kind=kind)
            self.partners[key] = partner
        return partner

    def _theme(self, name):
        theme = self.themes.get(name.casefold())
        if theme is None:
            theme = Theme.objects.create(name=name)
            self.themes[name.casefold()] = theme
        return theme
