"""Create what a fresh installation needs: the administrators group, the bootstrap administrator, demo content.

It lives in the catalogue app because it puts both apps' data in place (the accounts stay free of catalogue code).
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.services import ensure_bootstrap_administrator
from catalogue import demo


class Command(BaseCommand):
    help = "Create the bootstrap administrator (and the demo catalogue unless --no-demo). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo catalogue.")

    def handle(self, *args, no_demo=False, **options):
        call_command("createcachetable", verbosity=0)
        created = ensure_bootstrap_administrator()
        if created:
            self.stdout.write(self.style.WARNING(
                f"Created the bootstrap administrator {settings.BOOTSTRAP_ADMIN_EMAIL} with password "
                f"'{settings.BOOTSTRAP_ADMIN_PASSWORD}'. CHANGE THIS PASSWORD before anyone else can reach the "
                "server (PUT /api/catalogueUsers/{id}/changePassword or the admin site)."))
        else:
            self.stdout.write(f"Bootstrap administrator {settings.BOOTSTRAP_ADMIN_EMAIL} already exists.")
        if not no_demo:
            loaded = demo.ensure_demo_catalogue()
            self.stdout.write("Loaded the demo catalogue." if loaded else "Demo catalogue already present.")
