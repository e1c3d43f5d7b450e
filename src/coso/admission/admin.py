from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import AdmissionAuthority, AdmissionStep, Candidate, Probation


@admin.register(Candidate)
class CandidateAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "birth_date", "cell", "status", "step", "due_on"]
    search_fields = ["search_text", "cccd"]
    list_filter = ["status", "step", "source"]
    raw_id_fields = ["cell", "follower", "member"]
    readonly_fields = ["cell", "status", "step", "step_on", "due_on", "closed_on", "member"]

    def has_add_permission(self, request):
        # candidates and their steps go through the services (pages and API)
        return False


@admin.register(AdmissionStep)
class AdmissionStepAdmin(admin.ModelAdmin):
    list_display = ["candidate", "step", "date", "document_number", "late", "actor"]
    list_filter = ["step", "late"]
    raw_id_fields = ["candidate", "introducer_1", "introducer_2", "deciding_organization", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AdmissionAuthority)
class AdmissionAuthorityAdmin(admin.ModelAdmin):
    """Delegations of the power to decide admissions (configuration of the superior's office)."""

    list_display = ["organization", "may_decide", "valid_from", "valid_to", "decision_number"]
    list_filter = ["may_decide"]
    raw_id_fields = ["organization"]
    search_fields = ["organization__code", "organization__name", "decision_number"]
    fields = ["organization", "may_decide", "valid_from", "decision_number", "note"]

    def has_change_permission(self, request, obj=None):
        # a new delegation (or its withdrawal) is a new row: history is kept
        return obj is None

    def save_model(self, request, obj, form, change):
        try:
            saved = services.set_admission_authority(
                obj.organization,
                may_decide=obj.may_decide,
                valid_from=obj.valid_from,
                decision_number=obj.decision_number,
                note=obj.note,
                actor=request.user,
            )
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), level=messages.ERROR)
            return
        obj.pk = saved.pk


@admin.register(Probation)
class ProbationAdmin(admin.ModelAdmin):
    list_display = ["member", "started_on", "ends_on", "vote_due_on", "course_on", "outcome"]
    list_filter = ["outcome", "late"]
    raw_id_fields = ["member", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
