"""The security headers every response carries, chosen in one place.

* ``Content-Security-Policy``: the public site's policy (``CONTENT_SECURITY_POLICY``), or under
  the admin (its editor, previews included) ``IURC_ADMIN_CONTENT_SECURITY_POLICY``, which
  Wagtail's editor needs looser. django-csp builds the header and the per-request nonce
  (``request.csp_nonce``), which appears in the header only when a template used it.
* ``Permissions-Policy``: the browser features no page uses are denied (``PERMISSIONS_POLICY``).
* ``Cross-Origin-Resource-Policy``: other sites cannot embed our pages, images or files
  (``IURC_CROSS_ORIGIN_RESOURCE_POLICY``). CORS reads, such as the JSON API's, are unaffected.

The middleware comes before WhiteNoise, so static files get these headers too. Django's own
middleware sets the rest: HSTS, ``X-Content-Type-Options``, ``Referrer-Policy`` and
``Cross-Origin-Opener-Policy`` (SecurityMiddleware), ``X-Frame-Options``. The policies are
settings (iurc/settings/base.py); README, "Security headers", says how to allow a new source.
"""

from functools import cache

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse


@cache
def admin_prefix():
    return reverse("wagtailadmin_home")


def is_admin_path(path):
    return path.startswith(admin_prefix())


def permissions_policy(features):
    """``{"camera": [], "fullscreen": ["self"]}`` → ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        # A view that chose its own policy (django-csp's decorators) keeps it.
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.IURC_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.headers.setdefault(
            "Permissions-Policy", permissions_policy(settings.PERMISSIONS_POLICY)
        )
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.IURC_CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response
