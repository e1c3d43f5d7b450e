from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .forms import ThrottledAdminAuthenticationForm
from .models import RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role", "valid_from", "valid_to"]
    list_filter = ["role"]
    raw_id_fields = ["organization"]
    search_fields = ["user__username", "organization__code"]


# the admin's login goes through the same throttled backend; this form says until when a
# refused login is locked
admin.site.login_form = ThrottledAdminAuthenticationForm
