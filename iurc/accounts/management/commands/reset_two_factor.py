from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from iurc.accounts import two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator and backup codes (a lost phone and no backup code "
        "left): they sign in with their password, and set up a new authenticator when "
        "two-step verification is required of them."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        removed = two_factor.reset(user)
        self.stdout.write(
            f"Two-step verification of {username} reset ({removed} authenticators and codes "
            "removed)."
        )
