"""One pagination rule for every listing: a bad or out-of-range page number shows a page."""

from django.core.paginator import Paginator


def paginate(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
