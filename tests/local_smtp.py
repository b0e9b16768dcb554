"""A real SMTP server for tests (aiosmtpd on a free port of 127.0.0.1) and Django pointed at it."""

import re
import socket
from email import message_from_bytes, policy
from types import SimpleNamespace

from aiosmtpd.controller import Controller


class Mailbox:
    """An aiosmtpd handler keeping every message it receives, and whether the client signed
    in to send it."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(
            SimpleNamespace(
                sender=envelope.mail_from,
                recipients=list(envelope.rcpt_tos),
                message=message,
                body=message.get_body(("plain",)).get_content(),
                authenticated=session.authenticated,
            )
        )
        return "250 Message accepted for delivery"

    def to(self, address):
        return [mail for mail in self.messages if address in mail.recipients]

    @staticmethod
    def link(mail, part):
        """The first URL in ``mail``'s text whose path contains ``part``."""
        return next(url for url in re.findall(r"https?://\S+", mail.body) if part in url)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(**options):
    """A started server and its mailbox; ``options`` go to aiosmtpd's ``Controller``
    (an authenticator, for one)."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller, mailbox


def send_through(settings, port, sender="IURC <noreply@iurc.example.org>", user="", password=""):
    """Point Django's SMTP backend at the local server (``settings``: pytest-django's fixture
    or ``django.conf.settings`` under override_settings), signing in when ``user`` is given."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = user
    settings.EMAIL_HOST_PASSWORD = password
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = sender
