from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from coso.members.models import Member, MembershipEvent


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "birth_date", "organization", "status"]
    search_fields = ["search_text", "cccd", "party_card_number"]
    list_filter = ["status", "sex"]
    raw_id_fields = ["organization", "user"]
    readonly_fields = ["organization", "status"]

    def has_add_permission(self, request):
        return False


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "date", "document_number", "actor"]
    list_filter = ["kind"]
    raw_id_fields = ["member", "from_organization", "to_organization", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
