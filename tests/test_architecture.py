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

# The rooms (see ARCHITECTURE.md). The core: grading, isolation and integrity, plus the shared records.
CORE_ROOMS = {"grading", "isolation", "integrity"}
SHARED = {"course", "results", "adjustments", "errors", "points", "files", "literals", "__main__", "__init__"}
# The shell, the writers and the integrations, which the core must never import.
OUTER_ROOMS = {"outputs", "platforms", "commands", "cli"}
# `pipeline` grades one submission for the shell: the core's verdicts, then render's words.
SHELL_SHARED = {"pipeline"}
# `checks` is the course authors' face: it only gathers what grading defines.
ROOMS = CORE_ROOMS | OUTER_ROOMS | {"render", "intake", "checks"}


def _room(name: str) -> str:
    return name.split(".")[1] if name.count(".") >= 1 else "__init__"


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


def test_every_module_lives_in_a_room():
    loose = {_room(name) for name in GRAPH} - ROOMS - SHARED - SHELL_SHARED
    assert not loose, f"say which room {sorted(loose)} belong in (ARCHITECTURE.md)"


CORE_MODULES = sorted(name for name in GRAPH if _room(name) in CORE_ROOMS or _room(name) in {"course", "results", "adjustments", "points", "files", "literals"})


@pytest.mark.parametrize("module", CORE_MODULES)
def test_the_core_never_imports_the_shell(module):
    reached = {name for name in GRAPH[module] if _room(name) in OUTER_ROOMS}
    assert not reached, f"{module} imports {sorted(reached)}"
    wording = {name for name in GRAPH[module] if _room(name) in {"render", "pipeline"}}
    assert not wording, f"{module} imports {sorted(wording)}: the core records facts; render words them (pipeline.py)"


@pytest.mark.parametrize("module", sorted(name for name in GRAPH if _room(name) == "isolation"))
def test_the_security_boundary_imports_nothing_but_itself_and_the_records(module):
    reached = {_room(name) for name in GRAPH[module]} - {"isolation", "course", "errors", "__init__"}
    assert not reached, f"{module} reaches {sorted(reached)}"


def test_the_room_map_holds_every_room():
    text = (PACKAGE / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for room in sorted(ROOMS - {"cli"}):
        assert f"`autograder/{room}/`" in text, f"ARCHITECTURE.md says nothing of {room}/"


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


def _kit_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("autograder"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("autograder")}
    return found


COURSE_FILES = sorted(p for part in ("exercises", "solutions") for p in (PACKAGE.parent / part).rglob("*.py"))


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_course_files_reach_the_kit_only_through_its_face(path):
    assert _kit_imports(path) <= {"autograder.checks"}, f"{path}: import from autograder.checks"


def test_the_authors_face_exports_exactly_what_it_gathers():
    import autograder.checks as face

    public = {name for name in vars(face) if not name.startswith("_")} - {"annotations"}
    assert set(face.__all__) == public
