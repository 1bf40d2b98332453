"""The shape of the package: no import cycles, the core never reaches out to the shell.

Read from the source with `ast` (every import, including those inside functions), so a
lazy "import on use" cannot hide a cycle.
"""

import ast
from pathlib import Path

import pytest

import autograder
from autograder.errors import AutogradeError

PACKAGE = Path(autograder.__file__).parent

# Grading and isolation: results in, results out, no files, no LMS, no command line.
CORE = {
    "bank", "catalog", "checking", "course", "diagnosis", "engine", "grading", "inprocess", "literals",
    "messages", "misconception", "notebooks", "results", "runner", "strategies", "trivial", "wire", "worker", "zygote",
}
# The shell, the writers and the integrations, which the core must never import.
OUTER = {
    "batch", "bench", "classroom", "cli", "console", "demo", "feedback", "feedback_html", "gradebook",
    "gradescope", "local", "nbgrader_bridge", "notebook", "notebook_source", "release", "report", "roster",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("autograder", *path.relative_to(PACKAGE).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, known: dict) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {module for module in found if module in known and module != name}


GRAPH = {name: _imports(name, path, _modules()) for name, path in _modules().items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_package_has_no_import_cycle():
    assert _cycles(GRAPH) == []


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_is_sorted_into_core_or_outer():
    top = {name.split(".")[1] for name in GRAPH if name.count(".") >= 1}
    # Shared by both sides: the error base, file writing, points, lateness; and the author's lint.
    rooms = {"intake", "sandbox", "errors", "files", "points", "lateness", "devcheck", "__main__"}
    assert not top - CORE - OUTER - rooms, f"say where {sorted(top - CORE - OUTER - rooms)} belong"


@pytest.mark.parametrize("module", sorted(CORE))
def test_the_core_never_imports_the_shell(module):
    reached = {name.split(".")[1] for name in GRAPH[f"autograder.{module}"] if "." in name}
    assert not reached & OUTER, f"autograder.{module} imports {sorted(reached & OUTER)}"


def test_every_domain_error_shares_the_one_base_the_cli_catches():
    import importlib
    import inspect

    missing = []
    for name in sorted(GRAPH):
        if name.endswith("__main__"):
            continue
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == name and issubclass(value, Exception) and attribute.endswith("Error"):
                if not issubclass(value, AutogradeError):
                    missing.append(f"{name}.{attribute}")
    assert missing == []
