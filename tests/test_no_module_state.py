"""No module of `generator` keeps mutable state at module level: what builds share is an object its caller owns.

Found by reading the code (`ast`): a `global` statement, a module-level name bound to an empty or
mutable container (`{}`, `[]`, `set()`, `defaultdict()`, ...) or to None (to be bound later), and a
module-level name changed in place inside a function (`NAME.add(...)`, `NAME[key] = ...`).
Memoised pure functions (`functools.cache`) are not state: they give the same answer to every site.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

#: The one exception: the pipeline handle of an annotating worker process, set by the pool's initializer.
ALLOWED = {("pipeline/annotating.py", "_worker")}

_MUTABLE_CALLS = {"set", "dict", "list", "bytearray", "defaultdict", "OrderedDict", "Counter", "deque"}
_MUTATORS = {"add", "append", "clear", "discard", "extend", "insert", "pop", "popitem", "remove", "setdefault",
             "update", "appendleft", "popleft", "sort", "reverse"}


def _targets(node: ast.stmt) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, ast.AnnAssign) and node.value is not None:
        return [node.target]
    return []


def _is_mutable(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set)):
        return not (value.keys if isinstance(value, ast.Dict) else value.elts)  # a filled literal is a table
    if isinstance(value, (ast.DictComp, ast.ListComp, ast.SetComp)):
        return False  # a table computed once
    if isinstance(value, ast.Constant):
        return value.value is None
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in _MUTABLE_CALLS
    return False


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """The names a function binds itself (its parameters and assignments): those shadow module names."""
    args = function.args
    bound = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    bound |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
    return bound


def module_state(path: Path) -> list[tuple[str, str]]:
    """(name, what makes it state) of each piece of module-level mutable state in the module at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[str, str]] = []
    module_names: set[str] = set()
    for statement in tree.body:
        for target in _targets(statement):
            if isinstance(target, ast.Name):
                module_names.add(target.id)
                value = statement.value  # type: ignore[union-attr]
                if _is_mutable(value) and target.id not in {"__all__", "log"}:
                    found.append((target.id, f"bound to {ast.unparse(value)} at module level"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.extend((name, "rebound by a `global` statement") for name in node.names)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            shadowed = _locals(node)
            for inner in ast.walk(node):
                changed = None
                if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
                        and inner.func.attr in _MUTATORS and isinstance(inner.func.value, ast.Name)):
                    changed = inner.func.value.id
                elif isinstance(inner, (ast.Assign, ast.AugAssign, ast.Delete)):
                    for target in inner.targets if isinstance(inner, (ast.Assign, ast.Delete)) else [inner.target]:
                        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                            changed = target.value.id
                if changed in module_names and changed not in shadowed:
                    found.append((changed, f"changed in place in a function (line {inner.lineno})"))
    return found


def test_no_module_of_the_package_keeps_mutable_state() -> None:
    offending = [f"{path.relative_to(PACKAGE)}: {name} {why}"
                 for path in sorted(PACKAGE.rglob("*.py"))
                 for name, why in module_state(path)
                 if (path.relative_to(PACKAGE).as_posix(), name) not in ALLOWED]
    assert not offending, "\n".join(offending)


def test_the_allowed_worker_handle_is_still_there() -> None:
    # The allowance names something that exists: a stale one would hide a new global of the same name.
    assert ("_worker", "rebound by a `global` statement") in module_state(PACKAGE / "pipeline" / "annotating.py")


@pytest.mark.parametrize("source", [
    "_seen = set()\n",
    "_last = None\n",
    "_memo: dict[str, int] = {}\n",
    "from collections import defaultdict\n_by = defaultdict(list)\n",
    "_n = 0\ndef bump():\n    global _n\n    _n += 1\n",
    "_TABLE = {'a': 1}\ndef learn(k):\n    _TABLE[k] = 2\n",
    "_WORDS = ['a']\ndef more(w):\n    _WORDS.append(w)\n",
])
def test_each_kind_of_module_state_is_found(tmp_path: Path, source: str) -> None:
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert module_state(path)


def test_constants_and_local_names_are_not_state(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("import re\n__all__ = ['f']\n_WORD = re.compile('x')\n_KINDS = {'a': 1}\n_SET = frozenset({'b'})\n"
                    "def f(seen=None):\n    _KINDS = {}\n    _KINDS['c'] = 2\n    found = set()\n    found.add(1)\n"
                    "    return _SET | found\n", encoding="utf-8")
    assert module_state(path) == []
