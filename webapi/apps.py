from django.apps import AppConfig


class WebapiConfig(AppConfig):
    name = "webapi"
    label = "webapi"
    verbose_name = "Leilões"
    default_auto_field = "django.db.models.BigAutoField"
