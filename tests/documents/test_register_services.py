"""The register's steps: numbers consecutive per series, restarting each term (or year without
a term), per type, one series for a congress; a cancelled number stays used; refusals with
their exact messages and nothing changed; out of scope is a 404."""

from __future__ import annotations

import pytest
from django.utils import translation

from coso.core.scope import OutOfScope
from coso.documents import services
from coso.documents.models import IssuingBody, RegisterEntry, Series
from coso.members.services.organizations import dissolve_organization
from tests.helpers import D, make_member, refused

pytestmark = pytest.mark.django_db


MARCH_2024 = D(2024, 3, 1)


def issue(org, doc_type="KH", day=MARCH_2024, actor=None, **extra):
    return services.issue_number(
        organization=org,
        doc_type=doc_type,
        issued_on=day,
        summary=extra.pop("summary", "Kế hoạch tổ chức Đại hội"),
        actor=actor,
        **extra,
    )


def numbers(entries):
    return [(e.number, e.symbol) for e in entries]


def test_numbers_are_consecutive_with_a_leading_zero(tree, terms, office):
    bk = tree["DUK-BK"]
    got = [issue(bk, actor=office) for _ in range(11)]
    assert [e.number for e in got] == list(range(1, 12))
    assert [e.symbol for e in got[:2]] + [got[-1].symbol] == ["01-KH/ĐU", "02-KH/ĐU", "11-KH/ĐU"]
    assert got[0].series.term == terms["2020"]
    assert got[0].series.year is None
    assert got[0].issuer == office
    assert Series.objects.get().last_number == 11


def test_numbers_restart_with_each_term(tree, terms):
    bk = tree["DUK-BK"]
    old = [issue(bk, day=D(2025, 6, 30)) for _ in range(2)]
    new = issue(bk, day=D(2025, 7, 1))
    later_old = issue(bk, day=D(2025, 6, 30))
    assert numbers(old) == [(1, "01-KH/ĐU"), (2, "02-KH/ĐU")]
    assert (new.number, new.series.term) == (1, terms["2025"])
    assert (later_old.number, later_old.series.term) == (3, terms["2020"])


def test_without_a_term_numbers_restart_each_calendar_year(tree):
    kt = tree["DUK-KT"]  # a grassroots cell, no term recorded: "CB"
    dec = [issue(kt, day=D(2024, 12, 31)) for _ in range(2)]
    jan = issue(kt, day=D(2025, 1, 2))
    assert numbers(dec) == [(1, "01-KH/CB"), (2, "02-KH/CB")]
    assert (jan.number, jan.series.year, jan.series.term) == (1, 2025, None)


def test_each_type_and_each_organization_has_its_own_series(tree, terms):
    bk, cntt = tree["DUK-BK"], tree["DUK-BK-CNTT"]
    got = [issue(bk, "KH"), issue(bk, "QĐ"), issue(bk, "KH"), issue(cntt, "KH"), issue(bk, "QĐ")]
    assert [e.symbol for e in got] == ["01-KH/ĐU", "01-QĐ/ĐU", "02-KH/ĐU", "01-KH/CB", "02-QĐ/ĐU"]
    assert Series.objects.count() == 3


def test_congress_documents_share_one_series(tree, terms):
    bk = tree["DUK-BK"]
    day = D(2025, 7, 1)
    got = [
        issue(bk, "NQ", day, congress=True),
        issue(bk, "BC", day, congress=True),
        issue(bk, "NQ", day),
        issue(bk, "BB", day, congress=True),
    ]
    assert [e.symbol for e in got] == ["01-NQ/ĐH", "02-BC/ĐH", "01-NQ/ĐU", "03-BB/ĐH"]
    assert [e.doc_type for e in got] == ["NQ", "BC", "NQ", "BB"]
    congress = Series.objects.get(congress=True)
    assert (congress.doc_type, congress.term, congress.last_number) == ("", terms["2025"], 3)


def test_the_office_sets_the_body_code(tree, office):
    duk = tree["DUK"]
    assert issue(duk).symbol == "01-KH/ĐU"  # a superior committee's default
    services.set_body_code(duk, abbreviation=" ĐUK ", actor=office)
    assert issue(duk).symbol == "02-KH/ĐUK"
    assert RegisterEntry.objects.order_by("number").first().symbol == "01-KH/ĐU"  # kept
    assert IssuingBody.objects.get(organization=duk).abbreviation == "ĐUK"
    assert refused(
        lambda: services.set_body_code(duk, abbreviation="đuk", actor=office),
        field="abbreviation",
    ) == {
        "abbreviation": [
            "A body code is written in capital letters and digits, joined by a hyphen for "
            "joint bodies (ĐUK, BTCĐUK, ĐU-UBND), at most 24 characters."
        ]
    }


def test_a_cancelled_number_stays_used(tree, terms, bk_secretary):
    bk = tree["DUK-BK"]
    member = make_member(tree["DUK-BK-CNTT"], "Khoa")
    first = issue(bk, "GGT", actor=bk_secretary, subject=member)
    cancelled = services.cancel_number(first, reason="Ghi sai ngày", actor=bk_secretary)
    assert (cancelled.cancel_reason, cancelled.cancelled_by) == ("Ghi sai ngày", bk_secretary)
    assert cancelled.cancelled_on is not None
    second = issue(bk, "GGT", actor=bk_secretary)
    assert numbers([second]) == [(2, "02-GGT/ĐU")]
    kept = RegisterEntry.objects.get(pk=first.pk)
    assert (kept.number, kept.symbol, kept.subject) == (1, "01-GGT/ĐU", member)


def test_refusals_name_the_fault_and_change_nothing(tree, terms, office):
    bk = tree["DUK-BK"]
    entry = issue(bk)
    assert refused(lambda: issue(bk, summary="  ")) == {
        "summary": ["Give the document's summary (trích yếu)."]
    }
    assert refused(lambda: issue(bk, "XX")) == {
        "doc_type": ["Choose a document type from the list."]
    }
    assert refused(lambda: issue(bk, day=D(2999, 1, 1))) == {
        "issued_on": ["A number is given on the document's date, not before it."]
    }
    assert refused(lambda: issue(bk, day=D(2014, 12, 31))) == {
        "issued_on": [
            "Đảng bộ Trường Đại học Bách khoa Hà Nội was established on 01/01/2015, after "
            "this date."
        ]
    }
    assert refused(lambda: issue(bk, summary="x" * 501)) == {
        "summary": ["The summary is longer than 500 characters."]
    }
    assert refused(lambda: services.cancel_number(entry, reason=" ", actor=office)) == {
        "reason": ["Give the reason for cancelling the number."]
    }
    with translation.override("vi"):
        assert refused(lambda: services.cancel_number(entry, reason="", actor=office)) == {
            "reason": ["Nhập lý do hủy số văn bản."]
        }
    services.cancel_number(entry, reason="Trùng số", actor=office)
    day = RegisterEntry.objects.get(pk=entry.pk).cancelled_on
    assert refused(lambda: services.cancel_number(entry, reason="Lại", actor=office)) == {
        "__all__": [f"Number 01-KH/ĐU was already cancelled on {day:%d/%m/%Y}."]
    }


def test_a_dissolved_organization_issues_nothing_after_its_end(tree):
    kt = tree["DUK-KT"]
    dissolve_organization(kt, date=D(2024, 1, 1), decision_number="5-QĐ/ĐUK")
    kt.refresh_from_db()
    assert issue(kt, day=D(2023, 12, 31)).number == 1
    assert refused(lambda: issue(kt, day=D(2024, 1, 1))) == {
        "issued_on": ["Chi bộ Trường Cao đẳng Kinh tế was dissolved on 01/01/2024."]
    }


def test_out_of_scope_is_a_404_and_changes_nothing(tree, terms, cell_secretary, bk_secretary):
    bk, kt = tree["DUK-BK"], tree["DUK-KT"]
    entry = issue(bk)
    refused(lambda: issue(bk, actor=cell_secretary), raises=OutOfScope)
    refused(lambda: issue(kt, actor=bk_secretary), raises=OutOfScope)
    refused(
        lambda: services.cancel_number(entry, reason="x", actor=cell_secretary), raises=OutOfScope
    )
    refused(
        lambda: services.set_body_code(bk, abbreviation="ĐUK", actor=cell_secretary),
        raises=OutOfScope,
    )
    assert issue(tree["DUK-BK-CNTT"], actor=cell_secretary).symbol == "01-KH/CB"
