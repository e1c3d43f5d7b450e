"""`coso demo` / `coso demo_accounts`, and the bulk services they stand on.

Member dates are drawn relative to today, so member totals are checked as invariants and
ranges; the tree of the small demo is the same on every day and is checked exactly.
"""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from vietnam_provinces import Ward

from coso.accounts.models import RoleAssignment
from coso.awards.models import BadgeAward, Commendation
from coso.committees.models import PostHolding, Term
from coso.core.dates import add_years
from coso.core.text import fold, name_sort_key
from coso.demo import names as N
from coso.demo.common import HISTORY_START, PERSONAS
from coso.discipline.models import DisciplineCase
from coso.documents.models import IssuedDocument, RegisterEntry, Series
from coso.evaluation.models import (
    Evaluation,
    EvaluationPeriod,
    FourGoodCheck,
    FourGoodCriterion,
    GradeDecision,
)
from coso.inspection.models import Feedback, Inspection, InspectionPlan
from coso.meetings.models import Commitment, Follower, Guest, Meeting, StudyPlan
from coso.members.choices import ACTIVE_STATUSES, EventKind, MemberStatus, PlacementKind, Sex
from coso.members.models import Member, MembershipEvent, Placement, member_counts_by_child
from coso.orgs.choices import ALLOWED_CHILDREN, CELL_KINDS, OrgEventKind, OrgKind
from coso.orgs.models import Organization, OrganizationEvent, OrganizationPeriod
from coso.plans.models import Plan, Report, ReportSchedule, TargetShare
from tests.helpers import snapshot

pytestmark = pytest.mark.django_db

#: lifecycle events that record a step without changing where the member belongs
LIFECYCLE_NOTES = {EventKind.TRANSFER_ISSUED, EventKind.TRANSFER_CONFIRMED}


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def small_demo(seed=1, *extra):
    return run("demo", "--size", "small", "--seed", str(seed), *extra)


@pytest.fixture
def demo(db):
    return small_demo()


def wipe():
    # the plans and the reports protect their organizations (targets cascade from plans)
    Report.objects.all().delete()
    ReportSchedule.objects.all().delete()
    TargetShare.objects.all().delete()
    Plan.objects.all().delete()
    # evaluations protect their members, organizations, meetings and decisions
    FourGoodCheck.objects.all().delete()  # the answers protect their criteria
    FourGoodCriterion.objects.all().delete()
    Evaluation.objects.all().delete()
    GradeDecision.objects.all().delete()
    EvaluationPeriod.objects.all().delete()
    # feedback protects the inspection it opened; an inspection the supervision it came from
    Feedback.objects.all().delete()
    Inspection.objects.filter(opened_from__isnull=False).delete()
    Inspection.objects.all().delete()
    InspectionPlan.objects.all().delete()
    DisciplineCase.objects.all().delete()  # cases protect their members, meetings, decisions
    BadgeAward.objects.all().delete()  # badges and commendations protect their members
    Commendation.objects.all().delete()
    IssuedDocument.objects.all().delete()  # the decisions issued, their numbers and series
    RegisterEntry.objects.all().delete()
    Series.objects.all().delete()
    Meeting.objects.all().delete()  # attendance protects its members
    Commitment.objects.all().delete()  # commitments protect their members
    StudyPlan.objects.all().delete()
    Follower.objects.all().delete()  # followers protect their members and organizations
    PostHolding.objects.all().delete()  # the roster protects its members and terms
    Term.objects.all().delete()
    get_user_model().objects.all().delete()  # role assignments cascade
    MembershipEvent.objects.all().delete()
    Placement.objects.all().delete()
    Member.objects.all().delete()
    OrganizationEvent.objects.all().delete()
    OrganizationPeriod.objects.all().delete()
    Organization.objects.all().delete()


#: what the demo made, without pks, to compare two runs: `snapshot(**DEMO_DATA)`
DEMO_DATA = {
    "orgs": (Organization, ("code", "name", "kind", "path", "depth", "numchild", "established_on")),
    "members": (
        Member,
        (
            "cccd",
            "full_name",
            "sex",
            "birth_date",
            "party_card_number",
            "status",
            "organization__code",
            "admitted_on",
            "recognized_on",
            "permanent_address",
            "current_ward",
            "phone",
            "email",
            "introducers",
        ),
    ),
    "placements": (
        Placement,
        ("member__cccd", "organization__code", "kind", "valid_from", "valid_to"),
    ),
    "events": (
        MembershipEvent,
        (
            "member__cccd",
            "kind",
            "date",
            "document_number",
            "from_organization__code",
            "to_organization__code",
            "note",
        ),
    ),
    "followers": (
        Follower,
        ("committee__code", "cell__code", "member__cccd", "started_on", "ended_on", "decision"),
    ),
    "guests": (Guest, ("meeting__organization__code", "meeting__date", "member__cccd", "came")),
    "discipline": (
        DisciplineCase,
        (
            "subject_name",
            "organization__code",
            "breach_on",
            "status",
            "step",
            "penalty",
            "decision_number",
            "decision_on",
            "deferred_until",
            "closed_reason",
        ),
    ),  # fmt: skip
    "study": (
        Commitment,
        ("member__cccd", "year", "actions", "signed_on", "self_assessment", "cell_comment"),
    ),
}


# --- the tree -------------------------------------------------------------------------------


def test_small_tree_shape(demo):
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds == {
        OrgKind.SUPERIOR: 1,
        OrgKind.GRASSROOTS_COMMITTEE: 3,
        OrgKind.GRASSROOTS_CELL: 1,
        OrgKind.SUB_COMMITTEE: 1,
        OrgKind.CELL: 19,
    }
    root = Organization.objects.get(depth=1)
    assert (root.code, root.name, root.kind) == (N.ROOT_CODE, N.ROOT_NAME, OrgKind.SUPERIOR)
    assert list(Organization.objects.filter(depth=2).values_list("code", "name", "kind")) == [
        ("DUK-BK", "Đảng bộ Trường Đại học Bách khoa Hà Nội", "grassroots_committee"),
        ("DUK-KTQD", "Đảng bộ Trường Đại học Kinh tế Quốc dân", "grassroots_committee"),
        ("DUK-XD", "Đảng bộ Trường Đại học Xây dựng Hà Nội", "grassroots_committee"),
        ("DUK-CDDL", "Chi bộ Trường Cao đẳng Du lịch Hà Nội", "grassroots_cell"),
    ]
    cntt = Organization.objects.get(code="DUK-BK-CNTT")
    assert (cntt.name, cntt.kind, cntt.get_parent().code) == (
        "Chi bộ Khoa Công nghệ thông tin",
        OrgKind.CELL,
        "DUK-BK",
    )
    assert Organization.objects.filter(code="DUK-BK-CK", kind=OrgKind.SUB_COMMITTEE).exists()
    assert (
        Organization.objects.filter(code__startswith="DUK-BK-CK-", kind=OrgKind.CELL).count() == 2
    )
    assert (
        Organization.objects.filter(code__startswith="DUK-BK-SVK", kind=OrgKind.CELL).count() == 1
    )
    assert Organization.objects.filter(code="DUK-BK-HT", name="Chi bộ Hưu trí").exists()


def test_small_tree_is_valid(demo):
    assert Organization.find_problems() == ([], [], [], [], [])
    orgs = list(Organization.objects.all())
    by_path = {o.path: o for o in orgs}
    children = Counter(o.path[:-4] for o in orgs if o.depth > 1)
    for org in orgs:
        assert org.depth == len(org.path) // 4
        assert org.numchild == children[org.path], org.code
        if org.depth == 1:
            continue
        parent = by_path[org.path[:-4]]
        assert org.kind in ALLOWED_CHILDREN[OrgKind(parent.kind)]
        assert org.code.startswith(parent.code + "-")
    assert len({o.code for o in orgs}) == len(orgs)
    # one creation event and one open period per organization, naming its parent
    parent_of = {o.pk: by_path.get(o.path[:-4]) for o in orgs}
    events = list(OrganizationEvent.objects.all())
    assert len(events) == len(orgs)
    for ev in events:
        assert ev.kind == OrgEventKind.CREATED
        parent = parent_of[ev.organization_id]
        assert ev.to_parent_id == (parent.pk if parent else None)
    periods = list(OrganizationPeriod.objects.all())
    assert len(periods) == len(orgs)
    for p in periods:
        assert p.valid_to is None
        parent = parent_of[p.organization_id]
        assert p.parent_id == (parent.pk if parent else None)
    assert Organization.history.filter(history_type="+").count() == len(orgs)


# --- members --------------------------------------------------------------------------------


def test_small_members_placements_and_counts(demo):
    today = timezone.localdate()
    members = list(Member.objects.select_related("organization"))
    active = [m for m in members if m.status in ACTIVE_STATUSES]
    # ~300 active members; some more who have left (history)
    assert 295 <= len(active) <= 315
    assert 5 <= len(members) - len(active) <= 60
    placements: dict[int, list[Placement]] = {}
    for p in Placement.objects.filter(kind=PlacementKind.OFFICIAL).order_by("valid_from"):
        placements.setdefault(p.member_id, []).append(p)
    # temporary activity comes only from a received temporary transfer (the lifecycle demo)
    temporary = Placement.objects.filter(kind=PlacementKind.TEMPORARY)
    assert temporary.exists()
    assert not temporary.filter(transfer__isnull=True).exists()
    for m in members:
        assert m.organization.kind in CELL_KINDS
        mine = placements[m.pk]
        open_ = [p for p in mine if p.valid_to is None]
        if m.status in ACTIVE_STATUSES:
            assert len(open_) == 1, m
            assert open_[0].organization_id == m.organization_id
        else:
            assert open_ == []
            assert mine[-1].organization_id == m.organization_id
        for before, after in zip(mine, mine[1:], strict=False):
            assert before.valid_to == after.valid_from  # closed, then the next one
        assert mine[0].valid_from >= HISTORY_START
    # counts per child subtree on today's tree equal the active members below each child
    for org in Organization.objects.filter(numchild__gt=0):
        expected = {
            child.pk: Member.objects.active().in_subtree(child).count()
            for child in org.get_children()
        }
        assert member_counts_by_child(org, today) == expected, org.code
    assert sum(member_counts_by_child(Organization.objects.get(code="DUK"), today).values()) == (
        len(active)
    )
    # django-simple-history has one "created" record per member
    assert Member.history.filter(history_type="+").count() == len(members)


def test_small_member_statuses_and_events(demo):
    today = timezone.localdate()
    statuses = Counter(Member.objects.values_list("status", flat=True))
    assert set(statuses) <= set(MemberStatus.values)
    active = sum(statuses[s] for s in ACTIVE_STATUSES)
    assert statuses[MemberStatus.OFFICIAL] > 0.8 * active
    assert 0.02 * active <= statuses[MemberStatus.PROBATIONARY] <= 0.15 * active
    assert statuses[MemberStatus.EXEMPTED] >= 1
    assert statuses[MemberStatus.TRANSFERRED_OUT] >= 1
    events: dict[int, list[MembershipEvent]] = {}
    for ev in MembershipEvent.objects.order_by("date", "id"):
        events.setdefault(ev.member_id, []).append(ev)
    kinds = Counter(ev.kind for evs in events.values() for ev in evs)
    assert kinds[EventKind.MOVED] >= 1 and kinds[EventKind.ADMITTED] >= 1
    assert kinds[EventKind.RECOGNIZED] >= 1 and kinds[EventKind.REGISTERED] >= 1
    removal = {
        MemberStatus.TRANSFERRED_OUT: EventKind.TRANSFERRED_OUT,
        MemberStatus.STRUCK_OFF: EventKind.STRUCK_OFF,
        MemberStatus.DECEASED: EventKind.DECEASED,
    }
    year_ago = today - dt.timedelta(days=365)
    for m in Member.objects.all():
        mine = events[m.pk]
        assert mine[0].kind in (
            EventKind.ADMITTED,
            EventKind.REGISTERED,
            EventKind.TRANSFERRED_IN,
        )
        assert all(ev.date <= today for ev in mine)
        assert m.birth_date <= today and m.admitted_on <= today
        assert m.admitted_on >= add_years(m.birth_date, 18)
        if m.status == MemberStatus.PROBATIONARY:
            assert m.recognized_on is None and m.party_card_number is None
            # the lifecycle demo adds a few probations overdue for recognition (13–15 months)
            assert m.admitted_on > year_ago - dt.timedelta(days=90)
        if m.status in (MemberStatus.OFFICIAL, MemberStatus.EXEMPTED):
            assert m.recognized_on == add_years(m.admitted_on, 1) <= today
            assert m.party_card_number and len(m.party_card_number) == 8
        if m.status in removal:
            # a letter out of the system is followed by its returned slip (lifecycle demo)
            last = [ev for ev in mine if ev.kind not in LIFECYCLE_NOTES][-1]
            assert last.kind == removal[m.status]
            assert last.from_organization_id == m.organization_id
        if m.status == MemberStatus.EXEMPTED:
            assert EventKind.EXEMPTED in [ev.kind for ev in mine]
        placements = list(m.placements.filter(kind=PlacementKind.OFFICIAL).order_by("valid_from"))
        # moves inside the committee, and transfers received inside the system
        moves = [
            ev
            for ev in mine
            if ev.kind == EventKind.MOVED
            or (ev.kind == EventKind.TRANSFERRED_IN and ev.from_organization_id)
        ]
        assert len(placements) == len(moves) + 1
        for ev, (before, after) in zip(
            moves, zip(placements, placements[1:], strict=False), strict=True
        ):
            assert ev.date == before.valid_to == after.valid_from
            assert (ev.from_organization_id, ev.to_organization_id) == (
                before.organization_id,
                after.organization_id,
            )


def test_small_member_names_are_vietnamese(demo):
    families = {f for f, _ in N.FAMILY_NAMES}
    middles = {
        Sex.MALE: {m for m, _ in N.MIDDLE_NAMES_MALE},
        Sex.FEMALE: {m for m, _ in N.MIDDLE_NAMES_FEMALE},
    }
    givens = {Sex.MALE: set(N.GIVEN_NAMES_MALE), Sex.FEMALE: set(N.GIVEN_NAMES_FEMALE)}
    members = list(Member.objects.all())
    for m in members:
        assert m.full_name == f"{m.family_name} {m.middle_name} {m.given_name}"
        assert m.family_name in families
        assert m.middle_name in middles[m.sex], m.full_name
        assert m.given_name in givens[m.sex], m.full_name
        assert m.sort_key == name_sort_key(m.family_name, m.middle_name, m.given_name)
        assert m.search_text.startswith(fold(m.full_name))
    sexes = Counter(m.sex for m in members)
    assert 0.4 <= sexes[Sex.MALE] / len(members) <= 0.6
    assert Counter(m.family_name for m in members).most_common(1)[0][0] == "Nguyễn"
    assert sum(m.ethnicity == "Kinh" for m in members) >= 0.85 * len(members)
    # Vietnamese order in the database: by given name first
    ordered = list(Member.objects.vn_ordered().values_list("given_name", flat=True)[:5])
    assert ordered == sorted(ordered, key=lambda g: name_sort_key("", "", g))


def test_small_member_identity_and_ages(demo):
    today = timezone.localdate()
    province_codes = {code for code, _n, _new, _w in N.BIRTH_PROVINCES}
    hanoi_wards = {int(w.code) for w in Ward.iter_by_province(1)}
    members = list(Member.objects.select_related("organization"))
    cccds = [m.cccd for m in members]
    assert len(set(cccds)) == len(cccds)
    cards = [m.party_card_number for m in members if m.party_card_number]
    assert len(set(cards)) == len(cards)
    for m in members:
        assert len(m.cccd) == 12 and m.cccd.isdigit()
        assert int(m.cccd[:3]) in province_codes
        century = 0 if m.birth_date.year < 2000 else 2
        assert int(m.cccd[3]) == century + (m.sex == Sex.FEMALE)
        assert m.cccd[4:6] == f"{m.birth_date.year % 100:02d}"
        assert m.current_province == 1 and m.current_ward in hanoi_wards
        assert m.permanent_ward and m.hometown_province
        age = (today - m.birth_date).days / 365.25
        code = m.organization.code
        if "-SV" in code:
            assert 19 <= age < 25, (m, age)
            assert m.occupation == "Sinh viên"
        elif code.endswith("-HT"):
            assert 56 < age < 90
        elif m.status in ACTIVE_STATUSES:
            assert 24 <= age < 66, (m, age)


def test_same_seed_same_data_other_seed_other_data(demo):
    first = snapshot(**DEMO_DATA)
    assert len(first["members"]) > 300
    wipe()
    small_demo(1)
    assert snapshot(**DEMO_DATA) == first
    wipe()
    small_demo(2)
    other = snapshot(**DEMO_DATA)
    assert other["orgs"] != first["orgs"] or other["members"] != first["members"]
    assert {m[0] for m in other["members"]} != {m[0] for m in first["members"]}


# --- accounts and options ---------------------------------------------------------------------


def test_demo_accounts_and_their_scope(demo):
    User = get_user_model()
    for username, role, code, password, _title in PERSONAS:
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert list(
            RoleAssignment.objects.current()
            .filter(user=user)
            .values_list("organization__code", "role")
        ) == [(code, role)]
        org = Organization.objects.get(code=code)
        visible = set(Organization.objects.visible_to(user).values_list("code", flat=True))
        assert visible == set(Organization.objects.subtree(org).values_list("code", flat=True))
        assert Member.objects.visible_to(user).count() == Member.objects.in_subtree(org).count()
    assert Organization.objects.visible_to(User.objects.get(username="vanphong")).count() == 25
    assert set(
        Organization.objects.visible_to(User.objects.get(username="bithu_cntt")).values_list(
            "code", flat=True
        )
    ) == {"DUK-BK-CNTT"}
    assert "thu-nghiem-vanphong" in demo and "Tên đăng nhập" in demo


def test_demo_accounts_command_resets_passwords(demo):
    User = get_user_model()
    user = User.objects.get(username="bithu_bk")
    user.set_password("something-else")
    user.save()
    out = run("demo_accounts")
    user.refresh_from_db()
    assert user.check_password("thu-nghiem-bithu-bk")
    for username, _role, code, password, _title in PERSONAS:
        assert username in out and code in out and password in out
    assert RoleAssignment.objects.filter(user=user).count() == 1


def test_demo_accounts_needs_the_demo(db):
    with pytest.raises(CommandError):
        run("demo_accounts")


def test_if_empty_and_refusal(demo):
    n_orgs, n_members = Organization.objects.count(), Member.objects.count()
    out = small_demo(5, "--if-empty")
    assert "bỏ qua" in out
    assert (Organization.objects.count(), Member.objects.count()) == (n_orgs, n_members)
    with pytest.raises(CommandError):
        small_demo(5)


def test_orgs_only(db):
    small_demo(1, "--orgs-only")
    assert Organization.objects.count() == 25
    assert not Member.objects.exists()
    assert get_user_model().objects.filter(username__in=[p[0] for p in PERSONAS]).count() == 3


def test_city_path_at_a_tiny_scale(db):
    out = run("demo", "--size", "city", "--scale", "0.005", "--seed", "4")
    assert "Xong" in out
    assert Organization.find_problems() == ([], [], [], [], [])
    root = Organization.objects.get(depth=1)
    assert root.code == "HN"
    for code in ("DUK", "DUK-BK", "DUK-BK-CNTT"):
        assert Organization.objects.filter(code=code).exists()
    today = timezone.localdate()
    counts = member_counts_by_child(root, today)
    for child in root.get_children():
        assert counts[child.pk] == Member.objects.active().in_subtree(child).count()
    assert Organization.objects.filter(
        kind=OrgKind.GRASSROOTS_CELL, code__startswith="HN-"
    ).exists()
