"""The spreadsheets of inspection and feedback: an organization's inspections and its feedback
(the rows listed, filters applied). A feedback row names its sender only for those handling
it (`Feedback.sender_shown_to`), as the page does."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from coso.core.sheets.writer import write_xlsx

from .choices import FeedbackState


def _write(target, columns, rows, sheet_name: str) -> int:
    return write_xlsx(
        target, [c for c, _w in columns], rows, sheet_name=sheet_name,
        widths=[w for _c, w in columns],
    )  # fmt: skip


def write_inspections(target: IO[bytes], rows) -> int:
    columns = [
        (_("No."), 5), (_("Activity"), 12), (_("Kind"), 14), (_("Inspecting organization"), 36),
        (_("Subject"), 32), (_("Content"), 48), (_("From"), 12), (_("To"), 12),
        (_("State"), 12), (_("Concluded on"), 12), (_("Violation found"), 10),
        (_("Proposes discipline"), 10),
    ]  # fmt: skip
    lines = (
        [n, i.get_activity_display(), i.get_kind_display(), i.organization.name, i.subject_name,
         i.topic, i.starts_on, i.ends_on, i.get_state_display(), i.concluded_on,
         _("Yes") if i.violation else "", _("Yes") if i.proposes_discipline else ""]
        for n, i in enumerate(rows.iterator(chunk_size=2000), start=1)
    )  # fmt: skip
    return _write(target, columns, lines, _("Inspections"))


def write_feedback(target: IO[bytes], rows, user, today) -> int:
    columns = [
        (_("No."), 5), (_("Received on"), 12), (_("Routed to"), 32), (_("About"), 32),
        (_("From"), 20), (_("Sender"), 28), (_("Summary"), 40), (_("Answer due on"), 12),
        (_("State"), 12), (_("Answered on"), 12), (_("Outcome"), 16),
    ]  # fmt: skip
    lines = (
        [n, f.received_on, f.committee.name, f.about, f.get_sender_kind_display(),
         f.sender_shown_to(user), f.summary, f.answer_due_on,
         str(FeedbackState(f.state(today)).label), f.answered_on, f.get_outcome_display()]
        for n, f in enumerate(rows.iterator(chunk_size=2000), start=1)
    )  # fmt: skip
    return _write(target, columns, lines, _("Feedback"))
