"""The year's results by organization: members and organizations by decided grade per child
organization and in total, the share GOOD or better against Plan 74's target, last year's,
in three queries; the page, its export and the API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from coso.evaluation import services, totals
from coso.evaluation.models import Evaluation, GradeTotal
from coso.evaluation.queries import year_results
from coso.evaluation.results_api import ResultsSerializer, payload
from coso.evaluation.services import Dates, GradeRow
from coso.evaluation.totals import COLUMNS
from coso.orgs import services as org_services
from coso.orgs.models import Organization
from tests.evaluation.grading_setup import cell_reports, open_year
from tests.helpers import client_for, make_member, queries

POINTS = {"good": 80, "complete": 60}


def _grade(period, unit, grades: dict):
    year = period.year
    rows = [
        GradeRow(line=i, member=m, form="2A", self_grade=g, proposed_grade=g, grade=g,
                 score=Decimal(POINTS[g]) if year >= 2025 else None)
        for i, (m, g) in enumerate(grades.items(), start=2)
    ]  # fmt: skip
    services.grade_members(
        period, unit, rows, number=f"{year}-QĐ/ĐU",
        dates=Dates(dt.date(year, 12, 2), dt.date(year, 12, 10), dt.date(year, 12, 20)),
    )  # fmt: skip


@pytest.fixture
def graded(tree, members):
    m = members
    y25 = open_year(tree["DUK"], 2025)
    cell_reports(y25, tree["DUK-BK-CNTT"], tree["DUK-BK-CK"], tree["DUK-KT"])
    _grade(y25, tree["DUK-BK"], {m["an"]: "good", m["duc"]: "good", m["hoa"]: "good",
                                 m["binh"]: "complete", m["anh"]: "good"})  # fmt: skip
    _grade(y25, tree["DUK-KT"], {m["dung"]: "good", m["an2"]: "good"})
    for code, grade in (("DUK-BK-CNTT", "good"), ("DUK-BK-CK", "complete")):
        ev = Evaluation.objects.get(
            period=y25, organization=tree[code], subject_kind="organization"
        )
        services.review(ev, grade=grade, on=dt.date(2025, 12, 10))
    services.decide_grades(y25, tree["DUK-BK"], kind="organization", on=dt.date(2025, 12, 21),
                           number="2-QĐ/ĐU")  # fmt: skip
    y24 = open_year(tree["DUK"], 2024)
    cell_reports(y24, tree["DUK-BK-CNTT"], tree["DUK-BK-CK"])
    _grade(y24, tree["DUK-BK"], {m[k]: "good" for k in ("an", "duc", "hoa", "binh", "anh")})
    return y25


def _figures(line):
    return (line.organization.code, line.members.graded, line.members.grades,
            line.members.pending, line.members.percent, line.last_members.percent,
            line.members_change, line.organizations.graded, line.organizations.percent,
            line.below_target)  # fmt: skip


G = {"excellent": 0, "good": 0, "complete": 0, "incomplete": 0}


def test_results_by_child_with_last_year_and_the_target(tree, graded):
    found = year_results(tree["DUK"], 2025)
    assert (found.target, found.legal_basis[:14]) == (Fraction(9, 10), "KH 74-KH/ĐUK (")
    assert found.target_percent == 90
    assert [_figures(line) for line in found.lines] == [
        ("DUK-BK", 5, {**G, "good": 4, "complete": 1}, 0, 80.0, 100.0, -20.0, 2, 50.0, True),
        # KT's own report is not decided yet: no organization graded, one pending
        ("DUK-KT", 2, {**G, "good": 2}, 0, 100.0, None, None, 0, None, False),
    ]
    total = found.total
    assert (total.members.graded, total.members.good_or_better, total.members.percent,
            total.last_members.percent, total.organizations.graded) == (
        7, 6, 85.7, 100.0, 2)  # fmt: skip
    assert (total.organizations.pending, found.lines[1].organizations.pending) == (1, 1)
    assert [line.organization.code for line in found.below] == ["DUK-BK"]


def test_a_grassroots_organization_shows_its_cells(tree, graded):
    found = year_results(tree["DUK-BK"], 2025)
    assert [(line.organization.code, line.members.graded, line.members.percent,
             line.organizations.grades["good"]) for line in found.lines] == [
        ("DUK-BK-CNTT", 3, 100.0, 1), ("DUK-BK-CK", 2, 50.0, 0)]  # fmt: skip


def test_three_queries_whatever_the_size(tree, graded):
    assert queries(lambda: year_results(tree["DUK"], 2025)) == 3
    assert queries(lambda: year_results(tree["DUK-BK-CNTT"], 2025)) == 3


def test_before_the_plan_there_is_no_target(tree, graded):
    assert year_results(tree["DUK"], 2021).target is None


def test_the_page_the_export_and_the_api(login, office, tree, graded):
    client = login(office)
    page = client.get(reverse("evaluation_results", args=["DUK", 2025]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Target: more than 90% of organizations and members graded GOOD or better" in text
    assert "1 organization below the target." in text
    assert 'class="table-danger"' in text
    sheet = client.get(reverse("evaluation_results_xlsx", args=["DUK", 2025]))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(sheet.streaming_content))).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:9] == [
        "Organization code", "Organization name", "Members graded",
        "Members: Completed tasks excellently", "Members: Completed tasks well",
        "Members: Completed tasks", "Members: Did not complete tasks", "Members not decided yet",
        "Members GOOD or better (%), 2025"]  # fmt: skip
    assert rows[1][:11] == ["DUK-BK", "Đảng bộ Trường Đại học Bách khoa Hà Nội", 5, 0, 4, 1, 0,
                            0, 80, 100, 2]  # fmt: skip
    assert rows[-1][:3] == ["Total", None, 7]
    assert rows[1][-1] == "No"
    api = client_for(office).get("/api/v1/evaluation-results/", {"organization": "DUK",
                                                                 "year": 2025})  # fmt: skip
    assert api.status_code == 200
    body = api.json()
    assert (body["target_percent"], body["total"]["members"]["graded"],
            body["lines"][0]["members"]["percent"], body["lines"][0]["below_target"]) == (
        90, 7, 80.0, True)  # fmt: skip


def test_out_of_scope_is_404(login, cell_secretary, tree, graded):
    client = login(cell_secretary)
    assert client.get(reverse("evaluation_results", args=["DUK-BK", 2025])).status_code == 404
    assert client.get(reverse("evaluation_results_xlsx", args=["DUK", 2025])).status_code == 404
    api = client_for(cell_secretary).get("/api/v1/evaluation-results/",
                                         {"organization": "DUK-KT", "year": 2025})  # fmt: skip
    assert api.status_code == 404
    assert client.get(reverse("evaluation_results", args=["DUK-BK-CNTT", 2025])).status_code == 200


# the counts kept by triggers (evaluation.totals) ------------------------------------------


def counted_directly() -> dict[tuple, dict]:
    """(organization, period, subtree) -> the nonzero counts, from the evaluations and the tree
    as it stands (the slow way)."""
    paths = dict(Organization.objects.values_list("id", "path"))
    by_path = {path: pk for pk, path in paths.items()}
    out: dict[tuple, dict] = {}
    for org, period, kind, grade in Evaluation.objects.values_list(
        "organization_id", "period_id", "subject_kind", "grade"
    ):
        column = f"{'members' if kind == 'member' else 'organizations'}_{grade or 'pending'}"
        path = paths[org]
        above = [by_path[path[:i]] for i in range(4, len(path) + 1, 4)]
        for key in [(org, period, False), *((a, period, True) for a in above)]:
            counts = out.setdefault(key, {})
            counts[column] = counts.get(column, 0) + 1
    return out


def assert_agrees() -> None:
    kept = {
        (row.pop("organization_id"), row.pop("period_id"), row.pop("subtree")): {
            c: n for c, n in row.items() if n
        }
        for row in GradeTotal.objects.values("organization_id", "period_id", "subtree", *COLUMNS)
    }
    assert {k: v for k, v in kept.items() if v} == counted_directly()


def _every_kind_of_write(tree, members) -> None:
    y25 = open_year(tree["DUK"], 2025)
    cell_reports(y25, tree["DUK-BK-CNTT"], tree["DUK-BK-CK"], tree["DUK-KT"])
    assert_agrees()
    m = members
    _grade(y25, tree["DUK-BK"], {m["an"]: "good", m["duc"]: "good", m["binh"]: "complete"})
    assert_agrees()
    bk = GradeTotal.objects.get(organization=tree["DUK-BK"], period=y25, subtree=True)
    assert (bk.members_good, bk.members_complete, bk.organizations_pending) == (2, 1, 2)
    # raw SQL: a grade changed, an evaluation moved to another cell, one deleted
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE evaluation_evaluation SET grade = 'excellent' WHERE member_id = %s",
            [m["an"].pk],
        )
        cursor.execute(
            "UPDATE evaluation_evaluation SET organization_id = %s WHERE member_id = %s",
            [tree["DUK-KT"].pk, m["duc"].pk],
        )
    assert_agrees()
    Evaluation.objects.filter(member=m["binh"]).delete()
    Evaluation.objects.filter(organization=tree["DUK-BK-CK"]).update(form="01")  # no count
    assert_agrees()
    # the tree changes: CK moves under a new grassroots committee with its evaluations
    xd = org_services.create_organization(
        tree["DUK"], code="DUK-XD", name="Đảng bộ Trường Đại học Xây dựng",
        kind="grassroots_committee", established_on=dt.date(2015, 1, 1),
    )  # fmt: skip
    org_services.move_organization(tree["DUK-BK-CK"], new_parent=xd, date=dt.date(2025, 6, 1))
    assert_agrees()
    found = year_results(tree["DUK"], 2025)
    assert [(line.organization.code, line.members.graded, line.organizations.pending)
            for line in found.lines] == [
        ("DUK-BK", 1, 1), ("DUK-KT", 1, 1), ("DUK-XD", 0, 1)]  # fmt: skip


def test_the_counts_follow_every_kind_of_write(tree, members):
    _every_kind_of_write(tree, members)


@pytest.mark.django_db(transaction=True)
def test_the_counts_follow_every_kind_of_write_outside_a_transaction(tree, members):
    _every_kind_of_write(tree, members)


def test_rebuild_counts_afresh_and_ensure_puts_back_the_sqlite_triggers(tree, graded):
    GradeTotal.objects.update(members_good=7)
    GradeTotal.objects.filter(subtree=True).delete()
    totals.rebuild(connection)
    assert_agrees()
    if connection.vendor != "sqlite":
        assert totals.ensure(connection) is False  # statement triggers are never dropped
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the inserts' deferred checks
            cursor.execute("TRUNCATE evaluation_evaluation CASCADE")
        assert not GradeTotal.objects.exclude(**dict.fromkeys(COLUMNS, 0)).exists()
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER evaluation_totals_u")
    Evaluation.objects.update(grade="incomplete")  # written while the trigger was missing
    with pytest.raises(AssertionError):
        assert_agrees()
    assert totals.ensure(connection) is True
    assert_agrees()


def test_the_model_has_every_count(db):
    assert [f.name for f in GradeTotal._meta.get_fields()][4:] == COLUMNS


def _more_organizations(tree, members, n: int) -> None:
    """`n` grassroots committees with a cell and a graded member each in 2025."""
    period = Evaluation.objects.filter(period__year=2025).first().period
    for i in range(n):
        gr = org_services.create_organization(
            tree["DUK"], code=f"DUK-G{i}", name=f"Đảng bộ {i}", kind="grassroots_committee",
            established_on=dt.date(2015, 1, 1),
        )  # fmt: skip
        cell = org_services.create_organization(
            gr, code=f"DUK-G{i}-C", name=f"Chi bộ {i}", kind="cell",
            established_on=dt.date(2015, 1, 1),
        )  # fmt: skip
        cell_reports(period, cell)
        _grade(period, gr, {make_member(cell, f"Viên {i}"): "good"})


def test_the_page_and_the_api_in_queries_that_do_not_grow_with_organizations(
    login, office, tree, members, graded
):
    client, api = login(office), client_for(office)
    page = reverse("evaluation_results", args=["DUK", 2025])
    sheet = reverse("evaluation_results_xlsx", args=["DUK", 2025])
    query = {"organization": "DUK", "year": 2025}

    def counts():
        return (
            queries(lambda: client.get(page)),
            queries(lambda: b"".join(client.get(sheet).streaming_content)),
            queries(lambda: api.get("/api/v1/evaluation-results/", query)),
        )

    before = counts()
    _more_organizations(tree, members, 4)
    assert counts() == before
    assert len(year_results(tree["DUK"], 2025).lines) == 6


def test_the_api_builds_what_the_serializer_would(tree, graded):
    for org, year in (("DUK", 2025), ("DUK-BK", 2025), ("DUK-BK-CNTT", 2024), ("DUK", 2021)):
        found = year_results(tree[org], year)
        assert payload(found) == ResultsSerializer(found).data
