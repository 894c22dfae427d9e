"""`python -m webapi create_api_key <name>`: create an API key and print it (once)."""
from django.core.management.base import BaseCommand

from webapi.models import ApiKey


class Command(BaseCommand):
    help = "Create an API key for /api/v1/ and print it. Only its hash is stored: copy it now."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Who or what will use the key (e.g. powerbi).")

    def handle(self, *args, name: str, **options):
        row, key = ApiKey.objects.model.generate(name)
        self.stderr.write(
            f"API key #{row.pk} {name!r} created (prefix {row.prefix}). It is shown only now; "
            "send it as header X-API-Key or query parameter api_key."
        )
        self.stdout.write(key)
