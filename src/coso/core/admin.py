from django.contrib import admin

from .models import DaySwap


@admin.register(DaySwap)
class DaySwapAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "note", "legal_basis"]
    list_filter = ["kind"]
    search_fields = ["note", "legal_basis"]
    date_hierarchy = "date"
    ordering = ["-date"]
