"""Organization pages: tree, children fragment, detail and actions, for each persona."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from coso.accounts.models import RoleAssignment
from coso.members.services import organizations as reorganization
from coso.orgs import services
from coso.orgs.models import Organization, OrganizationEvent
from tests.helpers import make_member, refused, snapshot, verified_login

D = dt.date
TODAY = dt.date.today().strftime("%d/%m/%Y")


def vi(msgid, **params):
    """The message as the (Vietnamese) page shows it, escaped like the template does."""
    with translation.override("vi"):
        text = gettext(msgid)
    return escape(text % params if params else text)


def node(code, members):
    return f'id="org-{code}" data-code="{code}" data-members="{members}"'


def fresh(org):
    return Organization.objects.get(pk=org.pk)


def post(client, name, code, data):
    """The POST of `data` to the action `name` of the organization `code`, for `refused()`."""
    return lambda: client.post(reverse(name, args=[code]), data)


def login(client, user):
    verified_login(client, user)
    return client


@pytest.fixture
def viewer(tree, django_user_model):
    """A plain member role on DUK-KT: sees it, may change nothing."""
    user = django_user_model.objects.create_user("dangvien_kt", password="x")
    RoleAssignment.objects.create(
        user=user, organization=tree["DUK-KT"], role="member", valid_from=D(2020, 1, 1)
    )
    return user


# --- tree ----------------------------------------------------------------------------------


def test_tree_requires_login(client, tree):
    response = client.get(reverse("org_tree"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_tree_office_starts_at_the_bloc(client, personas, members):
    response = login(client, personas["office"]).get(reverse("org_tree"))
    assert response.status_code == 200
    html = response.content.decode()
    assert node("DUK", 7) in html
    assert node("DUK-BK", 5) in html
    assert node("DUK-KT", 2) in html
    assert "Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội" in html
    # DUK-BK's children come by htmx on demand
    assert f'hx-get="{reverse("org_children", args=["DUK-BK"])}"' in html
    assert "DUK-BK-CNTT" not in html


def test_tree_grassroots_secretary_starts_at_the_committee(client, personas, members):
    html = login(client, personas["bk_secretary"]).get(reverse("org_tree")).content.decode()
    assert node("DUK-BK", 5) in html
    assert node("DUK-BK-CNTT", 3) in html
    assert node("DUK-BK-CK", 2) in html
    assert 'data-code="DUK"' not in html
    assert "DUK-KT" not in html


def test_tree_cell_secretary_sees_only_the_cell(client, personas, members):
    html = login(client, personas["cell_secretary"]).get(reverse("org_tree")).content.decode()
    assert node("DUK-BK-CNTT", 3) in html
    assert "DUK-BK-CK" not in html
    assert 'data-code="DUK-BK"' not in html


def test_tree_shows_dissolved_orgs_greyed_with_date(client, personas, members):
    empty = services.create_organization(
        fresh(personas["office"].role_assignments.get().organization),
        code="DUK-CU", name="Chi bộ Trường cũ", kind="grassroots_cell", established_on=D(2016, 1, 1),
    )  # fmt: skip
    reorganization.dissolve_organization(empty, date=D(2023, 8, 15))
    html = login(client, personas["office"]).get(reverse("org_tree")).content.decode()
    assert 'class="org-node dissolved" id="org-DUK-CU"' in html
    assert vi("Dissolved on %(date)s") % {"date": "15/08/2023"} in html


def test_tree_search_ignores_accents(client, personas, members):
    client = login(client, personas["office"])
    html = client.get(reverse("org_tree"), {"q": "cong nghe"}).content.decode()
    assert node("DUK-BK-CNTT", 3) in html
    assert 'data-code="DUK-BK-CK"' not in html
    html = client.get(reverse("org_tree"), {"q": "ĐẠI HỌC bach khoa"}).content.decode()
    assert node("DUK-BK", 5) in html
    assert 'data-code="DUK-KT"' not in html
    html = client.get(reverse("org_tree"), {"q": "bk-ck"}).content.decode()
    assert node("DUK-BK-CK", 2) in html


def test_tree_search_stays_in_scope(client, personas, members):
    client = login(client, personas["cell_secretary"])
    html = client.get(reverse("org_tree"), {"q": "chi bo"}).content.decode()
    assert node("DUK-BK-CNTT", 3) in html
    assert "DUK-BK-CK" not in html
    assert "DUK-KT" not in html


def test_tree_kind_filter_lists_that_kind(client, personas, members):
    client = login(client, personas["bk_secretary"])
    html = client.get(reverse("org_tree"), {"kind": "cell"}).content.decode()
    assert node("DUK-BK-CNTT", 3) in html
    assert node("DUK-BK-CK", 2) in html
    assert 'data-code="DUK-BK"' not in html
    html = client.get(reverse("org_tree"), {"kind": "grassroots_cell"}).content.decode()
    assert "DUK-KT" not in html


# --- children fragment -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["office", "bk_secretary"])
def test_children_fragment(client, personas, members, persona):
    response = login(client, personas[persona]).get(reverse("org_children", args=["DUK-BK"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.index(node("DUK-BK-CNTT", 3)) < html.index(node("DUK-BK-CK", 2))


@pytest.mark.parametrize(
    "persona,code",
    [("bk_secretary", "DUK"), ("bk_secretary", "DUK-KT"), ("cell_secretary", "DUK-BK")],
)
def test_children_fragment_outside_scope_is_404(client, personas, members, persona, code):
    response = login(client, personas[persona]).get(reverse("org_children", args=[code]))
    assert response.status_code == 404


def test_children_fragment_of_a_leaf(client, personas, members):
    response = login(client, personas["cell_secretary"]).get(
        reverse("org_children", args=["DUK-BK-CNTT"])
    )
    assert response.status_code == 200
    assert vi("No sub-organizations.") in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_tree_and_fragment_queries_do_not_grow_with_children(client, personas, members):
    client = login(client, personas["office"])
    duk, bk = Organization.objects.get(code="DUK"), Organization.objects.get(code="DUK-BK")
    tree_2, _ = _queries(client, reverse("org_tree"))
    fragment_2, _ = _queries(client, reverse("org_children", args=["DUK-BK"]))
    for i in range(8):
        cell = services.create_organization(
            fresh(duk), code=f"DUK-T{i}", name=f"Chi bộ Trường {i}", kind="grassroots_cell",
            established_on=D(2016, 1, 1),
        )  # fmt: skip
        make_member(cell, f"Mới{i}")
        sub = services.create_organization(
            fresh(bk), code=f"DUK-BK-C{i}", name=f"Chi bộ {i}", kind="cell",
            established_on=D(2016, 1, 1),
        )  # fmt: skip
        make_member(sub, f"Khác{i}")
    assert fresh(duk).numchild == 10 and fresh(bk).numchild == 10
    tree_10, html = _queries(client, reverse("org_tree"))
    assert node("DUK-T7", 1) in html
    assert node("DUK-BK", 13) in html
    fragment_10, html = _queries(client, reverse("org_children", args=["DUK-BK"]))
    assert node("DUK-BK-C7", 1) in html
    assert tree_10 == tree_2
    assert fragment_10 == fragment_2


def test_a_cells_page_asks_the_same_queries_for_2_places_to_move_to_as_for_10(
    client, personas, members
):
    """The move form suggests the committees a cell may move under: their paths come with
    them (each one's path was read by a query of its own: 84 on a bloc cell's page)."""
    client = login(client, personas["office"])
    url = reverse("org_detail", args=["DUK-BK-CNTT"])
    client.get(url)  # the first request fills the per-process caches (the menu)
    few, html = _queries(client, url)
    duk = Organization.objects.get(code="DUK")
    for i in range(8):
        services.create_organization(
            fresh(duk), code=f"DUK-G{i}", name=f"Đảng bộ Trường {i}",
            kind="grassroots_committee", established_on=D(2016, 1, 1),
        )  # fmt: skip
    many, html = _queries(client, url)
    assert html.count('<option value="DUK-G') == 8
    assert many == few


def test_subtree_filter_keeps_exactly_the_subtree(client, personas, members):
    """On SQLite `path__startswith` is written as a range on the path index (a LIKE there
    cannot use it); the rows are those whose path starts with the prefix, on both databases."""
    everything = list(Organization.objects.all())
    for org in everything:
        expected = sorted(o.code for o in everything if o.path.startswith(org.path))
        assert sorted(Organization.objects.subtree(org).values_list("code", flat=True)) == expected
    duk = Organization.objects.get(code="DUK")
    with CaptureQueriesContext(connection) as ctx:
        list(Organization.objects.subtree(duk))
    sql = ctx.captured_queries[0]["sql"]
    if connection.vendor == "sqlite":
        assert '"orgs_organization"."path" >= ' in sql and "LIKE" not in sql
    else:
        assert "LIKE" in sql
    # anything outside the path alphabet keeps the plain LIKE (and its escaping)
    assert not Organization.objects.filter(path__startswith="%").exists()
    assert not Organization.objects.filter(path__startswith="0001_").exists()


# --- detail --------------------------------------------------------------------------------


def test_detail_for_office(client, personas, members):
    response = login(client, personas["office"]).get(reverse("org_detail", args=["DUK-BK-CK"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="">Chi bộ Khoa Cơ khí</h1>' in html
    assert "DUK-BK-CK" in html
    assert vi("Cell") in html
    assert "01/01/2015" in html  # established on, dd/mm/yyyy
    assert re.search(r'id="official-count">2<', html)
    # the warning from the service
    assert vi(
        "The cell has %(n)d official members, fewer than %(min)d: it cannot validly vote; add members or merge it.",
        n=2, min=3,
    ) in html  # fmt: skip
    # members in Vietnamese order (Ánh before Bình), linking to their pages
    anh = members["anh"]
    assert html.index("Phạm Thị Ánh") < html.index("Lê Văn Bình")
    assert f'href="{reverse("member_detail", args=[anh.pk])}"' in html
    assert f'href="{reverse("member_list")}?organization=DUK-BK-CK"' in html
    # history
    assert 'class="event-created"' in html
    # the office may restructure it
    for name in ("org_rename", "org_move", "org_merge", "org_dissolve", "org_create_child"):
        assert f'action="{reverse(name, args=["DUK-BK-CK"])}"' in html
    assert 'value="DUK-BK-CNTT"' in html  # merge suggestion


def test_detail_of_a_committee_lists_children_and_subtree_members(client, personas, members):
    response = login(client, personas["bk_secretary"]).get(reverse("org_detail", args=["DUK-BK"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert node("DUK-BK-CNTT", 3) in html
    assert node("DUK-BK-CK", 2) in html
    # five members of the subtree in Vietnamese order: An, Ánh, Bình, Đức, Hoa
    names = ["Nguyễn Văn An", "Phạm Thị Ánh", "Lê Văn Bình", "Trần Minh Đức", "Nguyễn Thị Hoa"]
    positions = [html.index(f">{n}</a>") for n in names]
    assert positions == sorted(positions)
    assert re.search(r'id="official-count">5<', html)


def test_detail_of_cell_for_cell_secretary(client, personas, members):
    response = login(client, personas["cell_secretary"]).get(
        reverse("org_detail", args=["DUK-BK-CNTT"])
    )
    assert response.status_code == 200
    html = response.content.decode()
    names = ["Nguyễn Văn An", "Trần Minh Đức", "Nguyễn Thị Hoa"]
    positions = [html.index(f">{n}</a>") for n in names]
    assert positions == sorted(positions)
    assert 'id="warnings"' not in html
    # the parent is outside the cell secretary's scope: no link to it
    assert f'href="{reverse("org_detail", args=["DUK-BK"])}"' not in html
    # a cell's secretary may add a group to it, but restructuring the cell is for the committee above
    assert f'action="{reverse("org_create_child", args=["DUK-BK-CNTT"])}"' in html
    for name in ("org_rename", "org_move", "org_merge", "org_dissolve"):
        assert f'action="{reverse(name, args=["DUK-BK-CNTT"])}"' not in html


@pytest.mark.parametrize(
    "persona,code",
    [
        ("bk_secretary", "DUK"),
        ("bk_secretary", "DUK-KT"),
        ("cell_secretary", "DUK-BK"),
        ("cell_secretary", "DUK-BK-CK"),
        ("cell_secretary", "NO-SUCH-CODE"),
    ],
)
def test_detail_outside_scope_is_404(client, personas, members, persona, code):
    response = login(client, personas[persona]).get(reverse("org_detail", args=[code]))
    assert response.status_code == 404


def test_detail_for_a_viewer_has_no_actions(client, viewer, members):
    response = login(client, viewer).get(reverse("org_detail", args=["DUK-KT"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoàng Văn Dũng" in html
    assert 'id="actions"' not in html
    assert '<form method="post" action="/organizations/' not in html


def test_detail_shows_history_of_rename_and_merge(client, personas, members):
    ck, cntt = (
        Organization.objects.get(code="DUK-BK-CK"),
        Organization.objects.get(code="DUK-BK-CNTT"),
    )
    services.rename_organization(ck, name="Chi bộ Cơ khí mới", date=D(2022, 2, 3))
    reorganization.merge_organizations(
        fresh(ck), into=cntt, date=D(2024, 1, 1), decision_number="7-QĐ"
    )
    client = login(client, personas["bk_secretary"])
    html = client.get(reverse("org_detail", args=["DUK-BK-CK"])).content.decode()
    assert "03/02/2022" in html and "Chi bộ Cơ khí mới" in html
    assert 'class="event-merged"' in html and "7-QĐ" in html
    assert 'id="dissolved-notice"' in html and "01/01/2024" in html
    assert 'id="actions"' not in html  # a dissolved organization is not restructured
    html = client.get(reverse("org_detail", args=["DUK-BK-CNTT"])).content.decode()
    assert 'class="event-merged"' in html  # the merge shows on the taking side too
    assert node("DUK-BK-CK", 0).replace('class="', "") not in html  # not a child of CNTT


# --- actions: success ----------------------------------------------------------------------


def test_office_renames_a_cell(client, personas, members):
    client = login(client, personas["office"])
    url = reverse("org_rename", args=["DUK-BK-CK"])
    response = client.post(
        url, {"rename-name": "Chi bộ Khoa Cơ khí Động lực", "rename-short_name": "CKĐL",
              "rename-date": "01/03/2024", "rename-decision_number": "15-QĐ/ĐU"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("org_detail", args=["DUK-BK-CK"])
    ck = Organization.objects.get(code="DUK-BK-CK")
    assert (ck.name, ck.short_name) == ("Chi bộ Khoa Cơ khí Động lực", "CKĐL")
    event = OrganizationEvent.objects.get(organization=ck, kind="renamed")
    assert (event.date, event.decision_number, event.actor) == (
        D(2024, 3, 1), "15-QĐ/ĐU", personas["office"],
    )  # fmt: skip
    html = client.get(response["Location"]).content.decode()
    assert vi("%(old)s has been renamed to %(new)s.", old="Chi bộ Khoa Cơ khí",
              new="Chi bộ Khoa Cơ khí Động lực") in html  # fmt: skip


def test_bk_secretary_creates_moves_merges_and_dissolves(client, personas, members):
    client = login(client, personas["bk_secretary"])
    # create a sub-committee under the grassroots committee
    response = client.post(
        reverse("org_create_child", args=["DUK-BK"]),
        {"create-kind": "sub_committee", "create-code": "DUK-BK-K1",
         "create-name": "Đảng bộ bộ phận Khối 1", "create-established_on": "02/01/2024",
         "create-decision_number": "1-QĐ/ĐU"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("org_detail", args=["DUK-BK-K1"])
    k1 = Organization.objects.get(code="DUK-BK-K1")
    assert (k1.kind, k1.get_parent().code, k1.established_on) == (
        "sub_committee", "DUK-BK", D(2024, 1, 2),
    )  # fmt: skip
    # move the CK cell under it
    response = client.post(
        reverse("org_move", args=["DUK-BK-CK"]),
        {"move-new_parent": "DUK-BK-K1", "move-date": "03/01/2024"},
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="DUK-BK-CK").get_parent() == k1
    assert OrganizationEvent.objects.filter(kind="moved", to_parent=k1).count() == 1
    # merge CK into CNTT
    response = client.post(
        reverse("org_merge", args=["DUK-BK-CK"]),
        {"merge-into": "DUK-BK-CNTT", "merge-date": "04/01/2024"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("org_detail", args=["DUK-BK-CNTT"])
    assert Organization.objects.get(code="DUK-BK-CK").dissolved_on == D(2024, 1, 4)
    assert members["binh"].__class__.objects.filter(organization__code="DUK-BK-CNTT").count() == 5
    # dissolve the now empty sub-committee
    response = client.post(
        reverse("org_dissolve", args=["DUK-BK-K1"]),
        {"dissolve-date": "05/01/2024", "dissolve-confirm": "on"},
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="DUK-BK-K1").dissolved_on == D(2024, 1, 5)
    html = client.get(response["Location"]).content.decode()
    assert vi("%(name)s has been dissolved on %(date)s.", name="Đảng bộ bộ phận Khối 1",
              date="05/01/2024") in html  # fmt: skip


def test_cell_secretary_cannot_restructure_own_cell_but_creates_a_group(client, personas, members):
    client = login(client, personas["cell_secretary"])
    before = Organization.objects.get(code="DUK-BK-CNTT")
    response = client.post(
        reverse("org_rename", args=["DUK-BK-CNTT"]),
        {"rename-name": "Chi bộ Trường CNTT", "rename-date": TODAY},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("org_dissolve", args=["DUK-BK-CNTT"]),
        {"dissolve-date": TODAY, "dissolve-confirm": "on"},
    )
    assert response.status_code == 404
    after = Organization.objects.get(code="DUK-BK-CNTT")
    assert (after.name, after.dissolved_on) == (before.name, None)
    assert not OrganizationEvent.objects.filter(organization=after).exclude(kind="created").exists()
    # the grassroots committee above may rename it
    client = login(client, personas["bk_secretary"])
    response = client.post(
        reverse("org_rename", args=["DUK-BK-CNTT"]),
        {"rename-name": "Chi bộ Trường CNTT", "rename-date": TODAY},
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="DUK-BK-CNTT").name == "Chi bộ Trường CNTT"
    client = login(client, personas["cell_secretary"])
    response = client.post(
        reverse("org_create_child", args=["DUK-BK-CNTT"]),
        {"create-kind": "group", "create-code": "DUK-BK-CNTT-T1", "create-name": "Tổ đảng 1",
         "create-established_on": TODAY},
    )  # fmt: skip
    assert response.status_code == 302
    assert Organization.objects.get(code="DUK-BK-CNTT-T1").get_parent().code == "DUK-BK-CNTT"


def test_action_urls_accept_post_only(client, personas, members):
    client = login(client, personas["office"])
    for name in ("org_rename", "org_move", "org_merge", "org_dissolve", "org_create_child"):
        assert client.get(reverse(name, args=["DUK-BK-CK"])).status_code == 405


# --- actions: outside scope and refusals -----------------------------------------------------


RENAME = {"rename-name": "Tên mới", "rename-date": "01/03/2024"}


@pytest.mark.parametrize(
    "persona,name,code,data",
    [
        ("bk_secretary", "org_rename", "DUK-KT", RENAME),
        ("bk_secretary", "org_rename", "DUK", RENAME),
        ("bk_secretary", "org_dissolve", "DUK-KT", {"dissolve-date": TODAY, "dissolve-confirm": "on"}),
        ("cell_secretary", "org_rename", "DUK-BK-CK", RENAME),
        ("cell_secretary", "org_merge", "DUK-BK-CK", {"merge-into": "DUK-BK-CNTT", "merge-date": TODAY}),
        ("cell_secretary", "org_move", "DUK-BK", {"move-new_parent": "DUK", "move-date": TODAY}),
        ("cell_secretary", "org_create_child", "DUK-BK",
         {"create-kind": "cell", "create-code": "DUK-BK-Z", "create-name": "Z",
          "create-established_on": TODAY}),
        ("viewer", "org_rename", "DUK-KT", RENAME),
    ],
)  # fmt: skip
def test_actions_outside_edit_scope_are_404(
    client, personas, viewer, members, persona, name, code, data
):
    user = viewer if persona == "viewer" else personas[persona]
    before = snapshot()
    response = login(client, user).post(reverse(name, args=[code]), data)
    assert response.status_code == 404
    assert snapshot() == before


def test_target_outside_scope_is_refused(client, personas, members):
    client = login(client, personas["bk_secretary"])
    html = refused(
        post(client, "org_merge", "DUK-BK-CNTT", {"merge-into": "DUK-KT", "merge-date": TODAY}),
        vi("There is no organization with the code %(code)s that you can change.", code="DUK-KT"),
        status=200,
    ).text
    assert '<details class="card mb-3 action" id="action-merge" open>' in html
    client = login(client, personas["bk_secretary"])
    refused(
        post(client, "org_move", "DUK-BK-CK", {"move-new_parent": "DUK", "move-date": TODAY}),
        vi("There is no organization with the code %(code)s that you can change.", code="DUK"),
        status=200,
    )


def test_service_refusals_show_on_the_form(client, personas, members):
    client = login(client, personas["office"])
    refused(
        post(client, "org_move", "DUK-BK", {"move-new_parent": "DUK-BK-CNTT", "move-date": TODAY}),
        vi("An organization cannot be moved under itself or its own sub-unit."),
        status=200,
    )
    refused(
        post(client, "org_merge", "DUK-BK", {"merge-into": "DUK-BK-CNTT", "merge-date": TODAY}),
        vi("An organization cannot be merged into itself or its own sub-unit."),
        status=200,
    )
    refused(
        post(
            client,
            "org_dissolve",
            "DUK-BK-CNTT",
            {"dissolve-date": TODAY, "dissolve-confirm": "on"},
        ),
        vi(
            "The organization still holds %(n)d active members: move them before dissolving it.",
            n=3,
        ),
        status=200,
    )
    with translation.override("vi"):
        child, parent = gettext("Cell").lower(), gettext("Grassroots cell").lower()
    refused(
        post(client, "org_move", "DUK-BK-CK", {"move-new_parent": "DUK-KT", "move-date": TODAY}),
        vi("A %(child)s cannot be placed under a %(parent)s.", child=child, parent=parent),
        status=200,
    )
    refused(
        post(
            client,
            "org_create_child",
            "DUK-BK",
            {
                "create-kind": "cell",
                "create-code": "DUK-BK-CK",
                "create-name": "Trùng mã",
                "create-established_on": TODAY,
            },
        ),
        vi("The code %(code)s is already in use.", code="DUK-BK-CK"),
        status=200,
    )
    future = (dt.date.today() + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    refused(
        post(client, "org_rename", "DUK-BK-CK", {"rename-name": "Tên mới", "rename-date": future}),
        vi("The date cannot be in the future."),
        status=200,
    )


def test_form_errors_change_nothing(client, personas, members):
    client = login(client, personas["office"])
    # a sub-committee is not a kind a cell may hold: not even offered
    html = refused(
        post(
            client,
            "org_create_child",
            "DUK-BK-CNTT",
            {
                "create-kind": "sub_committee",
                "create-code": "X",
                "create-name": "X",
                "create-established_on": TODAY,
            },
        ),
        vi(
            "Select a valid choice. %(value)s is not one of the available choices.",
            value="sub_committee",
        ),
        status=200,
    ).text
    assert '<details class="card mb-3 action" id="action-create" open>' in html
    refused(
        post(client, "org_dissolve", "DUK-BK-CK", {"dissolve-date": TODAY}),
        vi("Tick the box to confirm the dissolution."),
        status=200,
    )
    refused(
        post(
            client, "org_rename", "DUK-BK-CK", {"rename-name": "Tên", "rename-date": "31/02/2024"}
        ),
        vi("Enter the date as day/month/year, for example 31/12/2025."),
        status=200,
    )


def test_actions_on_a_dissolved_org_are_refused(client, personas, members):
    empty = services.create_organization(
        Organization.objects.get(code="DUK-BK"), code="DUK-BK-X", name="Chi bộ X", kind="cell",
        established_on=D(2020, 1, 1),
    )  # fmt: skip
    reorganization.dissolve_organization(empty, date=D(2024, 1, 1))
    client = login(client, personas["bk_secretary"])
    refused(
        post(client, "org_rename", "DUK-BK-X", RENAME),
        vi("This organization has been dissolved; it can no longer be changed."),
        status=200,
    )


# --- as deployed, outside a wrapping transaction (CI runs these on SQLite and PostgreSQL) ---


@pytest.mark.django_db(transaction=True)
def test_rename_on_the_page(client, personas, members):
    test_office_renames_a_cell(client, personas, members)


@pytest.mark.django_db(transaction=True)
def test_create_move_merge_and_dissolve_on_the_pages(client, personas, members):
    test_bk_secretary_creates_moves_merges_and_dissolves(client, personas, members)


@pytest.mark.django_db(transaction=True)
def test_refusals_on_the_pages_change_nothing(client, personas, members):
    test_form_errors_change_nothing(client, personas, members)
