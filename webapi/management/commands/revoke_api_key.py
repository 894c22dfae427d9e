"""`python -m webapi revoke_api_key <name-or-prefix>`: revoke API keys."""
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from webapi.models import KEY_PREFIX_LENGTH, ApiKey, hash_key


class Command(BaseCommand):
    help = "Revoke the API keys with this name or key prefix (they then get 401)."

    def add_arguments(self, parser):
        parser.add_argument("name_or_prefix", help="The key's name, its 8-character prefix, or the key itself.")

    def handle(self, *args, name_or_prefix: str, **options):
        match = Q(name=name_or_prefix) | Q(key_hash=hash_key(name_or_prefix))
        if len(name_or_prefix) == KEY_PREFIX_LENGTH:
            match |= Q(prefix=name_or_prefix)
        keys = ApiKey.objects.filter(revoked=False).filter(match)
        if name_or_prefix == "" or not keys.exists():
            raise CommandError(f"No active API key named or prefixed {name_or_prefix!r}.")
        count = keys.update(revoked=True)
        self.stdout.write(f"Revoked {count} key(s).")
