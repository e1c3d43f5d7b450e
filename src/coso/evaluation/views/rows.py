"""The grading page's long lists drawn by escaped string formatting: a cell's lines (each member's
evaluation, the rules' caps, the reviewers' facts and the line's fields) and a grassroots
organization's table of members. Through the template engine (a dozen translated labels, four
choice labels and an include a line) a cell's hundred lines were most of the page's time, as the
dues summary's were (`dues.views._summary_rows`). Every name, label and message is escaped."""

from __future__ import annotations

from urllib.parse import quote

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..choices import Grade, Stage


def _labels(choices) -> dict[str, str]:
    """Each choice's label translated and escaped once (a lazy label stays lazy through
    `escape`, translated again at each use)."""
    return {value: escape(str(label)) for value, label in choices}


def _detail_url():
    """The evaluation page's address with ``{}`` for its id (one `reverse` for all rows)."""
    return reverse("evaluation_detail", args=[0]).replace("/0/", "/{}/")


def _caps(caps, css: str) -> str:
    return "".join(f'<span class="{css}">⚠ {escape(cap.reason)}</span>' for cap in caps)


class _Words:
    """The labels of one page, translated and escaped once."""

    def __init__(self):
        self.grade, self.stage = _labels(Grade.choices), _labels(Stage.choices)
        for name, text in (
            ("self", _("self")), ("proposed", _("proposed")), ("decided", _("decided")),
            ("on_time", _("on time")), ("beyond", _("beyond")),
            ("not_assessed", _("Not self-assessed yet")), ("attendance", _("Attendance")),
            ("residence", _("Residence")), ("no_feedback", _("no feedback")),
            ("study", _("Study commitment")), ("self_assessed", _("self-assessed")),
            ("signed", _("signed")), ("none", _("none")), ("grade_proposed", _("Grade proposed")),
            ("form", _("Form")), ("score", _("Score")), ("on_time_pc", _("On time %")),
            ("beyond_pc", _("Beyond %")),
        ):  # fmt: skip
            setattr(self, name, escape(text))


def _evaluation(ev, w: _Words) -> str:
    """The evaluation's stage, grades, score and shares (``_member_facts.html`` before)."""
    if ev is None:
        return f'<span class="badge text-bg-light border">{w.not_assessed}</span>'
    parts = [f'<span class="badge text-bg-secondary">{w.stage.get(ev.stage, "")}</span> '
             f"{w.self}: {w.grade.get(ev.self_grade, '')}"]  # fmt: skip
    if ev.score is not None:
        parts.append(f" · {floatformat(ev.score, '-2')}/100")
    if ev.tasks_on_time is not None:
        parts.append(f" · {w.on_time} {ev.tasks_on_time}%")
    if ev.tasks_beyond is not None:
        parts.append(f" · {w.beyond} {ev.tasks_beyond}%")
    if ev.proposed_grade:
        parts.append(f"<br>{w.proposed}: <strong>{w.grade[ev.proposed_grade]}</strong>")
    if ev.grade:
        parts.append(f" · {w.decided}: <strong>{w.grade[ev.grade]}</strong>")
    return "".join(parts)


def _facts(r, w: _Words) -> str:
    residence = escape(r.feedback.get_assessment_display()) if r.feedback else w.no_feedback
    if r.commitment is None:
        study = w.none
    else:
        study = w.self_assessed if r.commitment.assessed_on else w.signed
    return (
        f'<span class="d-block small text-secondary facts">{w.attendance}: {r.present}/'
        f"{r.expected} · {w.residence}: {residence} · {w.study}: {study}</span>"
    )


def _field(bound, label: str, css: str) -> str:
    return (
        f'<div class="{css}"><label class="form-label small mb-0" for="{bound.id_for_label}">'
        f"{label}</label>{bound}</div>"
    )


def _errors(errors, css: str) -> str:
    return "".join(f'<div class="{css}">{escape(e)}</div>' for e in errors)


def _fields(f: dict, w: _Words) -> str:
    """The line's fields (grade; for a member not self-assessed, the form, score and shares)
    and their errors."""
    out = [_errors(f["grade"].errors, "text-danger small row-error"), '<div class="row g-2 mt-1">',
           _field(f["grade"], w.grade_proposed, "col-12 col-sm-6")]  # fmt: skip
    if "form" in f:
        out.append(_field(f["form"], w.form, "col-12 col-sm-6"))
    if "score" in f:
        out += [_field(f["score"], w.score, "col-4"), _field(f["on_time"], w.on_time_pc, "col-4"),
                _field(f["beyond"], w.beyond_pc, "col-4")]  # fmt: skip
    out.append("</div>")
    out += [_errors(bound.errors, "text-danger small") for name, bound in f.items()
            if name != "grade"]  # fmt: skip
    return "".join(out)


def cell_lines(lines) -> SafeString:
    """The cell's lines: ``lines`` as (`GradingRow`, its bound fields or None)."""
    w, url = _Words(), _detail_url()
    out = []
    for r, f in lines:
        ev, m = r.evaluation, r.member
        danger = " list-group-item-danger" if f and f["grade"].errors else ""
        name = escape(m.full_name)
        if ev is not None:
            name = f'<a href="{url.format(ev.pk)}">{name}</a>'
        out.append(
            f'<li class="list-group-item{danger}" id="row-{m.pk}">'
            f'<span class="d-block fw-semibold fs-5">{name}</span>'
            f'<span class="d-block small">{_evaluation(ev, w)}</span>'
            f"{_caps(r.caps, 'd-block small text-warning-emphasis cap')}{_facts(r, w)}"
            f"{_fields(f, w) if f else ''}</li>"
        )
    return mark_safe("".join(out))  # noqa: S308 (names, labels, messages and values escaped)


def evaluation_rows(evaluations) -> SafeString:
    """A grassroots organization's table rows: member, cell, stage, the current grade, caps."""
    w, url = _Words(), _detail_url()
    cell, stage = escape(_("Cell")), escape(_("Stage"))
    grade, caps = escape(_("Grade")), escape(_("Caps"))
    out = []
    for ev in evaluations:
        o = ev.organization
        if ev.grade:
            current = w.grade[ev.grade]
        elif ev.proposed_grade:
            current = f"{w.grade[ev.proposed_grade]} ({w.proposed})"
        else:
            current = f"{w.grade.get(ev.self_grade, '')} ({w.self})"
        out.append(
            f'<tr><td class="card-name"><a href="{url.format(ev.pk)}">'
            f"{escape(ev.member.full_name)}</a></td>"
            f'<td data-label="{cell}">{escape(o.short_name or o.name)}</td>'
            f'<td data-label="{stage}">{w.stage.get(ev.stage, "")}</td>'
            f'<td data-label="{grade}">{current}</td>'
            f'<td data-label="{caps}" class="small">'
            + "".join(f'<span class="d-block">{escape(c.reason)}</span>' for c in ev.caps)
            + "</td></tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 (names, labels and messages escaped)


def cell_summary(cells, period_pk: int) -> SafeString:
    """A grassroots organization's cells, each with its members counted by stage, linking to
    the cell's grading page."""
    url = reverse("evaluation_grading", args=["~code~", period_pk])
    return mark_safe(  # noqa: S308 (names and labels escaped)
        "".join(
            f'<li class="list-group-item"><a class="d-block fw-semibold py-2" '
            f'href="{escape(url.replace("~code~", quote(c.organization.code)))}">'
            f'{escape(c.organization.name)}</a><span class="small text-secondary">'
            + " · ".join(f"{escape(label)}: {n}" for label, n in c.counts.items())
            + "</span></li>"
            for c in cells
        )
    )


def organization_lines(evaluations) -> SafeString:
    """The organizations graded here: name, stage, the grades so far and the caps."""
    w, url = _Words(), _detail_url()
    out = []
    for ev in evaluations:
        parts = [f"{w.self}: {w.grade.get(ev.self_grade, '')}"]
        if ev.proposed_grade:
            parts.append(f" · {w.proposed}: {w.grade[ev.proposed_grade]}")
        if ev.grade:
            parts.append(f" · {w.decided}: <strong>{w.grade[ev.grade]}</strong>")
        out.append(
            f'<li class="list-group-item"><a class="d-block fw-semibold py-1" '
            f'href="{url.format(ev.pk)}">{escape(ev.organization.name)}</a>'
            f'<span class="d-block small"><span class="badge text-bg-secondary">'
            f"{w.stage.get(ev.stage, '')}</span> {''.join(parts)}</span>"
            f"{_caps(ev.caps, 'd-block small text-warning-emphasis')}</li>"
        )
    return mark_safe("".join(out))  # noqa: S308 (names, labels and messages escaped)
