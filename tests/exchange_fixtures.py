"""Fixtures of the exchange tests (loaded with ``pytest_plugins``): a page to translate."""

import pytest

from tests.factories import StandardPageFactory, stream


@pytest.fixture
def funding(home):
    return StandardPageFactory(
        parent=home, title="Funding", slug="funding", title_vi="Tài trợ", slug_vi="tai-tro"
    )


@pytest.fixture
def rich_page(home, funding):
    """English only: rich text with bold and links, a heading, a paragraph and link cards."""
    intro = (
        f'<p data-block-key="k1">Read <a linktype="page" id="{funding.pk}">our <b>funding</b>'
        ' rules</a> and <a href="https://commission.europa.eu/">the EU site</a>.</p>'
    )
    body = stream(
        ("heading", {"text": "Cities learn from each other", "level": "h2"}),
        (
            "paragraph",
            '<p data-block-key="p1">Pairs of cities share <b>what works</b>, see '
            f'<a linktype="page" id="{funding.pk}">the agreements</a>.</p>',
        ),
        (
            "link_cards",
            {
                "heading": "Find out more",
                "cards": [
                    {
                        "type": "item",
                        "id": "card-funding",
                        "value": {
                            "title": "Funding",
                            "description": "How the EU funds the programme",
                            "page": funding.pk,
                            "external_url": "",
                        },
                    },
                    {
                        "type": "item",
                        "id": "card-commission",
                        "value": {
                            "title": "European Commission",
                            "description": "",
                            "page": None,
                            "external_url": "https://commission.europa.eu/",
                        },
                    },
                ],
            },
        ),
    )
    return StandardPageFactory(
        parent=home,
        title="Cooperation in practice",
        slug="cooperation-in-practice",
        seo_title="",
        search_description="Cooperation, shown in practice.",
        listing_summary="",
        intro=intro,
        body_en=body,
        title_fr="Coopération en pratique",
        slug_fr="cooperation-en-pratique",
    )
