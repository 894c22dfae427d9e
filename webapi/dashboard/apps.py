from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Installed so Django's loaders find the dashboard's templatetags/, templates/ and static/."""

    name = "webapi.dashboard"
    label = "dashboard"
    verbose_name = "Painel"
