"""The tree of dashboard/ says where a change belongs: rooms by capability, imports only leftwards.

Read from the source (every import statement, those inside functions included), not by importing:
a lazy import inside a function is still a dependency and still counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "dashboard"
# A room imports only the rooms to its left (and the shared modules), never one to its right.
ROOMS = ["data", "imports", "analysis", "figures", "views", "outputs", "web"]
SHARED = {"dashboard.config", "dashboard.labels", "dashboard.comparison_rules"}
ALIASES = {"dashboard.coverage", "dashboard.validate"}   # `python -m` commands kept as documented
CORE = ["data", "imports", "analysis", "figures", "views", "outputs"]
MAX_LINES = 320


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function: « from a import b » counts b
    when a.b is a module, else a."""
    known = modules()
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return found


def room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "dashboard" and parts[1] in ROOMS else None


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {m for m in imports_of(path) if m in known and m != name} for name, path in known.items()}


def test_every_module_lives_in_a_room_except_the_shared_and_the_command_aliases():
    loose = {m for m in modules() if room(m) is None and m.count(".") >= 1 and m.split(".")[1] not in ROOMS}
    assert loose == SHARED | ALIASES


def test_each_room_says_what_lives_there_and_what_it_may_import():
    for name in ROOMS:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "May import" in doc or "may import" in (doc or ""), name


@pytest.mark.parametrize("name", ROOMS)
def test_a_room_imports_only_rooms_to_its_left(name):
    allowed = set(ROOMS[: ROOMS.index(name) + 1])
    wrong = sorted(f"{module} imports {target}" for module, targets in graph().items()
                   if room(module) == name for target in targets
                   if room(target) is not None and room(target) not in allowed)
    assert wrong == []


def test_the_shared_modules_and_the_data_room_import_no_higher_room():
    wrong = sorted(f"{module} imports {target}" for module, targets in graph().items()
                   if module in SHARED for target in targets if room(target) not in (None, "data"))
    assert wrong == []


def test_the_core_never_imports_web_callbacks_layouts_dash_or_flask():
    forbidden = ("dashboard.web", "callbacks", "layouts", "dash", "flask", "dash_bootstrap_components")
    wrong = sorted(f"{module} imports {target}" for module, path in modules().items()
                   if room(module) in CORE or module in SHARED
                   for target in imports_of(path)
                   if any(target == f or target.startswith(f + ".") for f in forbidden))
    assert wrong == []


def test_no_import_cycles_between_modules():
    edges, cycles = graph(), []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target, stack + [target])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_modules_stay_small_enough_to_read():
    long = {m: n for m, p in modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_checker_sees_a_lazy_import_inside_a_function(tmp_path):
    """The reading itself: an import written inside a function body is found (so a cycle hidden
    behind one is not missed)."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from dashboard.web import routes\n    import flask\n", encoding="utf-8")
    assert {"dashboard.web.routes", "flask"} <= imports_of(sample)
