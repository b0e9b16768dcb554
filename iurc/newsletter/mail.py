"""The newsletter's messages. Every one carries its reader's unsubscribe link in the text and
in the List-Unsubscribe / List-Unsubscribe-Post headers (RFC 2369, RFC 8058), so that a mail
program can offer one-click unsubscribe."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from iurc.newsletter.links import confirm_path, unsubscribe_path


def newsletter_message(subscription, subject, body, base_url, context=None):
    """An e-mail to ``subscription`` whose text is ``body`` followed by the unsubscribe link."""
    base_url = base_url.rstrip("/")
    unsubscribe_url = base_url + unsubscribe_path(subscription)
    with translation.override(subscription.language):
        footer = render_to_string(
            "newsletter/email/footer.txt", {"unsubscribe_url": unsubscribe_url, **(context or {})}
        )
    return EmailMessage(
        subject=subject,
        body=f"{body.rstrip()}\n\n{footer}",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def send_confirmation(subscription, base_url):
    with translation.override(subscription.language):
        subject = gettext("Please confirm your subscription to the IURC newsletter")
        body = render_to_string(
            "newsletter/email/confirm.txt",
            {"confirm_url": base_url.rstrip("/") + confirm_path(subscription)},
        )
        newsletter_message(subscription, subject, body, base_url).send()
