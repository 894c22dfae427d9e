"""`python -m webapi <command>`: any Django management command with the project's settings."""
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapi.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "python -m webapi"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
