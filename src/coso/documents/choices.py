"""Document types and their symbols (HD 36-HD/VPTW; DOMAIN.md §8, §13)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coso.orgs.choices import OrgKind


class DocType(models.TextChoices):
    """The type of a party document; the value is the type code printed in its symbol
    ("74-KH/ĐUK"). HD 36's list (DOMAIN §13), with GGT for the letters of introduction
    (giấy giới thiệu, the transfer letter) as offices number them [check]."""

    NQ = "NQ", _("Resolution")
    CT = "CT", _("Directive")
    KL = "KL", _("Conclusion")
    QD = "QĐ", _("Decision")
    QDI = "QĐi", _("Regulation")
    QC = "QC", _("Rules")
    BC = "BC", _("Report")
    TTR = "TTr", _("Submission")
    TB = "TB", _("Notice")
    HD = "HD", _("Guideline")
    CTR = "CTr", _("Programme")
    KH = "KH", _("Plan")
    TT = "TT", _("Circular")
    BB = "BB", _("Minutes")
    CV = "CV", _("Official letter")
    BS = "BS", _("Copy")
    GGT = "GGT", _("Letter of introduction")
    # a member list issued on its own (danh sách đảng viên), numbered as offices number them
    # [check]: HD 36 lists no type of its own for it
    DS = "DS", _("List")


#: the body code printed in the symbol of a congress's documents, whatever their type
#: ("01-NQ/ĐH"): a congress's documents share one series (DOMAIN §13)
CONGRESS_BODY = "ĐH"

#: the issuing body's code when the office has not set one (DOMAIN §13 body codes): a
#: committee signs as "ĐU" (a superior committee is often ĐUK, TU, HU or QU: the office sets
#: it), a cell as "CB", a party group as "TĐ"
DEFAULT_BODY_CODES = {
    OrgKind.SUPERIOR: "ĐU",
    OrgKind.GRASSROOTS_COMMITTEE: "ĐU",
    OrgKind.SUB_COMMITTEE: "ĐU",
    OrgKind.GRASSROOTS_CELL: "CB",
    OrgKind.CELL: "CB",
    OrgKind.GROUP: "TĐ",
}


class BatchStatus(models.TextChoices):
    """Where a batch of letters is (`models.LetterBatch`)."""

    QUEUED = "queued", _("Waiting for the background worker")
    RUNNING = "running", _("Issuing the letters")
    DONE = "done", _("Done")
    FAILED = "failed", _("Stopped by an error")
