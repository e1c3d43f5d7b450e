import datetime as dt

from coso.accounts.models import RoleAssignment
from coso.accounts.scope import scope_paths
from coso.members.models import Member
from coso.orgs.models import Organization
from tests.helpers import make_member


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_office_sees_everything(personas, members):
    office = personas["office"]
    assert codes(Organization.objects.visible_to(office)) == [
        "DUK",
        "DUK-BK",
        "DUK-BK-CK",
        "DUK-BK-CNTT",
        "DUK-KT",
    ]
    assert Member.objects.visible_to(office).count() == 7


def test_grassroots_secretary_sees_subtree(personas, members):
    u = personas["bk_secretary"]
    assert codes(Organization.objects.visible_to(u)) == ["DUK-BK", "DUK-BK-CK", "DUK-BK-CNTT"]
    assert Member.objects.visible_to(u).count() == 5


def test_cell_secretary_sees_only_cell(personas, members):
    u = personas["cell_secretary"]
    assert codes(Organization.objects.visible_to(u)) == ["DUK-BK-CNTT"]
    assert sorted(Member.objects.visible_to(u).values_list("given_name", flat=True)) == [
        "An",
        "Hoa",
        "Đức",
    ]
    assert sorted(Member.objects.editable_by(u).values_list("given_name", flat=True)) == [
        "An",
        "Hoa",
        "Đức",
    ]


def test_plain_member_role_views_but_does_not_edit(tree, members, django_user_model):
    user = django_user_model.objects.create_user("dv", password="x")
    RoleAssignment.objects.create(user=user, organization=tree["DUK-KT"], role="member")
    # names and cells only: no record (`visible_to`) but both listed
    assert Member.objects.visible_to(user).count() == 0
    assert Member.objects.listed_for(user).count() == 2
    assert Member.objects.editable_by(user).count() == 0


def test_expired_assignment_gives_nothing(tree, members, django_user_model):
    user = django_user_model.objects.create_user("cu", password="x")
    RoleAssignment.objects.create(
        user=user,
        organization=tree["DUK"],
        role="staff",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2021, 1, 1),
    )
    assert scope_paths(user, edit=False) == []
    assert Member.objects.visible_to(user).count() == 0


def test_anonymous_sees_nothing(members):
    from django.contrib.auth.models import AnonymousUser

    assert Member.objects.visible_to(AnonymousUser()).count() == 0
    assert Organization.objects.visible_to(AnonymousUser()).count() == 0


def test_restructuring_reaches_only_below_the_role(personas, members):
    assert codes(Organization.objects.restructurable_by(personas["cell_secretary"])) == []
    assert codes(Organization.objects.restructurable_by(personas["bk_secretary"])) == [
        "DUK-BK-CK",
        "DUK-BK-CNTT",
    ]
    assert codes(Organization.objects.restructurable_by(personas["office"])) == [
        "DUK-BK",
        "DUK-BK-CK",
        "DUK-BK-CNTT",
        "DUK-KT",
    ]


def test_a_scope_over_the_whole_tree_needs_no_path_test(personas, members, tree):
    from coso.orgs import services as org_services

    office = personas["office"]
    everyone = set(Member.objects.values_list("pk", flat=True))
    whole = Member.objects.visible_to(office)
    assert "path" not in str(whole.query)  # no join to the organizations
    assert set(whole.values_list("pk", flat=True)) == everyone
    # another root appears: the office's scope no longer covers the tree
    other = org_services.create_organization(
        None, code="KHAC", name="Đảng bộ khác", kind="superior", established_on=dt.date(2015, 1, 1)
    )
    cell = org_services.create_organization(
        other,
        code="KHAC-1",
        name="Chi bộ cơ sở 1",
        kind="grassroots_cell",
        established_on=dt.date(2015, 1, 1),
    )
    outsider = make_member(cell, "Ngoài")
    office = type(office).objects.get(pk=office.pk)  # a new request: scope read afresh
    scoped = Member.objects.visible_to(office)
    assert "path" in str(scoped.query)
    assert set(scoped.values_list("pk", flat=True)) == everyone
    assert outsider.pk not in set(Member.objects.editable_by(office).values_list("pk", flat=True))
    # restructuring keeps its own test: the root itself is not the office's to restructure
    assert tree["DUK"] not in Organization.objects.restructurable_by(office)
