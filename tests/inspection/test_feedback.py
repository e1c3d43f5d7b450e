"""Feedback: recorded by the office or sent by a member, routed to the competent committee,
answered by the rule's deadline, closed or passed to inspection; the sender shown only to those
handling it; refusals write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coso.core.scope import OutOfScope
from coso.inspection import services
from coso.inspection.models import Feedback, Inspection
from tests.helpers import refused

D = dt.date


def _letter(tree, members, actor, **over):
    kwargs = dict(
        about_member=members["duc"], channel="letter", sender_kind="trade_union",
        summary="Thái độ phục vụ sinh viên", content="Đồng chí Đức chậm giải quyết hồ sơ.",
        received_on=D(2026, 10, 1), sender_name="Công đoàn Trường", sender_contact="0912 345 678",
    )  # fmt: skip
    return services.receive_feedback(**{**kwargs, **over}, actor=actor)


def test_competent_committee(tree, members):
    assert services.competent_committee(tree["DUK-BK-CNTT"], members["duc"]) == tree["DUK-BK"]
    assert services.competent_committee(tree["DUK-BK-CNTT"]) == tree["DUK-BK"]
    assert services.competent_committee(tree["DUK-BK"]) == tree["DUK"]
    assert services.competent_committee(tree["DUK-KT"], members["dung"]) == tree["DUK-KT"]
    assert services.competent_committee(tree["DUK"]) == tree["DUK"]


def test_office_records_a_letter(tree, members, ubkt):
    item = _letter(tree, members, ubkt)
    assert Feedback.objects.values_list(
        "committee__code", "about_organization__code", "about_member", "channel", "sender_kind",
        "anonymous", "sender_name", "sender_contact", "sender_member", "sender_user",
        "received_on", "answer_due_on", "answered_on", "outcome",
    ).get(pk=item.pk) == ("DUK-BK", "DUK-BK-CNTT", members["duc"].pk, "letter", "trade_union",
                          False, "Công đoàn Trường", "0912 345 678", None, None, D(2026, 10, 1),
                          D(2026, 10, 31), None, "")  # fmt: skip
    assert item.state(D(2026, 10, 31)) == "open" and item.state(D(2026, 11, 1)) == "late"
    # the history keeps no sender
    entry = item.history.get()
    assert not any(hasattr(entry, f) for f in ("sender_name", "sender_contact"))


def test_receive_refusals(tree, members, ubkt, cell_secretary):
    refused(lambda: _letter(tree, members, ubkt, sender_name=""),
            "Write the sender's name, or mark it anonymous.", field="sender_name")  # fmt: skip
    refused(lambda: _letter(tree, members, ubkt, anonymous=True),
            "Anonymous feedback carries no name", field="anonymous")  # fmt: skip
    refused(lambda: _letter(tree, members, ubkt, received_on=D(2099, 1, 1)), "future")
    refused(
        lambda: _letter(tree, members, ubkt, content=" "), "Write the feedback.", field="content"
    )
    refused(lambda: _letter(tree, members, ubkt, channel="online"), "Choose a letter or a comment.")
    refused(
        lambda: _letter(tree, members, ubkt, sender_kind="press"), "Say who gives the feedback."
    )
    refused(lambda: _letter(tree, members, ubkt, about_member=None, about_organization=tree["DUK-KT"],
                            committee=tree["DUK-BK"]),
            "Đảng bộ Trường Đại học Bách khoa Hà Nội does not answer for Chi bộ Trường Cao đẳng "
            "Kinh tế.", field="committee")  # fmt: skip
    # the cell's secretary does not handle the grassroots committee's feedback
    refused(lambda: _letter(tree, members, cell_secretary), raises=OutOfScope)
    refused(lambda: _letter(tree, members, ubkt, about_member=None,
                            about_organization=tree["DUK-BK"]), raises=OutOfScope)  # fmt: skip


def test_anonymous_letter(tree, members, office):
    item = _letter(tree, members, office, anonymous=True, sender_name="", sender_contact="",
                   sender_kind="citizen")  # fmt: skip
    assert (item.anonymous, item.sender_shown_to(office)) == (True, "Anonymous")


def test_sender_shown_only_to_handlers(tree, members, ubkt, office, bk_secretary,
                                       cell_secretary, an_user):  # fmt: skip
    item = _letter(tree, members, office)
    assert item.sender_shown_to(ubkt) == "Công đoàn Trường — 0912 345 678"
    assert (
        item.sender_shown_to(office)
        == item.sender_shown_to(bk_secretary)
        == ("Công đoàn Trường — 0912 345 678")
    )
    # the secretary of the cell it is about sees the item, not who sent it
    assert Feedback.objects.visible_to(cell_secretary).filter(pk=item.pk).exists()
    assert item.sender_shown_to(cell_secretary) == "Kept confidential"
    assert not Feedback.objects.visible_to(an_user).filter(pk=item.pk).exists()
    assert item.sender_shown_to(an_user) == "Kept confidential"


def test_a_member_sends_feedback(tree, members, an_user, ubkt, cell_secretary):
    today = timezone.localdate()
    item = services.send_feedback(an_user, about_organization=tree["DUK-BK-CNTT"],
                                  summary="Sinh hoạt chi bộ", content="Nội dung còn đơn điệu.")  # fmt: skip
    assert Feedback.objects.values_list(
        "committee__code", "channel", "sender_kind", "anonymous", "sender_member", "sender_user",
        "received_on", "answer_due_on",
    ).get(pk=item.pk) == ("DUK-BK", "online", "member", False, members["an"].pk, an_user.pk,
                          today, today + dt.timedelta(days=30))  # fmt: skip
    assert item.history.get().history_user_id is None  # the history does not name the sender
    assert item.sender_shown_to(an_user) == "Nguyễn Văn An"  # their own
    assert item.sender_shown_to(ubkt) == "Nguyễn Văn An"
    assert item.sender_shown_to(cell_secretary) == "Kept confidential"
    assert Feedback.objects.visible_or_own(an_user).filter(pk=item.pk).exists()
    hidden = services.send_feedback(an_user, about_member=members["duc"], anonymous=True,
                                    summary="Góp ý", content="Nội dung")  # fmt: skip
    assert (hidden.sender_member_id, hidden.sender_user_id, hidden.anonymous) == (None, None, True)


def test_send_refusals(tree, members, an_user, cell_secretary):
    refused(lambda: services.send_feedback(an_user, about_organization=tree["DUK-KT"],
                                           summary="x", content="y"), raises=OutOfScope)  # fmt: skip
    refused(lambda: services.send_feedback(cell_secretary, about_organization=tree["DUK-BK-CNTT"],
                                           summary="x", content="y"),
            "sent by a party member with a record")  # fmt: skip
    refused(lambda: services.send_feedback(an_user, about_organization=tree["DUK-BK-CNTT"],
                                           summary="", content="y"), "Write what it is about")  # fmt: skip


def test_answer_and_close(tree, members, ubkt, cell_secretary):
    item = _letter(tree, members, ubkt)
    refused(lambda: services.answer_feedback(item, answer="Đã xem xét", answered_on=D(2026, 10, 5),
                                             outcome="closed", actor=cell_secretary),
            raises=OutOfScope)  # fmt: skip
    refused(lambda: services.answer_feedback(item, answer="x", answered_on=D(2026, 9, 30),
                                             outcome="closed", actor=ubkt),
            "after the feedback was received (01/10/2026)")  # fmt: skip
    refused(lambda: services.answer_feedback(item, answer="x", answered_on=D(2026, 10, 5),
                                             outcome="lost", actor=ubkt), "Choose the outcome.")  # fmt: skip
    refused(lambda: services.answer_feedback(item, answer="x", answered_on=D(2026, 10, 5),
                                             outcome="to_inspection", actor=ubkt),
            "Give the end of the inspection", field="inspection_ends_on")  # fmt: skip
    done = services.answer_feedback(item, answer=" Đã trao đổi, đồng chí nhận khuyết điểm. ",
                                    answered_on=D(2026, 10, 20), outcome="closed", actor=ubkt)  # fmt: skip
    assert Feedback.objects.values_list("answer", "answered_on", "outcome", "inspection").get(
        pk=done.pk
    ) == ("Đã trao đổi, đồng chí nhận khuyết điểm.", D(2026, 10, 20), "closed", None)
    assert done.state(D(2026, 12, 6)) == "answered"
    refused(lambda: services.answer_feedback(item, answer="x", answered_on=D(2026, 10, 21),
                                             outcome="closed", actor=ubkt),
            "This feedback was answered already.")  # fmt: skip


def test_passed_to_inspection(tree, members, ubkt):
    item = _letter(tree, members, ubkt)
    done = services.answer_feedback(item, answer="Chuyển Ủy ban Kiểm tra xem xét.",
                                    answered_on=D(2026, 10, 20), outcome="to_inspection",
                                    inspection_ends_on=D(2026, 11, 20), actor=ubkt)  # fmt: skip
    assert Inspection.objects.values_list(
        "organization__code", "body", "plan", "activity", "kind", "subject_member", "topic",
        "starts_on", "ends_on",
    ).get(pk=done.inspection_id) == ("DUK-BK", "inspection_committee", None, "inspection",
                                     "signs", members["duc"].pk, "Thái độ phục vụ sinh viên",
                                     D(2026, 10, 20), D(2026, 11, 20))  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_feedback_steps_outside_a_wrapping_transaction(tree, members, ubkt, an_user):
    item = _letter(tree, members, ubkt)
    sent = services.send_feedback(an_user, about_organization=tree["DUK-BK-CNTT"],
                                  summary="Góp ý", content="Nội dung")  # fmt: skip
    services.answer_feedback(item, answer="Chuyển kiểm tra", answered_on=D(2026, 10, 2),
                             outcome="to_inspection", inspection_ends_on=D(2026, 10, 30),
                             actor=ubkt)  # fmt: skip
    assert (Feedback.objects.count(), Inspection.objects.count(), sent.committee_id) == (
        2,
        1,
        tree["DUK-BK"].pk,
    )
