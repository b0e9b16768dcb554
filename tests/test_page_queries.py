"""Public-page filtering in one query agrees with Wagtail's public()."""

from wagtail.models import Page, PageViewRestriction

from iurc.core.page_queries import exclude_private


def test_exclude_private_leaves_out_restricted_pages_and_their_descendants(site_tree):
    PageViewRestriction.objects.create(
        page=site_tree.region_index, restriction_type=PageViewRestriction.LOGIN
    )
    pages = Page.objects.filter(depth__gt=1)

    public = set(exclude_private(pages).values_list("pk", flat=True))

    assert public == set(pages.public().values_list("pk", flat=True))
    assert site_tree.region.pk not in public
    assert site_tree.region_index.pk not in public
    assert site_tree.about.pk in public
