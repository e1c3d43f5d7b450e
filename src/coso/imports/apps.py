from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Bulk data in and out: spreadsheet imports of members (with preview and background jobs),
    streamed exports, and the PostgreSQL-only indexes that keep national-scale reads fast."""

    name = "coso.imports"
    label = "imports"
    verbose_name = "Nhập và xuất dữ liệu"
