"""The package layout keeps its promises: rules/ and registry/ never import intake/, and no
module imports itself back through a cycle (README "Architecture")."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("intake", "registry", "rules", "templates")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for top in PACKAGES for p in (ROOT / top).rglob("*.py")
            if "migrations" not in p.parts}


def _imports(path: Path, known: set[str]) -> set[str]:
    """Project modules imported anywhere in the file: an import deferred into a function
    still makes a dependency, and a cycle through one is still a cycle."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph = {}
    for name, path in modules.items():
        # a module's own parent packages are initialised before it, whatever it imports
        parents = {name.rsplit(".", i)[0] for i in range(name.count(".") + 1)}
        graph[name] = _imports(path, known) - parents
    return graph


def test_rules_and_registry_import_nothing_from_intake():
    offenders = [f"{m} imports {dep}" for m, deps in _graph().items()
                 if m.split(".")[0] in ("rules", "registry")
                 for dep in deps if dep.split(".")[0] == "intake"]
    assert offenders == []


def test_rules_import_nothing_from_registry():
    offenders = [f"{m} imports {dep}" for m, deps in _graph().items()
                 if m.startswith("rules") for dep in deps if dep.startswith("registry")]
    assert offenders == []


def test_no_import_cycles():
    graph = _graph()
    cycles, state = [], {}

    def walk(node, stack):
        state[node] = "open"
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == "open":
                cycles.append(" -> ".join(stack[stack.index(dep):] + [dep]))
            elif dep not in state:
                walk(dep, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            walk(node, [])
    assert cycles == []
