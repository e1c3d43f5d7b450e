from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    SUPERIOR = "superior", _("Superior committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots cell")
    SUB_COMMITTEE = "sub_committee", _("Sub-committee")
    CELL = "cell", _("Cell")
    GROUP = "group", _("Party group")


#: kinds that hold members directly as their basic unit (a "cell" in the broad sense)
CELL_KINDS = {OrgKind.GRASSROOTS_CELL, OrgKind.CELL}
#: kinds that are committees (may have sub-organizations)
COMMITTEE_KINDS = {OrgKind.SUPERIOR, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE}
GRASSROOTS_KINDS = {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL}

#: which child kinds each kind may hold
ALLOWED_CHILDREN = {
    OrgKind.SUPERIOR: {OrgKind.SUPERIOR, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL},
    OrgKind.GRASSROOTS_COMMITTEE: {OrgKind.SUB_COMMITTEE, OrgKind.CELL},
    OrgKind.SUB_COMMITTEE: {OrgKind.CELL},
    OrgKind.GRASSROOTS_CELL: {OrgKind.GROUP},
    OrgKind.CELL: {OrgKind.GROUP},
    OrgKind.GROUP: set(),
}


class OrgEventKind(models.TextChoices):
    CREATED = "created", _("Created")
    RENAMED = "renamed", _("Renamed")
    MOVED = "moved", _("Moved")
    MERGED = "merged", _("Merged")
    SPLIT = "split", _("Split")
    DISSOLVED = "dissolved", _("Dissolved")
