"""One pagination rule for every listing: a bad or out-of-range page number shows a page.

A number past the last page shows the last page. A value that is not a number (written with
the digits 0-9, ``iurc.core.parameters``: "²" and "-4" are not) shows the first page, and the
page's ``notice`` tells the reader so, in their language.
"""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from iurc.core.parameters import ascii_digits, printable, whole_number

PAGE_PARAMETER = "page"


def page_value(params):
    """The page a query string asks for as written: its first non-blank ``page``, or ""."""
    return next((value for value in params.getlist(PAGE_PARAMETER) if value.strip()), "")


def requested_page(params):
    """The page number a query string asks for, or None when it asks for none or not with a
    number (the first page is then shown)."""
    return whole_number(page_value(params), minimum=1)


def paginate(request, queryset, per_page, count=None):
    """The page the request asks for; ``count``, when the caller already knows how many
    objects there are, saves the paginator its own count query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    value = page_value(request.GET)
    notice = ""
    if not value:
        number = 1
    elif ascii_digits(value) is None:
        number = 1
        notice = _("“%(value)s” is not a page number; the first page is shown.") % {
            "value": printable(value)
        }
    else:
        # None: more digits than any number a database holds, so past the end as well.
        number = whole_number(value)
        number = paginator.num_pages if number is None else min(max(number, 1), paginator.num_pages)
    page = paginator.page(number)
    page.notice = notice
    return page
