"""The one rule for a link stored in the portal: a web address or an e-mail link, nothing else.

A URL a visitor can click (a partner's website, an agreement's source, a programme phase's
website, a region's external page, a link card) must start with ``http:``, ``https:`` or
``mailto:`` (``SAFE_SCHEMES``). Any other scheme would make the browser run code
(``javascript:``, ``vbscript:``, ``data:``) or hand the URL to another program.

* ``validate_url`` is the rule at model validation: ``SafeURLField`` (every URL column),
  ``SafeURLFormField`` (the admin), ``iurc.core.blocks.LinkBlock`` (StreamField blocks) and the
  agreement importer all use it.
* ``safe_href`` is the rule at rendering, for values that reached the database another way
  (SQL, a script, an old import): templates link a stored URL only through the ``safe_href``
  filter (``iurc_tags``) and show anything else as plain text.
* Links inside rich text keep to the same schemes, plus ``tel:`` (the editor's phone links)
  and links within the site (``iurc.core.rich_text``).

The scheme is read as a browser reads it: browsers ignore control characters and white
space in a URL (``" Java\\tScript:…"`` runs as ``javascript:``), so they are ignored here too.
"""

import re
from urllib.parse import unquote, urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

SAFE_SCHEMES = ("http", "https", "mailto")
# Rich text may also hold the editor's phone links, and links within the site.
RICH_TEXT_SCHEMES = (*SAFE_SCHEMES, "tel")
WEB_SCHEMES = ("http", "https")

# What a browser skips when it reads a scheme: C0 and C1 controls, spaces of any kind
# (wagtail.whitelist.check_url skips the same, and the backtick old browsers skipped).
_IGNORED = re.compile(r"[\x00-\x20\x7f-\xa0\s`]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)

_web_address = URLValidator(schemes=list(WEB_SCHEMES))
_email_address = EmailValidator()


def _is_email_address(value):
    try:
        _email_address(value)
    except ValidationError:
        return False
    return True


def scheme(value):
    """The scheme a browser reads in ``value``, in lower case ("javascript" for
    ``" Java\\tScript:alert(1)"``); "" for a URL without one (a relative URL)."""
    match = _SCHEME.match(_IGNORED.sub("", str(value)))
    return match.group(1).lower() if match else ""


def is_safe_href(value, schemes=SAFE_SCHEMES, relative=False):
    """Whether a browser may be given ``value`` as a link: its scheme is one of ``schemes``
    (or it has none, when ``relative`` links are allowed)."""
    if not isinstance(value, str) or not value.strip():
        return False
    found = scheme(value)
    return found in schemes if found else relative


def safe_href(value):
    """``value`` if it may be a link's href, else "" (the template shows it as text)."""
    return value if is_safe_href(value) else ""


@deconstructible
class SafeURLValidator:
    """A web address (``http://``, ``https://``) or an e-mail link (``mailto:``)."""

    message = _(
        "Enter a web address starting with http:// or https://, or an e-mail link starting "
        "with mailto:."
    )
    code = "unsafe_url"

    def __call__(self, value):
        value = str(value)
        found = scheme(value)
        if found not in SAFE_SCHEMES:
            raise ValidationError(self.message, code=self.code, params={"value": value})
        # Spaces and control characters, ignored when reading the scheme, are refused here.
        if found == "mailto":
            addresses = unquote(value.partition(":")[2].partition("?")[0]).split(",")
            if _IGNORED.search(value) or not all(map(_is_email_address, addresses)):
                raise ValidationError(
                    _("Enter a valid e-mail address after mailto:."),
                    code="invalid_mailto",
                    params={"value": value},
                )
        else:
            if _IGNORED.search(value):
                raise ValidationError(_web_address.message, code="invalid", params={"value": value})
            _web_address(value)

    def __eq__(self, other):
        return isinstance(other, SafeURLValidator)

    def __hash__(self):
        return hash(SafeURLValidator)


validate_url = SafeURLValidator()


class SafeURLFormField(forms.URLField):
    """The admin's field for a stored link: ``example.org`` becomes ``https://example.org``;
    a value with any other scheme than ``SAFE_SCHEMES`` is refused."""

    default_validators = [validate_url]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class SafeURLField(models.URLField):
    """A stored link that a visitor can click: ``validate_url`` at model validation."""

    default_validators = [validate_url]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeURLFormField, **kwargs})


# A blog's lists of posts: by author, category, tag, date or page number.
_LISTING_PATH = re.compile(
    r"/(author|category|tag)/[^/]+(/page/\d+)?/?$|/page/\d+/?$|^/\d{4}(/\d{2}){0,2}/?$"
)


def is_listing_page(value):
    """Whether a web address is a blog's list of posts rather than one post.

    Such a list changes as posts are added, so it is no lasting source for a fact: the
    public pages name its site instead (``source_href``).
    """
    path = urlsplit(value or "").path
    return bool(_LISTING_PATH.search(path))


def source_href(value):
    """Where a stored source should lead a reader: the page itself, or for a list of posts
    its site's home page; "" when the address is not safe to link."""
    href = safe_href(value)
    if href and is_listing_page(href):
        parts = urlsplit(href)
        return f"{parts.scheme}://{parts.netloc}/"
    return href
