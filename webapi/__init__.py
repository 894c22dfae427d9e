"""Django project + app: read API (Ninja) for Power BI, admin, dashboard."""
