"""Keep PostgreSQL's planner statistics current after writing many agreements at once.

Autovacuum analyzes a table only some time after a large write; until then the planner
guesses the sizes of the new rows and can pick a plan that reads every one of them (right
after generating 20,000 agreements, the filtered list took three times as long). Whatever
writes agreements in bulk (``generate_agreements``, the importer) analyzes what it wrote.
"""

from django.db import connection
from wagtail.models import Page

from iurc.core.models import SearchDocument
from partners.agreements import (
    AgreementEUMember,
    AgreementPage,
    AgreementPartnerMember,
    ListedAgreement,
    ListedAgreementCountry,
    ListedAgreementTheme,
    Partner,
)

# Every table an agreement and its partners are written to, and what the public views read.
AGREEMENT_TABLES = (
    Page,
    AgreementPage,
    AgreementPage.themes.through,
    AgreementEUMember,
    AgreementPartnerMember,
    Partner,
    SearchDocument,
    ListedAgreement,
    ListedAgreementCountry,
    ListedAgreementTheme,
)

LISTING_TABLES = (ListedAgreement, ListedAgreementCountry, ListedAgreementTheme)


def analyze(models=AGREEMENT_TABLES):
    """ANALYZE the tables of ``models`` on PostgreSQL (elsewhere, nothing); returns the
    names of the tables analyzed."""
    if connection.vendor != "postgresql":
        return []
    tables = [model._meta.db_table for model in models]
    # Outside a transaction, the listing tables are vacuumed too: the facet counts of a whole
    # database read their indexes alone once the rows are marked visible to every query,
    # which autovacuum does only some time after a large write.
    vacuum = {model._meta.db_table for model in LISTING_TABLES}
    with connection.cursor() as cursor:
        for table in tables:
            name = connection.ops.quote_name(table)
            if table in vacuum and not connection.in_atomic_block:
                cursor.execute(f"VACUUM (ANALYZE) {name}")
            else:
                cursor.execute(f"ANALYZE {name}")
    return tables
