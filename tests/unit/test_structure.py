"""The shape the developers' guide asks for, checked on every run: the layers
import only downwards, no module in dashboard/ grows past ~300 lines, and no
Dash callback runs past 15 lines. Each failure names the file to fix."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "dashboard"
MAX_LINES = 310   # "about 300"
MAX_CALLBACK_LINES = 15

# layer -> the dashboard packages (and outside libraries) it must not import
FORBIDDEN = {
    "core": ("dashboard.feed", "dashboard.service", "dashboard.ui", "dashboard.web", "dashboard.runtime",
             "dashboard.replay", "redis", "dash", "flask"),
    "feed": ("dashboard.service", "dashboard.ui", "dashboard.web", "dashboard.runtime", "dash", "flask"),
    "replay": ("dashboard.service", "dashboard.ui", "dashboard.web", "dashboard.runtime", "redis", "dash",
               "flask"),
    "service": ("dashboard.ui", "dashboard.web", "redis", "dash", "flask"),
    # the screens ask who is signed in of dashboard/auth/who.py, never the web plumbing that installs it
    "ui": ("dashboard.web", "dashboard.feed", "redis"),
    "auth": ("dashboard.ui", "dashboard.web", "dashboard.service", "dashboard.runtime", "dash"),
}


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py"))


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_downwards(layer):
    wrong = []
    for path in (PACKAGE / layer).rglob("*.py"):
        for name in imported(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not wrong


def test_only_feed_imports_redis():
    wrong = [f"{p.relative_to(PACKAGE)}" for p in modules() if p.relative_to(PACKAGE).parts[0] != "feed"
             and any(n == "redis" or n.startswith("redis.") for n in imported(p))]
    assert not wrong


def test_no_module_is_a_hub():
    long = [f"{p.relative_to(PACKAGE)}: {n} lines" for p in modules()
            if (n := len(p.read_text().splitlines())) > MAX_LINES]
    assert not long


def test_callbacks_are_thin():
    long = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "callback"
                    for d in node.decorator_list):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_CALLBACK_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}: {n} lines")
    assert not long


def test_the_screens_touch_no_private_attribute_of_another_object():
    wrong = []
    for path in list((PACKAGE / "ui").rglob("*.py")) + list((PACKAGE / "web").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
                wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno} .{node.attr}")
    assert not wrong
