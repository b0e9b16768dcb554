"""One pagination rule for every listing: a bad or out-of-range page number shows a page."""

from django.core.paginator import Paginator


def paginate(request, queryset, per_page, count=None):
    """The page the request asks for; ``count``, when the caller already knows how many
    objects there are, saves the paginator its own count query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))
