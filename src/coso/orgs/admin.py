from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organization, OrganizationEvent


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "established_on", "dissolved_on"]
    search_fields = ["code", "name", "short_name"]
    list_filter = ["kind"]
    readonly_fields = ["path", "depth", "numchild"]

    def has_add_permission(self, request):
        # creation and restructuring go through the services (pages), never straight to the table
        return False


@admin.register(OrganizationEvent)
class OrganizationEventAdmin(admin.ModelAdmin):
    list_display = ["organization", "kind", "date", "decision_number", "actor"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in OrganizationEvent._meta.fields]

    def has_add_permission(self, request):
        return False
