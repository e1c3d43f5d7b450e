"""Rules in one place: every regulation number lives in `coso.core.rule_table`, looked up through
`coso.core.rules` only.

Two checks read the source as text (its syntax tree), without importing it:

- no rule number next to date arithmetic in the services, forms, models, queries and imports
  modules: a number that a rule holds (in months, working days, days or years, the ages
  included: 18 and 60 years from the admission ages in months) as the amount of `add_months`,
  `add_years`, `add_working_days`, `timedelta` or `relativedelta`, compared with an age or a
  difference of years, or given to a constant named for a duration. Such a number is read from
  the rule in force (`coso.core.rules`) or its date from `coso.core.deadlines`;
- no second rule lookup: no module but `core/rules.py` defines a function by a lookup's name
  or re-implements the "earliest version" fallback (catching `RuleNotFound` to read
  `rules_for`), nor reads the rule table itself.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import coso
from coso.core.rules import all_rules

ROOT = Path(coso.__file__).parent
RULES_MODULE = ROOT / "core" / "rules.py"

#: the rooms the check reads: a module or package by one of these names, and all of imports/
ROOMS = {"services", "forms", "models", "queries"}

#: (path relative to coso/, name the number is given to or call it is in): why it is no rule
NOT_RULES = {
    ("imports/services.py", "KEEP_UPLOADS"): "how long uploaded files are kept: a coso setting",
    ("plans/queries/movement.py", "PROBATION_WINDOW_YEARS"): (
        "how far back a query looks for the admissions of members still probationary: a search"
        " bound well past the probation rule, not a rule"
    ),
}


def _ints(value) -> set[int]:
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {value}
    if isinstance(value, tuple | list):
        return set().union(*map(_ints, value)) if value else set()
    if hasattr(value, "values"):
        return set().union(*map(_ints, value.values()))
    return set()


def rule_numbers() -> dict[str, set[int]]:
    """The numbers the rules hold, by unit (from the rule keys' suffixes)."""
    found: dict[str, set[int]] = {"months": set(), "working_days": set(), "days": set()}
    found["years"] = set()
    for r in all_rules():
        if r.key.endswith("_working_days"):
            found["working_days"] |= _ints(r.value)
        elif "_months" in r.key:
            found["months"] |= _ints(r.value)
            if "_age_" in r.key:  # admission ages: 18 and 60 years
                found["years"] |= {m // 12 for m in _ints(r.value)}
        elif r.key.endswith("_days"):
            # a lead time of 1 day (or none): "the day after" is calendar arithmetic, not a
            # rule, and cannot be told apart from it by reading the source
            found["days"] |= _ints(r.value) - {0, 1}
        elif r.key.endswith("_years"):
            found["years"] |= _ints(r.value)
    return found


NUMBERS = rule_numbers()
ANY_NUMBER = set().union(*NUMBERS.values())
#: the unit of each call's amount: positional amounts after the date, or by keyword
CALLS = {
    "add_months": "months",
    "add_years": "years",
    "add_working_days": "working_days",
}
KEYWORDS = {"months": "months", "years": "years", "days": "days", "weeks": None}
DURATION_NAME = re.compile(r"(MONTHS|DAYS|YEARS|AGE)", re.IGNORECASE)


def _number(node: ast.AST) -> int | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_age(node: ast.AST) -> bool:
    """An age or a difference of years: `age…`, `….year - ….year`, months_between(...)."""
    for sub in ast.walk(node):
        if "age" in _name(sub).lower() or _name(sub) in ("months_between", "age_on"):
            return True
        if (
            isinstance(sub, ast.BinOp)
            and isinstance(sub.op, ast.Sub)
            and _name(sub.left) == "year"
            and _name(sub.right) == "year"
        ):
            return True
    return False


def _call_findings(node: ast.Call) -> list[tuple[int, str]]:
    function = _name(node.func)
    amounts: list[tuple[ast.AST, str | None]] = []
    if function in CALLS:
        amounts += [(a, CALLS[function]) for a in node.args[1:]]
    elif function in ("timedelta", "relativedelta"):
        amounts += [(a, "days") for a in node.args[:1]]
    else:
        return []
    amounts += [(k.value, KEYWORDS.get(k.arg or "")) for k in node.keywords]
    found = []
    for amount, unit in amounts:
        n = _number(amount)
        if n is None or unit is None:
            continue
        # calendar days written for a rule in working days are as wrong as the right unit
        pool = NUMBERS[unit] | (NUMBERS["working_days"] if unit == "days" else set())
        if abs(n) in pool:
            found.append((node.lineno, f"{function}(… {n} …)"))
    return found


def rule_number_findings(source: str) -> list[tuple[int, str, str]]:
    """(line, what, name) for each rule number next to date arithmetic in `source`."""
    tree = ast.parse(source)
    found: list[tuple[int, str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found += [(line, what, _name(node.func)) for line, what in _call_findings(node)]
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            numbers = [n for n in map(_number, sides) if n is not None]
            if any(abs(n) in NUMBERS["years"] | NUMBERS["months"] for n in numbers) and any(
                _is_age(s) for s in sides if _number(s) is None
            ):
                found.append((node.lineno, f"an age compared with {numbers[0]}", ""))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            n = _number(node.value) if node.value is not None else None
            names = [_name(t) for t in targets]
            if n in ANY_NUMBER and any(DURATION_NAME.search(t) for t in names):
                found.append((node.lineno, f"{names[0]} = {n}", names[0]))
    # a call inside an assignment is reported once, under the name it is given to
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            for i, (line, what, name) in enumerate(found):
                if line == node.lineno and not name.isupper():
                    found[i] = (line, what, _name(node.targets[0]))
    return found


def checked_modules() -> list[Path]:
    paths = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" in parts:
            continue
        rooms = {Path(p).stem for p in parts[1:]}
        if parts[0] == "imports" or rooms & ROOMS:
            paths.append(path)
    return paths


def test_the_check_reads_the_rooms():
    names = {str(p.relative_to(ROOT)) for p in checked_modules()}
    assert {"imports/planning.py", "members/queries/screening.py"} <= names
    assert any(n.startswith("members/services/") for n in names)
    assert any(n.startswith("members/models/") for n in names)
    assert any(n.startswith("admission/services/") for n in names)
    assert "admission/forms.py" in names and "members/forms/lifecycle.py" in names
    assert {18, 60} <= NUMBERS["years"] and {3, 12, 24, 60} <= NUMBERS["months"]
    assert {30, 60} <= NUMBERS["working_days"]


@pytest.mark.parametrize(
    ("source", "count"),
    [
        ("add_years(birth_date, 18)", 1),
        ("add_months(ceremony, 12)", 1),
        ("add_months(issued_on, -3)", 1),
        ("add_working_days(received_on, 30)", 1),
        ("today + dt.timedelta(days=30)", 1),
        ("today + timedelta(60)", 1),  # calendar days for a rule in working days
        ("relativedelta(years=60)", 1),
        ("young = today.year - birth.year <= 18", 1),
        ("if age_in_months(birth, day) > 720: pass", 1),
        ("CERTIFICATE_VALID_MONTHS = 60", 1),
        # fine: the rule's value, numbers that are no rule, a day step
        ("add_months(ceremony, rule_in_force('probation_months', ceremony).value)", 0),
        ("add_months(day, -rng.randint(13, 40))", 0),
        ("day + dt.timedelta(days=1)", 0),
        ("add_years(today, -hi)", 0),
        ("max_length = 60", 0),
        ("if len(rows) > 12: pass", 0),
    ],
)
def test_the_check_finds_a_rule_number(source, count):
    assert len(rule_number_findings(source)) == count, source


def test_no_rule_number_next_to_date_arithmetic():
    found = []
    for path in checked_modules():
        rel = str(path.relative_to(ROOT))
        for line, what, name in rule_number_findings(path.read_text(encoding="utf-8")):
            if (rel, name) not in NOT_RULES:
                found.append(f"{rel}:{line}: {what}")
    assert found == [], "read these from coso.core.rules / coso.core.deadlines"


def test_allowed_numbers_are_current():
    for rel, name in NOT_RULES:
        names = [n for _l, _w, n in rule_number_findings((ROOT / rel).read_text())]
        assert name in names, f"stale entry: {rel} {name}"


# --- one lookup ------------------------------------------------------------------------------

#: names of rule lookups: only core/rules.py defines a function by one of these
LOOKUP_NAMES = re.compile(r"^_?(rule|rule_value|rule_in_force|rule_or_earliest|rules_for|value)$")


def lookup_findings(source: str) -> list[str]:
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and LOOKUP_NAMES.match(
            node.name
        ):
            found.append(f"{node.lineno}: def {node.name}")
        elif isinstance(node, ast.ExceptHandler) and "RuleNotFound" in ast.unparse(
            node.type or ast.Constant(None)
        ):
            if any(_name(getattr(c, "func", c)) == "rules_for" for c in ast.walk(node)):
                found.append(f"{node.lineno}: the earliest-version fallback again")
        elif isinstance(node, ast.Attribute | ast.Name) and _name(node) in ("_BY_KEY", "_RULES"):
            found.append(f"{node.lineno}: reads the rule table")
    return found


@pytest.mark.parametrize(
    ("source", "count"),
    [
        ("def rule_in_force(key, day): return rules.rule(key, day)", 1),
        ("def _rule_value(key, day): return value(key, day)", 1),
        (
            "try:\n    v = value(k, d)\nexcept RuleNotFound:\n    v = rules_for(k)[0].value",
            1,
        ),
        ("versions = rules._BY_KEY[key]", 1),
        ("r = rule_in_force('probation_months', day)", 0),
        ("def rules_page(request): pass", 0),
    ],
)
def test_the_check_finds_a_second_lookup(source, count):
    assert len(lookup_findings(source)) == count, source


def test_one_rule_lookup():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == RULES_MODULE or "migrations" in path.parts:
            continue
        rel = path.relative_to(ROOT)
        found += [f"{rel}:{f}" for f in lookup_findings(path.read_text(encoding="utf-8"))]
    assert found == [], "look rules up through coso.core.rules only"
