"""Every public function of every services module runs in one transaction (DESIGN.md, rule 1).

How "atomic" is detected: `@transaction.atomic` used as a decorator (Django's
`ContextDecorator.__call__`) returns a wrapper whose closure holds the `Atomic` instance it
enters on every call, with `__wrapped__` pointing at the function. `is_atomic` follows the
`__wrapped__` chain and looks for that instance in each wrapper's closure. A function that
opens `with transaction.atomic():` somewhere in its body is NOT accepted: what it reads or
checks before the block is outside the transaction (the bug of finding 1 was exactly a
decorator on the wrong function), so the whole step must be the transaction.

Which modules: the services modules, and the workflow modules that are services in all but
name (transfers, statuses: liaison, exemption, retirement ...). `test_every_writing_module_is_listed`
finds them rather than trusting this list: it parses every module of coso and fails on any
module whose public functions write rows (save, create, update, delete, bulk writes,
select_for_update) that is neither listed here nor in `NOT_SERVICES` with its reason.

Public functions that need no transaction are in `ALLOWED` with their reason; each entry is
checked to exist and to still be non-atomic (a stale entry fails).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest
from django.db import transaction

import coso

SERVICE_MODULES = [
    "coso.evaluation.services.grading",
    "coso.plans.services.seed",
    "coso.plans.services.shares",
    "coso.accounts.services",
    "coso.accounts.services.users",
    "coso.core.dayswaps",
    "coso.admission.services.deadlines",
    "coso.members.services.deadlines",
    "coso.admission.services.authority",
    "coso.admission.services.candidates",
    "coso.admission.services.ceremony",
    "coso.admission.services.probation",
    "coso.admission.services.record",
    "coso.admission.services.steps",
    "coso.documents.services.issue",
    "coso.documents.services.batches",
    "coso.documents.services.body_templates",
    "coso.documents.services.register",
    "coso.committees.services.posts",
    "coso.committees.services.roles",
    "coso.committees.services.terms",
    "coso.meetings.services.meetings",
    "coso.meetings.services.minutes",
    "coso.meetings.services.bulk",
    "coso.meetings.services.members",
    "coso.meetings.services.study",
    "coso.meetings.services.study_bulk",
    "coso.meetings.services.workflow",
    "coso.meetings.services.tasks",
    "coso.meetings.services.tasks_bulk",
    "coso.dues.services.basis",
    "coso.dues.services.relief",
    "coso.dues.services.ledger",
    "coso.dues.services.bulk",
    "coso.evaluation.services.bulk",
    "coso.evaluation.services.bulk_cells",
    "coso.meetings.services.followers",
    "coso.meetings.services.planning",
    "coso.discipline.services.cases",
    "coso.discipline.services.decision",
    "coso.discipline.services.appeal",
    "coso.discipline.services.parts",
    "coso.evaluation.services.assessment",
    "coso.evaluation.services.decision",
    "coso.evaluation.services.parts",
    "coso.evaluation.services.periods",
    "coso.evaluation.services.review",
    "coso.evaluation.services.writes",
    "coso.awards.services.commendations",
    "coso.plans.services.reports",
    "coso.awards.services.badges",
    "coso.awards.services.parts",
    "coso.inspection.services.plans",
    "coso.inspection.services.inspections",
    "coso.inspection.services.feedback",
    "coso.evaluation.services.four_good",
    "coso.evaluation.documents",
    "coso.plans.documents",
    "coso.imports.services",
    "coso.members.services.organizations",
    "coso.members.services.incoming",
    "coso.members.services.registry",
    "coso.members.services.statuses",
    "coso.members.services.transfers",
    "coso.orgs.services",
]

#: public functions of the modules above that are not one transaction, and why
ALLOWED = {
    "coso.evaluation.documents.register": "registers the document kind at start-up",
    "coso.evaluation.documents.collective": "names who decides; writes nothing",
    "coso.evaluation.documents.deciding_body": "names who decides; writes nothing",
    "coso.evaluation.documents.summary_of": "the decision's summary; writes nothing",
    "coso.plans.documents.register": "registers the document kind at start-up",
    "coso.plans.documents.summary_of": "the report's summary; writes nothing",
    "coso.plans.documents.movement_values": "the HD 11 rows as printed; writes nothing",
    "coso.evaluation.services.four_good.checklist_in_force": "reads the checklist; writes nothing",
    "coso.evaluation.services.four_good.month_grid": "reads the monthly answers; writes nothing",
    "coso.evaluation.services.four_good.four_good_title": "computes the title; writes nothing",
    "coso.accounts.services.users.may_manage_users": "answers who sees the pages; writes nothing",
    "coso.accounts.services.users.users_managed_by": "a scoped queryset; writes nothing",
    "coso.accounts.services.users.assignments_managed_by": "a scoped queryset; writes nothing",
    "coso.accounts.services.users.check_grant": "checks a role against the actor; writes nothing",
    "coso.core.dayswaps.may_keep_day_swaps": "answers who may enter day swaps; writes nothing",
    "coso.core.dayswaps.install_shipped": (
        "runs after migrate and after a test's flush (post_migrate), on the database it is given"
    ),
    "coso.admission.services.record.write_step": "the step writer, inside a step's transaction",
    "coso.discipline.services.parts.write_step": "the step writer, inside a step's transaction",
    "coso.discipline.services.parts.save_case": "saves the case, inside a step's transaction",
    "coso.discipline.services.parts.begin_step": "locks and checks, inside a step's transaction",
    "coso.discipline.services.parts.lock_case": "locks the case, inside a step's transaction",
    "coso.awards.services.parts.lock": "locks the row, inside a step's transaction",
    "coso.awards.services.parts.save": "saves the row, inside a step's transaction",
    "coso.discipline.services.parts.check_open": "a check; writes nothing",
    "coso.discipline.services.parts.check_order": "a check; writes nothing",
    "coso.discipline.services.decision.decision_step": "reads the decision's row",
    "coso.evaluation.services.parts.verifier_of": "reads the tree",
    "coso.evaluation.services.parts.is_self": "answers whether the actor is the member",
    "coso.evaluation.services.parts.lock_period": "locks the period, inside a step's transaction",
    "coso.evaluation.services.parts.lock_evaluation": "locks the row, inside a step's transaction",
    "coso.evaluation.services.parts.check_open": "a check; writes nothing",
    "coso.evaluation.services.parts.check_covers": "a check; writes nothing",
    "coso.evaluation.services.parts.quota_unit_of": "reads the tree",
    "coso.evaluation.services.parts.member_quota_units": "reads the tree",
    "coso.evaluation.services.review.heads_not_reviewed": "a check; writes nothing",
    "coso.evaluation.services.writes.write_evaluations": (
        "the bulk steps' rows, inside their transaction (refused outside one)"
    ),
    "coso.evaluation.services.parts.needs_verification": "answers from the row; no query",
    "coso.members.services.registry.enter_organization": (
        "the entering placement and event, inside a step's transaction"
    ),
    "coso.admission.services.probation.probation_start": "reads the probation's start",
    "coso.admission.services.probation.new_probation": "builds a probation's row; saves nothing",
    "coso.imports.services.import_members": (
        "its dry run only reads, for minutes on a large file, and must not hold SQLite's one "
        "write lock meanwhile; the import itself opens its transaction before it reads "
        "anything (planning, locks and writing all inside one `with transaction.atomic()`)"
    ),
    "coso.imports.services.check_job": (
        "reads and checks a file (minutes for a large one: no write lock held meanwhile); its "
        "one write, the job's preview, is a single UPDATE"
    ),
    "coso.imports.services.apply_job": (
        "a job runner: claims the job with one conditional UPDATE (so it runs once), then "
        "imports and marks the job done in ONE transaction, and records a failure after that "
        "transaction rolled back (the failure must outlive the rollback)"
    ),
    "coso.imports.services.upload_dir": "a directory path; writes no row",
    "coso.imports.services.store_upload": "writes the uploaded file to disk; writes no row",
    "coso.imports.services.errors_path": "a file path",
    "coso.imports.services.progress_path": "a file path",
    "coso.imports.services.current_progress": "reads a job's progress",
    "coso.members.services.registry.check_record": "checks a record; no query",
    "coso.members.services.registry.rule_errors": "checks plain values; no query",
    "coso.members.services.registry.timeline": "reads a member's events and history",
    "coso.members.services.statuses.voting_members": "a queryset",
    "coso.members.services.organizations.organization_warnings": "reads counts for advice",
    "coso.orgs.services.check_kind_under": "checks a kind may stand under a parent",
    "coso.orgs.services.check_target": "checks a move's or merge's target, inside the step",
    "coso.orgs.services.end_organization": "a part of a step, inside its transaction",
    "coso.orgs.services.record_org_event": "the orgs event writer, inside a step's transaction",
    "coso.members.services.transfers.check_destination": "checks an organization; writes nothing",
    "coso.orgs.services.org_on_date": "reads the tree as it was",
    "coso.meetings.services.tasks.assignable": "reads a meeting's roster",
    "coso.meetings.services.tasks.may_mark_done": "answers who may mark a task done",
    "coso.meetings.services.followers.invite_follower": (
        "part of plan_meeting: invites the follower inside its transaction"
    ),
    "coso.meetings.services.followers.mark_guests": (
        "part of record_attendance: the guests' ticks inside its transaction"
    ),
    "coso.inspection.services.inspections.open_on_signs": (
        "the row of an inspection on signs of violation, inside open_from_supervision's or "
        "answer_feedback's transaction"
    ),
    "coso.inspection.services.feedback.competent_committee": "reads the tree; writes nothing",
    "coso.committees.services.posts.close_holding": (
        "the roster's writer for a post that ends, inside end_post's or open_term's transaction"
    ),
}

#: modules with public functions that write rows but are not workflow services, and why
NOT_SERVICES = {
    "coso.core.audit": "save_versioned: the services' helper, called inside their transaction",
    "coso.members.services.bulk": (
        "bulk writers for the importer and the demo: each opens its transaction or refuses "
        "to run outside the caller's"
    ),
    "coso.members.services.events": (
        "record_event: the one writer of membership events, called inside the steps' transaction"
    ),
    "coso.members.services.locks": "lock_active: the steps' row lock, inside their transaction",
    "coso.admission.services.parts": (
        "the checks, locks and counts every admission step calls inside its own transaction"
    ),
    "coso.meetings.services.parts": (
        "lock_meeting and the checks every meeting step calls inside its own transaction"
    ),
    "coso.dues.services.parts": (
        "the locks and the ledger's recomputation every dues step calls inside its own transaction"
    ),
    "coso.inspection.services.parts": (
        "the lock and the checks every inspection step calls inside its own transaction"
    ),
    "coso.demo.lifecycle": "demo data, inside the demo generator's transaction",
    "coso.orgs.bulk": "bulk tree writer for the demo (atomic itself)",
    "coso.documents.batches": (
        "the letter batch runner: claims the batch with one conditional UPDATE (so it runs "
        "once), then issues each letter through services.issue_document in its own transaction "
        "(a refused letter must not undo the others) and writes the progress between them"
    ),
    "coso.documents.tasks": "launch: records the background task's id, one UPDATE",
}

#: methods whose name writes rows; `create` and `update` only on a manager or queryset
ROW_WRITES = {
    "save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create",
    "select_for_update", "create", "update",
}  # fmt: skip
QUERYSET_HINTS = ("objects", "filter(", "exclude(", "_set", "history")


def is_atomic(function) -> bool:
    """Whether `function` is wrapped by `transaction.atomic` used as a decorator."""
    while function is not None:
        for cell in getattr(function, "__closure__", None) or ():
            try:
                if isinstance(cell.cell_contents, transaction.Atomic):
                    return True
            except ValueError:  # an empty cell
                continue
        function = getattr(function, "__wrapped__", None)
    return False


def public_functions(module_name: str):
    module = importlib.import_module(module_name)
    for name, value in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(value):
            continue
        if inspect.unwrap(value).__module__ != module_name:
            continue  # imported from elsewhere (checked where it is defined)
        yield f"{module_name}.{name}", value


def test_the_detector_tells_atomic_from_not():
    @transaction.atomic
    def decorated():
        pass

    def with_block():
        with transaction.atomic():
            pass

    def plain():
        pass

    assert [is_atomic(f) for f in (decorated, with_block, plain)] == [True, False, False]


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_every_public_service_function_is_atomic(module_name):
    found = dict(public_functions(module_name))
    assert found, module_name
    not_atomic = sorted(
        name for name, function in found.items() if not is_atomic(function) and name not in ALLOWED
    )
    assert not_atomic == []


def test_allowed_entries_are_current():
    functions = dict(f for m in SERVICE_MODULES for f in public_functions(m))
    assert sorted(n for n in ALLOWED if n not in functions) == []
    assert sorted(n for n in ALLOWED if is_atomic(functions[n])) == []


def _writes_rows(function: ast.FunctionDef) -> bool:
    for node in ast.walk(function):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, ast.unparse(node.func.value)
        if method not in ROW_WRITES or receiver in ("cache", "path", "os"):
            continue
        if method in ("create", "update") and not any(h in receiver for h in QUERYSET_HINTS):
            continue  # dict.update, a context's update ...
        return True
    return False


def test_every_writing_module_is_listed():
    """Every module with a public function that writes rows is a services module above, or
    is named in NOT_SERVICES with its reason (a new workflow module cannot slip past)."""
    root = Path(coso.__file__).parent
    writers = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and _writes_rows(node)
            ):
                parts = path.relative_to(root).with_suffix("").parts
                if parts[-1] == "__init__":  # a package's own module (accounts.services)
                    parts = parts[:-1]
                module = ".".join(("coso", *parts))
                writers.add(module)
    assert "coso.members.services.transfers" in writers  # the scan sees what it must
    unlisted = sorted(writers - set(SERVICE_MODULES) - set(NOT_SERVICES))
    assert unlisted == []
    assert sorted(set(NOT_SERVICES) - writers) == []
