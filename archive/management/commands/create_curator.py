import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from archive.roles import CURATORS, REVIEWERS


class Command(BaseCommand):
    help = "Create a staff login in the Curators (or Reviewers) group and print its password once."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="curator")
        parser.add_argument("--reviewer", action="store_true", help="Put the login in Reviewers instead.")
        parser.add_argument(
            "--if-none", action="store_true", help="Do nothing when any staff login exists (used by `make run`)."
        )
        parser.add_argument(
            "--site",
            default="http://127.0.0.1:8000",
            help="The address the site is served at, for the sign-in link (`make run PORT=…` passes its own).",
        )

    @transaction.atomic
    def handle(self, *args, username: str, reviewer: bool, if_none: bool, site: str, **options):
        User = get_user_model()
        if if_none and User.objects.filter(is_staff=True).exists():
            self.stdout.write(
                "A staff login exists already. New password: python manage.py changepassword USERNAME; "
                "another login: python manage.py create_curator NAME"
            )
            return
        if User.objects.filter(username=username).exists():
            raise CommandError(f"The login “{username}” exists already; use changepassword to reset it.")
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=REVIEWERS if reviewer else CURATORS))
        role = "Reviewer" if reviewer else "Curator"
        # Reviewers work in the review queue; curators at the admin, which links to it.
        start = reverse("submissions:review_queue") if reviewer else reverse("admin:index")
        self.stdout.write(
            self.style.SUCCESS(
                f"{role} login created — user: {username}  password: {password}\n"
                f"Sign in at {site.rstrip('/')}{start} (the password is shown only this once)."
                + (
                    "\nCurators set up an authenticator app (a second factor) at their first sign-in; "
                    "STAFF_TWO_FACTOR_REQUIRED=false in .env turns that off on this machine."
                    if settings.STAFF_TWO_FACTOR_REQUIRED
                    else ""
                )
            )
        )
