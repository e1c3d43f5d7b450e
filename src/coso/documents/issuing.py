"""The documents coso issues from its records: for each kind, what its subject is, who issues
it, who signs, and how the record becomes a description (`builders`). Read-only: the one step
that issues is `services.issue.issue_document`.

Who issues (DOMAIN.md §2, §4, §8): a transfer letter, the grassroots organization the member
leaves (its committee, or the grassroots cell itself); the admission and recognition decisions,
the committee above the cell that may admit (a grassroots committee, else the superior); the
cell's resolution, the cell; a member list, the organization itself. Who signs: the secretary
on the issuing organization's roster on the document's date (`committees.queries.holder_on`),
"T/M BAN THƯỜNG VỤ" for a committee, "T/M CHI BỘ" for a cell; a name typed by the person
issuing replaces a missing roster (a committee whose roster is not kept in coso).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.admission.choices import Step
from coso.admission.models import AdmissionStep, Candidate
from coso.committees.choices import Post
from coso.committees.queries import holder_on
from coso.core.rules import rule_in_force
from coso.documents.bodies.in_force import body_template
from coso.documents.builders import (
    Person,
    Vote,
    admission_decision,
    cell_resolution,
    member_list,
    recognition_decision,
    transfer_letter_of,
)
from coso.documents.render.description import Authority, Body, Document, Signature
from coso.documents.symbols import body_code
from coso.members.choices import MemberStatus, TransferStatus
from coso.members.models import Member, Placement, Transfer
from coso.orgs.choices import CELL_KINDS, OrgKind
from coso.orgs.models import Organization

#: kinds of organization that decide admissions and recognitions (DOMAIN.md §2)
DECIDING_KINDS = {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUPERIOR}


@dataclass(frozen=True)
class IssueContext:
    kind: str
    subject: object
    issuer: Organization
    day: dt.date
    place: str
    signer_name: str = ""
    present: int | None = None
    #: the second signer typed by the person issuing (minutes: the minute-taker, on the left)
    second_signer_name: str = ""


def committee_name(org: Organization) -> str:
    """A party organization named by its committee ("Đảng bộ X" acts as "Đảng ủy X"); a cell
    as itself."""
    name = org.name
    if name.lower().startswith("đảng bộ"):
        name = "Đảng ủy" + name[len("Đảng bộ") :]
    return name


def printed(org: Organization) -> str:
    """The issuing body as printed: a party organization issues through its committee
    ("Đảng bộ X" signs as "ĐẢNG ỦY X"); a cell as itself."""
    return committee_name(org).upper()


def parent_printed(org: Organization) -> str:
    """The line above the issuing body: its superior party organization ("ĐẢNG BỘ …")."""
    parent = org.get_parent()
    if parent is None:  # the tree's root: its superior is outside coso (a deployment setting)
        return settings.COSO_ROOT_PARENT.upper()
    name = parent.name
    if name.lower().startswith("đảng ủy"):
        name = "Đảng bộ" + name[len("Đảng ủy") :]
    return name.upper()


def body_of(org: Organization) -> Body:
    return Body(name=printed(org), parent=parent_printed(org), code=body_code(org))


def secretary_on(org: Organization, day: dt.date, refusal: str) -> str:
    """The name of the secretary on `org`'s roster on `day`; none: refused with `refusal` (on
    the field ``signer_name``, its ``%(org)s`` and ``%(date)s`` filled)."""
    holding = holder_on(org, Post.SECRETARY, day)
    if holding is None:
        raise ValidationError(
            {"signer_name": refusal % {"org": org.name, "date": day.strftime("%d/%m/%Y")}}
        )
    return holding.member.full_name


def signer_of(ctx: IssueContext) -> Signature:
    """The secretary on the roster on the day (or the name given), for the collective."""
    collective = "CHI BỘ" if ctx.issuer.kind in CELL_KINDS else "BAN THƯỜNG VỤ"
    name = ctx.signer_name or secretary_on(
        ctx.issuer, ctx.day,
        _("%(org)s has no secretary on its roster on %(date)s: type the name of the person "
          "who signs."),
    )  # fmt: skip
    return Signature(
        post="BÍ THƯ", name=name, authority=Authority.ON_BEHALF, on_behalf_of=collective
    )


def inspection_committee_body(org: Organization) -> Body:
    """The inspection committee of `org`'s committee as printed: "ỦY BAN KIỂM TRA" under the
    party organization ("ĐẢNG BỘ X"), with the organization's code."""
    own = body_of(org)
    party = own.name.replace("ĐẢNG ỦY", "ĐẢNG BỘ", 1)
    return Body(name="ỦY BAN KIỂM TRA", parent=party, code=own.code)


def inspection_chair_signer(ctx: IssueContext) -> Signature:
    """The inspection committee's chair on the issuer's roster on the day (or the name given),
    signing "T/M ỦY BAN KIỂM TRA / CHỦ NHIỆM"."""
    name = ctx.signer_name
    if not name:
        holding = holder_on(ctx.issuer, Post.INSPECTION_CHAIR, ctx.day)
        if holding is None:
            raise ValidationError(
                {"signer_name": _("%(org)s has no inspection committee chair on its roster on "
                                  "%(date)s: type the name of the person who signs.")
                 % {"org": ctx.issuer.name, "date": ctx.day.strftime("%d/%m/%Y")}}
            )  # fmt: skip
        name = holding.member.full_name
    return Signature(
        post="CHỦ NHIỆM", name=name, authority=Authority.ON_BEHALF, on_behalf_of="ỦY BAN KIỂM TRA"
    )


def grassroots_of(org: Organization) -> Organization:
    """The grassroots organization `org` belongs to (itself when it is one)."""
    for node in [org, *reversed(org.get_ancestors())]:
        if node.kind in (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL):
            return node
    return org


def deciding_of(cell: Organization) -> Organization:
    """The committee above `cell` that decides its admissions."""
    for node in reversed(cell.get_ancestors()):
        if node.kind in DECIDING_KINDS:
            return node
    return cell


def _body(ctx: IssueContext) -> str:
    """The body text in force for the issuing organization (its own, inherited or default)."""
    return body_template(ctx.kind, ctx.issuer)


def _step(candidate: Candidate, step: str) -> AdmissionStep | None:
    return AdmissionStep.objects.filter(candidate=candidate, step=step).first()


@dataclass(frozen=True)
class Kind:
    """One kind of document issued from a record."""

    model: type
    lock: Callable[[object], object]
    issuer: Callable[[object], Organization]
    check: Callable[[object, dt.date], None]
    summary: Callable[[object], str]
    build: Callable[..., Document]
    default_date: Callable[[object], dt.date | None] = lambda subject: None
    #: what the person issuing may give besides the date (the issue form's and the API's
    #: optional fields): "signer_name", "present", "second_signer_name"
    inputs: tuple[str, ...] = ("signer_name",)
    #: a field's label and help text where this kind names it otherwise than the form does
    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)


# --- the transfer letter ---------------------------------------------------------------------


def _lock_transfer(t: Transfer) -> Transfer:
    return (
        # the letter's row only: PostgreSQL locks no nullable side of an outer join (a letter
        # to outside the system has no `to_organization`)
        Transfer.objects.select_for_update(of=("self",))
        .select_related("member", "from_organization", "to_organization")
        .get(pk=t.pk)
    )


def _check_transfer(t: Transfer, day: dt.date) -> None:
    if t.from_organization_id is None:
        raise ValidationError(_("A letter from outside the system is issued by its sender."))
    if t.status != TransferStatus.ISSUED:
        raise ValidationError(_("The transfer is no longer open: its letter cannot be issued."))


def _transfer(ctx: IssueContext, number):
    return transfer_letter_of(
        ctx.subject, issuer=body_of(ctx.issuer), signer=signer_of(ctx), place=ctx.place,
        number=number, body=_body(ctx),
    )  # fmt: skip


# --- admission --------------------------------------------------------------------------------


def _lock_candidate(c: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().select_related("cell").get(pk=c.pk)


def _check_resolved(c: Candidate, day: dt.date) -> None:
    resolution = _step(c, Step.CELL_RESOLUTION)
    if resolution is None:
        raise ValidationError(_("The cell has not yet resolved on this candidate."))
    if day < resolution.date:
        raise ValidationError(
            {"issued_on": _("The document cannot be dated before the cell's resolution.")}
        )


def _decision_issuer(c: Candidate) -> Organization:
    decision = _step(c, Step.DECISION)
    if decision is not None and decision.deciding_organization_id:
        return decision.deciding_organization
    return deciding_of(c.cell)


def _admission(ctx: IssueContext, number):
    c = ctx.subject
    resolution = _step(c, Step.CELL_RESOLUTION)
    return admission_decision(
        issuer=body_of(ctx.issuer), signer=signer_of(ctx), decided_on=ctx.day, place=ctx.place,
        candidate=Person.of(c), cell=c.cell.name, deciding_body=f"BAN THƯỜNG VỤ {printed(ctx.issuer)}",
        probation_months=rule_in_force("probation_months", ctx.day).value,
        basis=(f"Xét Nghị quyết số {resolution.document_number} ngày "
               f"{resolution.date:%d/%m/%Y} của {c.cell.name} đề nghị kết nạp quần chúng "
               f"{c.full_name} vào Đảng;",),
        number=number, body=_body(ctx),
    )  # fmt: skip


def _resolution(ctx: IssueContext, number):
    c = ctx.subject
    step = _step(c, Step.CELL_RESOLUTION)
    if ctx.present is None:
        raise ValidationError({"present": _("Give the number of members present at the meeting.")})
    probationary = (
        Placement.objects.on(step.date).official()
        .filter(organization__path__startswith=c.cell.path, member__status=MemberStatus.PROBATIONARY)
        .values("member_id").distinct().count()
    )  # fmt: skip
    official = step.official_count or 0
    if ctx.present > official + probationary:
        raise ValidationError(
            {"present": _("More members present than the cell had (%(n)d).")
             % {"n": official + probationary}}
        )  # fmt: skip
    vote = Vote(official=official, probationary=probationary, present=ctx.present,
                votes_for=step.votes_for or 0, votes_against=step.votes_against or 0)  # fmt: skip
    return cell_resolution(
        issuer=body_of(ctx.issuer), signer=signer_of(ctx), met_on=step.date, place=ctx.place,
        cell=c.cell.name, candidate=Person.of(c), vote=vote,
        deciding_committee=deciding_of(c.cell).name, number=number, body=_body(ctx),
    )  # fmt: skip


# --- recognition ------------------------------------------------------------------------------


def _lock_member(m: Member) -> Member:
    return Member.objects.select_for_update().select_related("organization").get(pk=m.pk)


def _check_recognized(m: Member, day: dt.date) -> None:
    if m.recognized_on is None or m.status not in (MemberStatus.OFFICIAL, MemberStatus.EXEMPTED):
        raise ValidationError(_("The member has not been recognized as an official member."))


def _recognition(ctx: IssueContext, number):
    m = ctx.subject
    return recognition_decision(
        issuer=body_of(ctx.issuer), signer=signer_of(ctx), decided_on=ctx.day, place=ctx.place,
        member=Person.of(m), official_from=m.recognized_on, cell=m.organization.name,
        deciding_body=f"BAN THƯỜNG VỤ {printed(ctx.issuer)}", number=number, body=_body(ctx),
    )  # fmt: skip


# --- the member list --------------------------------------------------------------------------


def _lock_org(o: Organization) -> Organization:
    return Organization.objects.select_for_update().get(pk=o.pk)


def _members_on(org: Organization, day: dt.date) -> list[Person]:
    ids = (
        Placement.objects.on(day).official()
        .filter(organization__path__startswith=org.path).values("member_id")
    )  # fmt: skip
    return [Person.of(m) for m in Member.objects.filter(pk__in=ids).order_by("sort_key")]


def _list(ctx: IssueContext, number):
    return member_list(
        issuer=body_of(ctx.issuer), signer=signer_of(ctx), organization=ctx.issuer.name,
        on=ctx.day, members=_members_on(ctx.issuer, ctx.day), place=ctx.place, number=number, body=_body(ctx),
    )  # fmt: skip


def _no_check(subject, day) -> None:
    return None


KINDS: dict[str, Kind] = {
    "transfer_letter": Kind(
        model=Transfer, lock=_lock_transfer, issuer=lambda t: grassroots_of(t.from_organization),
        check=_check_transfer, build=_transfer, default_date=lambda t: t.issued_on,
        summary=lambda t: f"Giấy giới thiệu sinh hoạt đảng đồng chí {t.member.full_name}",
    ),
    "cell_resolution": Kind(
        model=Candidate, lock=_lock_candidate, issuer=lambda c: c.cell, check=_check_resolved,
        build=_resolution, inputs=("signer_name", "present"),
        default_date=lambda c: getattr(_step(c, Step.CELL_RESOLUTION), "date", None),
        summary=lambda c: f"Nghị quyết đề nghị kết nạp quần chúng {c.full_name} vào Đảng",
    ),
    "admission_decision": Kind(
        model=Candidate, lock=_lock_candidate, issuer=_decision_issuer, check=_check_resolved,
        build=_admission,
        summary=lambda c: f"Quyết định kết nạp quần chúng {c.full_name} vào Đảng",
    ),
    "recognition_decision": Kind(
        model=Member, lock=_lock_member, issuer=lambda m: deciding_of(m.organization),
        check=_check_recognized, build=_recognition,
        summary=lambda m: f"Quyết định công nhận đảng viên chính thức đồng chí {m.full_name}",
    ),
    "member_list": Kind(
        model=Organization, lock=_lock_org, issuer=lambda o: o, check=_no_check, build=_list,
        summary=lambda o: f"Danh sách đảng viên {o.name}",
    ),
}  # fmt: skip

#: the title of each kind, on the issue page and in a record's list of documents
TITLES: dict[str, str] = {
    "transfer_letter": "Giấy giới thiệu sinh hoạt đảng",
    "cell_resolution": "Nghị quyết của chi bộ đề nghị kết nạp",
    "admission_decision": "Quyết định kết nạp đảng viên",
    "recognition_decision": "Quyết định công nhận đảng viên chính thức",
    "member_list": "Danh sách đảng viên",
}


def register_kind(name: str, kind: Kind, *, title: str) -> None:
    """Let an app above documents issue its own kind of document through the register (its
    AppConfig.ready(): documents imports no app above it). Registering a name twice with
    another kind is a programming error."""
    if KINDS.get(name, kind) != kind:
        raise ValueError(f"document kind {name!r} is already registered")
    KINDS[name] = kind
    TITLES[name] = title
