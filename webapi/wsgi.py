"""WSGI entry point: `gunicorn webapi.wsgi` (after `python -m webapi collectstatic`)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapi.settings")

application = get_wsgi_application()
