"""`python -m webapi initdb`: create/migrate every table on DATABASE_URL.

Crawl tables with Alembic (auctionspider.db.schema.upgrade), then Django's own tables
with `migrate`. Idempotent; `make serve` runs it first.
"""
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from auctionspider.db.schema import upgrade


class Command(BaseCommand):
    help = "Create or migrate the crawl tables (Alembic) and Django's tables (migrate)."

    def handle(self, *args, **options):
        upgrade(settings.DATABASE_URL)
        call_command("migrate", interactive=False, verbosity=options.get("verbosity", 1))
