from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coso.core import choices
from coso.core.rules import value_today


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary")
    OFFICIAL = "official", _("Official")
    EXEMPTED = "exempted", _("Exempted from party work")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    STRUCK_OFF = "struck_off", _("Struck off")
    EXPELLED = "expelled", _("Expelled")
    RESIGNED = "resigned", _("Resigned")
    DECEASED = "deceased", _("Deceased")


#: statuses of a member who is still in the party organization's care
ACTIVE_STATUSES = {MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.EXEMPTED}


#: a person's sex: held by the person model in core (`coso.core.person`), which members and
#: candidates share
Sex = choices.Sex


class PlacementKind(models.TextChoices):
    OFFICIAL = "official", _("Official activity")
    TEMPORARY = "temporary", _("Temporary activity")


class EventKind(models.TextChoices):
    ADMITTED = "admitted", _("Admitted")
    RECOGNIZED = "recognized", _("Recognized as official member")
    TRANSFERRED_IN = "transferred_in", _("Transferred in")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    MOVED = "moved", _("Moved within the committee")
    REORGANIZED = "reorganized", _("Moved by restructuring")
    EXEMPTED = "exempted", _("Exempted from party work")
    EXEMPTION_ENDED = "exemption_ended", _("Exemption ended")
    STRUCK_OFF = "struck_off", _("Struck off")
    EXPELLED = "expelled", _("Expelled")
    RESIGNED = "resigned", _("Resigned")
    DECEASED = "deceased", _("Deceased")
    REINSTATED = "reinstated", _("Reinstated")
    READMITTED = "readmitted", _("Re-admitted")
    REGISTERED = "registered", _("Entered into the registry")
    # lifecycle steps (coso.members.services.transfers, coso.members.services.statuses)
    TRANSFER_ISSUED = "transfer_issued", _("Transfer letter issued")
    TRANSFER_CONFIRMED = "transfer_confirmed", _("Transfer letter received by the other side")
    TRANSFER_CANCELLED = "transfer_cancelled", _("Transfer letter cancelled or lapsed")
    TEMPORARY_STARTED = "temporary_started", _("Temporary activity started")
    TEMPORARY_ENDED = "temporary_ended", _("Temporary activity ended")
    RETIRED = "retired", _("Retired")
    GRADUATE_HOLD = "graduate_hold", _("Graduated, holding activity at the school")
    GRADUATE_HOLD_ENDED = "graduate_hold_ended", _("Graduate hold ended")
    ABROAD = "abroad", _("Working or studying abroad")
    RETURNED = "returned", _("Returned from abroad")
    RESIDENCE_LIAISON = "residence_liaison", _("Introduced to the residence cell")
    LIAISON_ENDED = "liaison_ended", _("Residence liaison ended")
    RESIDENCE_FEEDBACK = "residence_feedback", _("Residence cell feedback recorded")


#: events that end a member's placement and the status they leave behind
REMOVAL_STATUS = {
    EventKind.STRUCK_OFF: MemberStatus.STRUCK_OFF,
    EventKind.EXPELLED: MemberStatus.EXPELLED,
    EventKind.RESIGNED: MemberStatus.RESIGNED,
    EventKind.DECEASED: MemberStatus.DECEASED,
    EventKind.TRANSFERRED_OUT: MemberStatus.TRANSFERRED_OUT,
}

#: statuses of a former member who may come back only by re-admission (DOMAIN.md §18): a
#: member transferred out is still a party member elsewhere, a deceased one does not apply
READMISSION_STATUSES = {MemberStatus.STRUCK_OFF, MemberStatus.EXPELLED, MemberStatus.RESIGNED}


class LeavingReason(models.TextChoices):
    """Why a member left the party, recorded with the departure (`remove_member`): the
    re-admission rules bar some of them for ever (the rule ``readmission_barred_reasons``,
    DOMAIN.md §18)."""

    ABANDONED_ACTIVITY = "abandoned_activity", _("Abandoned party activity")
    ASKED_TO_LEAVE = "asked_to_leave", _("Asked to leave the party")
    ASKED_TO_LEAVE_HARDSHIP = (
        "asked_to_leave_hardship",
        _("Asked to leave the party for special family hardship"),
    )
    SERIOUS_DISUNITY = "serious_disunity", _("Caused serious disunity")
    CORRUPTION_CONVICTION = "corruption_conviction", _("Convicted of corruption")
    SERIOUS_CRIME_CONVICTION = (
        "serious_crime_conviction",
        _("Convicted of a serious crime or worse"),
    )
    LESS_SERIOUS_CRIME_CONVICTION = (
        "less_serious_crime_conviction",
        _("Convicted of a less serious crime"),
    )
    OTHER = "other", _("Other reason")


ETHNICITIES = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai",
    "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai",
    "Mnông", "Thổ", "Xtiêng", "Khơ mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ",
    "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "Kháng",
    "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao",
    "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
]  # fmt: skip

AGE_BANDS = [
    ("u30", _("Under 30"), 0, 30),
    ("30_40", _("30 to 40"), 30, 41),
    ("41_50", _("41 to 50"), 41, 51),
    ("51_60", _("51 to 60"), 51, 61),
    ("o60", _("Over 60"), 61, 200),
]


# --- transfers, statuses and residence liaison -------------------------------------------


class TransferKind(models.TextChoices):
    PERMANENT = "permanent", _("Permanent transfer")
    TEMPORARY = "temporary", _("Temporary transfer")


class TransferDirection(models.TextChoices):
    INTERNAL = "internal", _("Inside the system")
    OUTGOING = "outgoing", _("To an organization outside the system")
    INCOMING = "incoming", _("From an organization outside the system")


class TransferStatus(models.TextChoices):
    ISSUED = "issued", _("Letter issued, not yet received")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Lapsed (not handed in)")


class StatusKind(models.TextChoices):
    EXEMPTED = "exempted", _("Exempted from party work and meetings")
    RETIRED = "retired", _("Retired")
    GRADUATE_HOLD = "graduate_hold", _("Graduate holding activity at the school")
    ABROAD = "abroad", _("Working or studying abroad")


def _ill_label() -> str:
    months = value_today("exemption_illness_min_months")
    return gettext("Ill (at least %(months)d months of treatment)") % {"months": months}


class ExemptionReason(models.TextChoices):
    ELDERLY = "elderly", _("Elderly (past working age)")
    ILL = "ill", lazy(_ill_label, str)()  # the number from the rule in force today
    OTHER = "other", _("Other reason")


class AbroadPurpose(models.TextChoices):
    WORK = "work", _("Work")
    STUDY = "study", _("Study")


class ExemptGroup(models.TextChoices):
    """Members who need not keep a residence liaison with yearly feedback (QĐ 213)."""

    STUDENT_AWAY = "student_away", _("Full-time student far from home")
    SOLDIER = "soldier", _("Soldier or police officer living in barracks")
    MOBILE_WORKER = "mobile_worker", _("Mobile worker")
    OTHER = "other", _("Other case decided by the committee")


class FeedbackAssessment(models.TextChoices):
    GOOD = "good", _("Good: fulfils a citizen's duties at the residence")
    FAIR = "fair", _("Fair: some shortcomings")
    POOR = "poor", _("Not good: does not fulfil a citizen's duties")
