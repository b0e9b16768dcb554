"""Send a newsletter issue to the confirmed subscribers of one language.

    python manage.py send_newsletter --language vi --subject "Bản tin tháng 12" \\
        --body-file issue-vi.txt [--base-url https://iurc.example.org] [--dry-run]

Each subscriber gets a message of their own (through one SMTP connection) whose text ends with
their unsubscribe link and whose List-Unsubscribe / List-Unsubscribe-Post headers let their mail
program unsubscribe them in one click (RFC 8058). The links start with --base-url, else
WAGTAILADMIN_BASE_URL.
"""

from pathlib import Path

from django.conf import settings
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError

from iurc.newsletter.mail import newsletter_message
from iurc.newsletter.models import Subscription


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=[c for c, _ in settings.LANGUAGES])
        parser.add_argument("--subject", required=True)
        parser.add_argument("--body-file", required=True, type=Path)
        parser.add_argument("--base-url", default=getattr(settings, "WAGTAILADMIN_BASE_URL", ""))
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, language, subject, body_file, base_url, dry_run, **options):
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("Give --base-url (https://…): the unsubscribe links need it.")
        try:
            body = Path(body_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {body_file}: {error}") from error
        if not body.strip() or not subject.strip():
            raise CommandError("The subject and the body must not be empty.")
        subscribers = Subscription.objects.filter(
            language=language, status=Subscription.Status.CONFIRMED
        ).order_by("email")
        messages = [newsletter_message(s, subject, body, base_url) for s in subscribers]
        if not dry_run and messages:
            with get_connection() as connection:
                connection.send_messages(messages)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} {len(messages)} message(s) in {language}.")
