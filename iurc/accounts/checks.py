"""``check --deploy`` says when the admin cannot send e-mail: password resets and workflow
notifications would otherwise be lost with nothing but a line in the log."""

from django.conf import settings
from django.core import checks

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def email_configured(app_configs=None, **kwargs):
    if settings.EMAIL_BACKEND != SMTP_BACKEND or settings.EMAIL_HOST:
        return []
    return [
        checks.Warning(
            "No SMTP server is configured: password resets and workflow notifications "
            "cannot be sent.",
            hint="Set DJANGO_EMAIL_HOST (and DJANGO_EMAIL_PORT, DJANGO_EMAIL_HOST_USER, "
            "DJANGO_EMAIL_HOST_PASSWORD, DJANGO_DEFAULT_FROM_EMAIL); see README, "
            '"Configuration".',
            id="iurc.W001",
        )
    ]


def register():
    checks.register(email_configured, checks.Tags.security, deploy=True)
