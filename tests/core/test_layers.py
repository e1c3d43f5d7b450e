"""The layers point one way, no module imports itself back, and an import inside a function
says why (docs/architecture.md; the contracts are in pyproject.toml, `[tool.importlinter]`).

`lint-imports` runs the same contracts in CI; this test makes `make test` catch a broken one too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
from importlinter import configuration
from importlinter.application.use_cases import lint_imports

import coso

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(coso.__file__).resolve().parent


def test_the_layer_contracts_hold():
    configuration.configure()
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_logo=True, cache_dir=None)


def import_cycles() -> set[tuple[str, ...]]:
    """The strongly connected components (more than one module) of coso's import graph,
    migrations left out; imports inside functions and under TYPE_CHECKING count."""
    graph = grimp.build_graph("coso")
    modules = sorted(m for m in graph.modules if ".migrations" not in m)
    inside = set(modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & inside) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: set[tuple[str, ...]] = set()

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                cycles.add(tuple(sorted(component)))

    for module in modules:
        if module not in index:
            visit(module)
    return cycles


def test_no_import_cycle():
    assert import_cycles() == set()


def imports_inside_functions(path: Path):
    """(line, imported module) of each import of a coso module inside a function of `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                if node.level or module.startswith("coso"):
                    yield node.lineno, module
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("coso"):
                        yield node.lineno, alias.name


def explained(lines: list[str], lineno: int) -> bool:
    """A comment on the import's line, or on the line above its run of import lines."""
    if "#" in lines[lineno - 1]:
        return True
    at = lineno - 2
    while at >= 0 and lines[at].strip().startswith(("from ", "import ")):
        at -= 1
    return at >= 0 and lines[at].strip().startswith("#")


def test_an_import_inside_a_function_says_why():
    unexplained = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if "/migrations/" in relative:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for lineno, module in set(imports_inside_functions(path)):
            if not explained(lines, lineno):
                unexplained.append(f"{relative}:{lineno} {module}")
    assert sorted(unexplained) == []
