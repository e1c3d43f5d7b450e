"""The one scope base (`coso.core.scope`): every model with an organization is scoped, the
one `can_edit`, and the path source the accounts app registers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

import coso
from coso.accounts.scope import PATH_SOURCE
from coso.core import scope
from coso.core.scope import (
    OutOfScope,
    PathSource,
    ScopedQuerySet,
    can_edit,
    editable_or_404,
    path_source,
    register_path_source,
)
from coso.imports.models import ImportJob
from coso.members.models import Member
from coso.orgs.models import Organization

SRC = Path(coso.__file__).parent

#: models that reach an organization but are not scoped, with why
NOT_SCOPED = {
    "accounts.HistoricalRoleAssignment": "audit history, read only through the admin",
    "members.HistoricalMember": "audit history, read through the member's scoped page",
    "admission.HistoricalCandidate": "audit history, read through the candidate's scoped page",
    "committees.HistoricalTerm": "audit history, read through the organization's scoped page",
    "committees.HistoricalPostHolding": "audit history, read through the roster's scoped page",
    "meetings.HistoricalMeeting": "audit history, read through the meeting's scoped page",
    "meetings.HistoricalAttendance": "audit history, read through the meeting's scoped page",
    "meetings.HistoricalMeetingVote": "audit history, read through the meeting's scoped page",
    "meetings.HistoricalMaterial": "audit history, read through the meeting's scoped page",
    "meetings.HistoricalAgendaItem": "audit history, read through the meeting's scoped page",
    "meetings.HistoricalResolutionTask": "audit history, read through the meeting's scoped page",
    "meetings.HistoricalPlanningDay": "audit history, read through the calendar's scoped page",
    "accounts.AccountChange": (
        "an account's history (its role may be empty: a password reset), read only on the "
        "user's page, which users_managed_by scopes"
    ),
    "meetings.HistoricalStudyPlan": "audit history, read through the study page (scoped)",
    "meetings.HistoricalCommitment": "audit history, read through the study page (scoped)",
    "meetings.HistoricalFollower": "audit history, read through the followers' page (scoped)",
    "meetings.HistoricalGuest": "audit history, read through the meeting's scoped page",
    "discipline.HistoricalDisciplineCase": "audit history, read through the case's scoped page",
    "discipline.HistoricalCaseStep": "audit history, read through the case's scoped page",
    "inspection.HistoricalInspectionPlan": "audit history, read through the inspection's scoped page",
    "inspection.HistoricalInspection": "audit history, read through the inspection's scoped page",
    "inspection.HistoricalTeamMember": "audit history, read through the inspection's scoped page",
    "inspection.HistoricalFinding": "audit history, read through the inspection's scoped page",
    "inspection.HistoricalFollowUp": "audit history, read through the inspection's scoped page",
    "awards.HistoricalBadgeAward": "audit history, read through the badge's scoped page",
    "awards.HistoricalCommendation": "audit history, read through the commendation's page",
    "evaluation.HistoricalEvaluation": "audit history, read through the evaluation's scoped page",
    "plans.HistoricalReportSchedule": "audit history, read through the schedule's scoped page",
    "plans.HistoricalReport": "audit history, read through the report's scoped page",
    "plans.HistoricalTargetShare": "audit history, read only through the admin",
    "inspection.HistoricalFeedback": (
        "audit history without the sender's fields, read through the feedback's scoped page"
    ),
}


def _is_scoped(model) -> bool:
    qs = model._default_manager.all()
    return isinstance(qs, ScopedQuerySet) and bool(type(qs).scope_paths())


def models_with_an_organization() -> list:
    """Models with a foreign key (or one-to-one) to an organization, or to a scoped model
    (a candidate's steps, a member's probation), Organization itself included."""
    found = {Organization}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in found:
                continue
            targets = {
                f.related_model
                for f in model._meta.get_fields()
                if f.concrete and (f.many_to_one or f.one_to_one) and f.related_model
            }
            if Organization in targets or any(_is_scoped(t) and t in found for t in targets):
                found.add(model)
                changed = True
    return sorted(found, key=lambda m: m._meta.label)


def test_every_model_with_an_organization_is_scoped():
    reached = models_with_an_organization()
    assert len(reached) > 10
    unscoped = [
        m._meta.label for m in reached if not _is_scoped(m) and m._meta.label not in NOT_SCOPED
    ]
    assert unscoped == [], "give these models a ScopedQuerySet with a scope_path"
    # the allow-list holds only models the walk reaches
    assert set(NOT_SCOPED) <= {m._meta.label for m in reached}


@pytest.mark.django_db
def test_every_declared_path_is_a_lookup_to_a_path():
    for model in models_with_an_organization():
        if not _is_scoped(model):
            continue  # test_every_model_with_an_organization_is_scoped says which
        for lookup in type(model._default_manager.all()).scope_paths():
            assert lookup == "path" or lookup.endswith("__path"), model
            # the lookup compiles (a misspelt one raises FieldError)
            str(model._default_manager.filter(**{f"{lookup}__startswith": "0001"}).query)


def test_core_imports_neither_accounts_nor_orgs():
    """Core is the lowest layer: its path source is registered from above."""
    for path in (SRC / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("coso.accounts", "coso.orgs")), path


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}


def test_orgs_import_core_scope_not_accounts():
    """No accounts <-> orgs cycle: orgs' querysets take their scope from core."""
    assert "coso.core.scope" in _imported(SRC / "orgs" / "models.py")
    for path in (SRC / "orgs").rglob("*.py"):
        assert not any(m.startswith("coso.accounts") for m in _imported(path)), path


def test_the_accounts_app_registers_its_path_source():
    assert path_source() is PATH_SOURCE


def test_a_path_source_is_swapped_and_put_back():
    class Someone:
        is_authenticated = True

    seen = []

    def paths(user, *, edit, records):
        seen.append((user, edit, records))
        return ["0001"]

    previous = register_path_source(PathSource(paths=paths, roots=lambda user: []))
    try:
        user = Someone()
        q = scope.scope_q(user, "organization__path", edit=True)
        assert q == scope.Q(organization__path__startswith="0001")
        assert scope.user_paths(user, edit=False, records=True) == ["0001"]
        assert seen == [(user, True, False), (user, False, True)]
    finally:
        register_path_source(previous)
    assert path_source() is PATH_SOURCE


def test_without_a_path_source_scope_is_refused():
    previous = register_path_source(None)
    try:
        with pytest.raises(ImproperlyConfigured):
            scope.user_paths(AnonymousUser(), edit=False)
    finally:
        register_path_source(previous)


def test_a_queryset_without_a_path_is_refused():
    class Unscoped(ScopedQuerySet):
        pass

    with pytest.raises(ImproperlyConfigured):
        Unscoped(Organization).visible_q(AnonymousUser())


def test_can_edit(tree, members, personas):
    secretary = personas["cell_secretary"]
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    assert can_edit(secretary, cntt)
    assert not can_edit(secretary, ck)
    assert not can_edit(secretary, tree["DUK-BK"])
    assert can_edit(personas["bk_secretary"], ck)
    assert can_edit(personas["office"], tree["DUK-KT"])
    assert can_edit(secretary, members["an"])
    assert not can_edit(secretary, members["binh"])
    for nobody in (None, AnonymousUser()):
        assert not can_edit(nobody, cntt)
    assert not can_edit(secretary, Organization())  # not saved: nothing to edit
    assert editable_or_404(secretary, members["an"]) == members["an"]
    with pytest.raises(OutOfScope):
        editable_or_404(secretary, members["binh"])
    assert issubclass(OutOfScope, Http404)


def test_can_edit_agrees_with_editable_by(tree, members, personas):
    for user in personas.values():
        editable = set(Member.objects.editable_by(user).values_list("pk", flat=True))
        assert {m.pk for m in members.values() if can_edit(user, m)} == editable


def test_the_system_is_named():
    assert scope.is_system(scope.SYSTEM)
    assert not scope.is_system(AnonymousUser())


def test_an_import_job_is_its_uploaders(tree, personas):
    secretary = personas["cell_secretary"]
    mine = ImportJob.objects.create(user=secretary, organization=tree["DUK-BK-CNTT"])
    rows = ImportJob.objects.create(user=secretary, organization=None)
    moved = ImportJob.objects.create(user=secretary, organization=tree["DUK-BK-CK"])
    assert set(ImportJob.objects.visible_to(secretary)) == {mine, rows, moved}
    assert set(ImportJob.objects.editable_by(secretary)) == {mine, rows}
    # the office reaches the cell, but the job is not theirs
    assert not ImportJob.objects.visible_to(personas["office"]).exists()
    assert not can_edit(personas["office"], mine)
