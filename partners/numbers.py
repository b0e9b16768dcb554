"""The agreements database in three numbers: agreements, partners and countries."""

from dataclasses import dataclass

from django.db import connections

from partners.agreements import (
    AgreementEUMember,
    AgreementPartnerMember,
    ListedAgreement,
    ListedAgreementCountry,
)


@dataclass(frozen=True)
class HeadlineNumbers:
    agreements: int
    partners: int
    countries: int


def headline_numbers(path):
    """What the public sees of the agreements in the databases below the page at ``path``, in
    one query: the listing rows hold only public agreements; a partner counts while it is
    published and on either side of one of them."""
    listed = ListedAgreement.objects.filter(index_page__path__startswith=path)
    countries = ListedAgreementCountry.objects.filter(index_page__path__startswith=path)
    sides = [
        # No ordering of its own (Orderable's): SQLite refuses one inside a UNION.
        model.objects.filter(agreement__listed__in=listed, partner__live=True)
        .order_by()
        .values("partner_id")
        for model in (AgreementEUMember, AgreementPartnerMember)
    ]
    counted = [
        listed.order_by().values("pk"),
        sides[0].union(sides[1]),
        countries.order_by().values("country").distinct(),
    ]
    parts, params = [], []
    for queryset in counted:
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608 - as below
        params.extend(part_params)
    with connections[listed.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)  # noqa: S608 - Django's own SQL
        agreements, partners, countries = cursor.fetchone()
    return HeadlineNumbers(agreements, partners, countries)
