"""The demo partners' names in the other languages, from ``partners/data/partner_names.csv``.

One row per partner: its English name, country and kind (the importer's key: Chongqing the
city and Chongqing the region are two partners, named apart where a language does), then a
column per language (``zh_hans`` for ``zh-hans``). An empty cell means the language writes the
English name. Loading fills only the languages a partner has no name in, so that an editor's
name is never replaced, and loading twice changes nothing.
"""

import csv
from pathlib import Path

from django.db import transaction

from iurc.core import languages, search
from partners.models import AgreementEUMember, AgreementPage, AgreementPartnerMember, Partner
from partners.profile_search import index_partners

PARTNER_NAMES_CSV = Path(__file__).resolve().parents[2] / "partners" / "data" / "partner_names.csv"
KEY_COLUMNS = ("name_en", "country", "kind")


def _column(code):
    return code.replace("-", "_")


def read_partner_names(path=PARTNER_NAMES_CSV):
    """{(English name casefolded, country code, kind): {language code: name}} from the file;
    a file whose columns are not the key and the site's other languages is refused."""
    others = [code for code in languages.codes() if code != languages.default_language()]
    names = {}
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        expected = [*KEY_COLUMNS, *map(_column, others)]
        if reader.fieldnames != expected:
            raise ValueError(f"{path.name}: the columns must be {', '.join(expected)}")
        for line, row in enumerate(reader, start=2):
            if not row["name_en"].strip() or len(row["country"].strip()) != 2:
                raise ValueError(f"{path.name}, line {line}: a name and a country code are needed")
            key = (
                row["name_en"].strip().casefold(),
                row["country"].strip().upper(),
                row["kind"].strip(),
            )
            names[key] = {
                code: row[_column(code)].strip() for code in others if row[_column(code)].strip()
            }
    return names


@transaction.atomic
def name_partners(names=None):
    """Give partners their names of the file in the languages where they have none; returns
    how many partners gained a name.

    Names are written in one update, then what copies them is refreshed once: the search
    documents of the partners' agreements (they hold their partners' names) and the partners'
    own documents (``partners.profile_search``).
    """
    if names is None:
        names = read_partner_names()
    named = []
    fields = set()
    for partner in Partner.objects.all():
        found = names.get(((partner.name_en or "").casefold(), partner.country_id, partner.kind))
        if not found:
            continue
        changed = False
        for code, name in found.items():
            field = languages.localized_field("name", code)
            if not getattr(partner, field):
                setattr(partner, field, name)
                fields.add(field)
                changed = True
        if changed:
            named.append(partner)
    if named:
        Partner.objects.bulk_update(named, sorted(fields))
        agreement_ids = set()
        for model in (AgreementEUMember, AgreementPartnerMember):
            members = model.objects.filter(partner__in=named)
            agreement_ids.update(members.values_list("agreement_id", flat=True))
        search.index_pages(AgreementPage.objects.filter(pk__in=agreement_ids))
        index_partners(named)
    return len(named)
