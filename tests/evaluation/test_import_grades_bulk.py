"""The import of grades at scale and its order: a fixed number of queries whatever the number
of rows and cells, a history record by the importer for every member graded (a new evaluation
and one the member had self-assessed), heads before deputies as the review applies it, and a
file refused on its quota writing nothing outside a wrapping transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from coso.committees import services as committees
from coso.evaluation import services
from coso.evaluation.models import Evaluation
from coso.evaluation.services import Dates, grade_members
from coso.imports.grades.sheet import read_grades
from tests.helpers import make_member, queries, refused, snapshot, xlsx_bytes

from .grading_setup import cell_reports, numbered_year, open_year
from .test_import_grades import EXCELLENT, HEADERS, _post, _row

DATES = Dates(dt.date(2025, 12, 1), dt.date(2025, 12, 10), dt.date(2025, 12, 20))
History = Evaluation.history.model


def _cards(tree, count, start, cells=("DUK-BK-CNTT", "DUK-BK-CK")):
    """``count`` new members with card numbers from ``start``, spread over ``cells``."""
    for n in range(start, start + count):
        make_member(tree[cells[n % len(cells)]], f"Thử {n}", party_card_number=f"0200{n:04d}")
    return [f"0200{n:04d}" for n in range(start, start + count)]


def _import(unit, period, rows, actor, **extra):
    read = read_grades(xlsx_bytes(rows, HEADERS), "xep-loai.xlsx", unit)
    assert not read.errors
    return grade_members(period, unit, read.rows, dates=DATES, actor=actor, **extra)


@pytest.fixture
def year(tree):
    period = open_year(tree["DUK"])
    cell_reports(period, tree["DUK-BK-CNTT"], tree["DUK-BK-CK"])
    return period


def test_the_queries_do_not_grow_with_the_rows(tree, year, office):
    unit = tree["DUK-BK"]
    ten = [_row(card) for card in _cards(tree, 10, 1, cells=("DUK-BK-CNTT",))]
    fifty = [_row(card) for card in _cards(tree, 50, 11)]  # and over two cells
    counts = []
    for n, rows in enumerate((ten, fifty), start=1):
        actor = type(office).objects.get(pk=office.pk)  # the roles read afresh by each
        counts.append(queries(lambda rows=rows, n=n, actor=actor: _import(
            unit, year, rows, actor, number=f"{n}-QĐ/ĐU")))  # fmt: skip
    # the members; savepoint; the actor's roles (the unit's path among them: no query); the
    # unit, the period
    # and the existing evaluations locked; the discipline, the cells' reports, their
    # grassroots organizations, the posts (heads before deputies), the quota; the decision;
    # the ids (SQLite: two); release. The rows are written by COPY (PostgreSQL) or
    # executemany (SQLite), one statement per table, not counted here.
    expected = {"postgresql": 14, "sqlite": 15}[connection.vendor]
    assert counts == [expected, expected]
    assert Evaluation.objects.members().filter(stage="decided").count() == 60
    assert History.objects.filter(history_type="+", history_user=office).count() == 60


def test_the_decision_on_many_members_in_a_fixed_number_of_queries(tree, year, office):
    """`decide_grades` (the decision page's step) writes like the import: queries flat, a
    history record of each decided grade by the decider."""
    unit = tree["DUK-BK"]
    counts, decided = [], []
    for n, cards in enumerate((_cards(tree, 10, 1), _cards(tree, 50, 11)), start=1):
        _import(unit, year, [[*_row(card)[:11], ""] for card in cards], office)  # proposals
        rows = Evaluation.objects.members().filter(stage="reviewed")
        grades = {ev.pk: ev.proposed_grade for ev in rows}
        actor = type(office).objects.get(pk=office.pk)
        counts.append(queries(lambda grades=grades, actor=actor, n=n: services.decide_grades(
            year, unit, kind="member", on=DATES.decided_on, grades=grades, number=f"{n}-QĐ",
            actor=actor)))  # fmt: skip
        decided.append(sorted(grades))
    assert counts[0] == counts[1]
    assert Evaluation.objects.members().filter(stage="decided", grade="good").count() == 60
    records = History.objects.filter(history_type="~", stage="decided", history_user=office)
    assert sorted(records.values_list("id", flat=True)) == sorted(decided[0] + decided[1])
    assert set(records.values_list("grade", "decided_on", "decision__number")) == {
        ("good", DATES.decided_on, "1-QĐ"), ("good", DATES.decided_on, "2-QĐ")}  # fmt: skip


def test_every_member_graded_has_a_history_record_by_the_importer(tree, members, year, office):
    an, duc = members["an"], members["duc"]
    an.party_card_number, duc.party_card_number = "01000001", "01000002"
    an.save(update_fields=["party_card_number"])
    duc.save(update_fields=["party_card_number"])
    # An self-assessed online: the import reviews and decides that evaluation
    own = services.self_assess(year, member=an, on=dt.date(2025, 12, 1), self_grade="good",
                               form="2B", score=80, strengths="Đúng hạn")  # fmt: skip
    done = _import(tree["DUK-BK"], year,
                   [_row("01000001", score=90), _row("01000002")],
                   office, number="7-QĐ/ĐU")  # fmt: skip
    assert (done.created, done.updated, done.reviewed, done.decided) == (1, 1, 2, 2)
    ev = Evaluation.objects.get(pk=own.pk)
    assert (ev.form, ev.score, ev.criteria_points, ev.task_points, ev.tasks_beyond,
            ev.self_grade, ev.proposed_grade, ev.grade, ev.stage, ev.reviewed_on,
            ev.decided_on, ev.decision, ev.strengths, ev.actor) == (
        "2A", Decimal("90.00"), Decimal("25.00"), Decimal("65.00"), 10, "good", "good",
        "good", "decided", dt.date(2025, 12, 10), dt.date(2025, 12, 20),
        done.decision, "Đúng hạn", None)  # fmt: skip
    records = {
        (h.member_id, h.history_type): (h.stage, h.grade, h.score, h.history_user, h.actor_id)
        for h in History.objects.filter(member__in=[an, duc])
    }  # fmt: skip
    assert records == {
        (an.pk, "+"): ("self_assessed", "", Decimal("80.00"), None, None),
        (an.pk, "~"): ("decided", "good", Decimal("90.00"), office, None),
        (duc.pk, "+"): ("decided", "good", Decimal("85.00"), office, office.pk),
    }
    when = History.objects.filter(member=duc).get().history_date
    assert when is not None and when == Evaluation.objects.get(member=duc).created_at
    assert not History.objects.filter(member=duc).get().history_change_reason


def _posts(tree, head, deputy):
    cell = tree["DUK-BK-CNTT"]
    term = committees.open_term(cell, start_year=2025, end_year=2030,
                                congress_date=dt.date(2025, 1, 10))  # fmt: skip
    committees.appoint(term, head, post="secretary", started_on=dt.date(2025, 1, 10))
    committees.appoint(term, deputy, post="deputy_secretary", started_on=dt.date(2025, 1, 10))


def test_the_secretary_is_reviewed_before_the_deputy(tree, members, year, office):
    an, duc = members["an"], members["duc"]
    _posts(tree, an, duc)
    an.party_card_number, duc.party_card_number = "01000001", "01000002"
    an.save(update_fields=["party_card_number"])
    duc.save(update_fields=["party_card_number"])
    self_only = [*_row("01000001")[:10], "", ""]  # the secretary's own grade, no review
    result = refused(lambda: _import(tree["DUK-BK"], year, [self_only, _row("01000002")],
                                     office, number="7"))  # fmt: skip
    assert result == {"__all__": [
        "Row 3: Heads before deputies: the secretary of Chi bộ Khoa Công nghệ thông tin is "
        "reviewed before the deputy secretary (QĐ 366-QĐ/TW (30/8/2025); HD 43-HD/BTCTW "
        "(31/10/2025))."]}  # fmt: skip
    # reviewed in the same file (the same meeting), the secretary comes first
    done = _import(tree["DUK-BK"], year, [_row("01000002"), _row("01000001")], office,
                   number="7")  # fmt: skip
    assert (done.created, done.reviewed) == (2, 2)


@pytest.mark.parametrize("step", ["import", "review"])
def test_a_secretary_not_graded_holds_no_deputy_back(tree, members, year, office, step):
    head = make_member(tree["DUK-BK-CNTT"], "Sinh", status="exempted")
    duc = members["duc"]
    duc.party_card_number = "01000002"
    duc.save(update_fields=["party_card_number"])
    _posts(tree, head, duc)
    if step == "import":
        done = _import(tree["DUK-BK"], year, [_row("01000002")], office, number="7")
        assert (done.created, done.reviewed, done.decided) == (1, 1, 1)
    else:  # the review of one member applies the same rule (`heads_not_reviewed`)
        ev = services.self_assess(year, member=duc, on=dt.date(2025, 12, 1), self_grade="good",
                                  form="2A", score=80)  # fmt: skip
        assert services.review(ev, grade="good", on=dt.date(2025, 12, 10)).stage == "reviewed"


@pytest.mark.django_db(transaction=True)
def test_a_file_over_the_quota_writes_nothing_outside_a_transaction(tree, members, login,
                                                                    office):  # fmt: skip
    period = numbered_year(tree, members)
    # every row valid on its own; the fourth's EXCELLENT makes two of five
    rows = [_row("01000001", EXCELLENT, score=95, beyond=40), _row("01000002"),
            _row("01000003"), _row("01000004", EXCELLENT, score=95, beyond=40),
            _row("01000005")]  # fmt: skip
    client = login(office)
    before = snapshot()
    response = _post(client, tree, period, rows, number="")  # numbered by the register
    assert response.status_code == 400
    assert "5 are GOOD or better, so at most 1 may be EXCELLENT; this would make 2." in (
        response.content.decode()
    )
    assert snapshot() == before
    assert not Evaluation.objects.members().exists() and not History.objects.filter(
        subject_kind="member").exists()  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_bulk_writes_are_refused_outside_a_step(tree):
    from coso.evaluation.services.writes import write_evaluations

    with pytest.raises(RuntimeError, match="inside the step's transaction"):
        write_evaluations([], [], (), actor=None)
