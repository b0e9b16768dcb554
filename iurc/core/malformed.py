"""Admin posts that no editor sends answer 400 Bad Request, not 500.

Wagtail's StreamField and Draftail widgets read what their JavaScript posts (``body-count``,
``body-0-type``, rich text as Draft.js JSON) and fail with a KeyError, ValueError or
AttributeError when a value is missing or malformed. Our rich text widget
(``widgets.RichTextArea``, set in ``WAGTAILADMIN_RICH_TEXT_EDITORS``) and body block
(``blocks.BodyBlock``) read them inside ``parsing``, which turns those errors into
``MalformedPost``: nothing is saved, and the editor is told which field was malformed
(``MalformedPostMiddleware``). The original error is logged, so a bug of our own in that
parsing still shows.
"""

import logging
from contextlib import contextmanager

from django.core.exceptions import BadRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

logger = logging.getLogger("iurc.core")

PARSE_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError)


class MalformedPost(BadRequest):
    """A posted field is missing or not in the form its widget sends."""

    def __init__(self, field):
        super().__init__(field)
        self.field = field


@contextmanager
def parsing(field):
    """Turn the errors of reading ``field`` from a post into ``MalformedPost``."""
    try:
        yield
    except PARSE_ERRORS as error:
        logger.warning("Malformed value posted for %s.", field, exc_info=error)
        raise MalformedPost(field) from error


class MalformedPostMiddleware:
    """Answers ``MalformedPost`` in the admin with a page saying which field was malformed
    (status 400). Any other error goes on as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, MalformedPost):
            return None
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        title = gettext("The form was not sent as the editor sends it")
        return TemplateResponse(
            request,
            "core/admin/malformed_post.html",
            {"page_title": title, "header_title": title, "field": exception.field},
            status=400,
        )
