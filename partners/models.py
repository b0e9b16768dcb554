"""The models of the agreements database, where Django and other apps look for them.

``partners.agreements`` holds partners, themes, agreements and their listing rows;
``partners.index`` the database's page, which routes to the views (``views``, ``exports``)
that read them. Modules the index page imports use ``partners.agreements``, so that no
import goes round in a circle.
"""

from partners.agreements import (
    AGREEMENTS_PER_PAGE,
    AgreementDocument,
    AgreementEUMember,
    AgreementForm,
    AgreementLink,
    AgreementMember,
    AgreementPage,
    AgreementPartnerMember,
    AgreementQuerySet,
    ListedAgreement,
    ListedAgreementCountry,
    ListedAgreementQuerySet,
    ListedAgreementTheme,
    ListedFacts,
    Partner,
    Theme,
    member_prefetches,
)
from partners.index import AgreementIndexPage

__all__ = [
    "AGREEMENTS_PER_PAGE",
    "AgreementDocument",
    "AgreementEUMember",
    "AgreementForm",
    "AgreementIndexPage",
    "AgreementLink",
    "AgreementMember",
    "AgreementPage",
    "AgreementPartnerMember",
    "AgreementQuerySet",
    "ListedAgreement",
    "ListedAgreementCountry",
    "ListedAgreementQuerySet",
    "ListedAgreementTheme",
    "ListedFacts",
    "Partner",
    "Theme",
    "member_prefetches",
]
