"""URLs: /admin/, /api/ (Ninja: /api/v1/..., /api/docs), and the dashboard at /."""
from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from webapi.api import api

admin.site.site_header = "Leilões — administração"
admin.site.site_title = "Leilões"
admin.site.index_title = "Dados do crawler e chaves de API"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("webapi.dashboard.urls")),
]
