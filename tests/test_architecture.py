"""The architecture's rules, read from the code (docs/architecture.md explains them).

Every module of the project (``scoran/`` and the four apps) is parsed with ``ast``;
its imports of project modules are the edges checked here:

1. dependencies point one way: ``scoran.lib`` ← ``strategy`` ← ``observatories`` ←
   ``directory`` ← ``portal``: a module imports only its own app, the apps to its left
   and ``scoran.lib`` (apps may also import ``scoran.celery``, the Celery app);
2. ``scoran.lib`` is a leaf: it imports no other project module;
3. in ``scoran/``, only ``urls.py``, ``settings.py`` and ``celery.py`` name apps;
4. models modules import only models and queryset modules and leaf modules (modules
   that import nothing of the project but ``scoran.lib`` and other leaves);
5. no import cycle between files, counting module-level imports;
6. an import inside a function (deferred) of a project module is in
   ``AppConfig.ready()``, or carries a comment on its line or the line above saying
   why (a cycle that a module-level import would close);
7. no function over 60 lines outside ``bench/``, ``scripts/`` and migrations, unless its
   docstring says why in a sentence starting "Long because".

Imports under ``if TYPE_CHECKING:`` are not run: they count for rules 1 to 4 only.
Each test lists every violation, one per line, with its file and line.
"""

import ast
import io
import itertools
import os
import textwrap
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Left to right: a module may import its own room and the rooms to its left.
LAYERS = ["scoran.lib", "strategy", "observatories", "directory", "portal"]
PACKAGES = ["scoran", "strategy", "observatories", "directory", "portal"]
# The kernel modules that name apps: the root URLs, the settings, the Celery app.
KERNEL_NAMING_APPS = {"scoran.urls", "scoran.settings", "scoran.celery"}
# What an app may import of the kernel besides scoran.lib.
KERNEL_FOR_APPS = {"scoran.celery"}
MAX_FUNCTION_LINES = 60
SKIPPED_DIRECTORIES = {"bench", "scripts", "migrations", "node_modules", "staticfiles", "media"}

# Known violations, each to be fixed by a branch of issue 9 working in parallel; the
# lead empties this list when they are merged. An entry that no longer matches a
# violation fails too (test_the_allowlist_holds_only_current_violations), so the list
# only shrinks. Keys: "<rule>: importer -> imported", "cycle: a -> b -> a",
# "long: path::function".
ALLOWED: set[str] = set()


@dataclass(frozen=True)
class Import:
    importer: str  # the importing module
    target: str  # the project module imported (the deepest one that exists)
    path: Path
    line: int
    deferred: bool  # inside a function: run when the function is
    type_only: bool  # under ``if TYPE_CHECKING:``: never run
    commented: bool  # a comment on its line or the line above
    in_ready: bool  # inside an ``AppConfig.ready()``

    @property
    def key(self) -> str:
        return f"{self.importer} -> {self.target}"

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


@cache
def modules() -> dict[str, Path]:
    """Every module of the project, by dotted name (a package by its ``__init__``)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def deepest_module(name: str) -> str | None:
    """The project module ``name`` designates (an attribute's module), or None."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in modules():
            return ".".join(parts)
        parts.pop()
    return None


def comment_lines(source: str) -> set[int]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {token.start[0] for token in tokens if token.type == tokenize.COMMENT}


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_names(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The dotted names an import statement asks for, relative imports resolved."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        source = ".".join([*package, *filter(None, [node.module])])
    else:
        source = node.module or ""
    # ``from a import b``: b is a submodule, or a name defined in a.
    return [
        f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules() else source
        for alias in node.names
    ]


def read_imports(module: str, path: Path, source: str) -> list[Import]:
    """The imports of project modules in ``source``, the text of ``module``."""
    comments = comment_lines(source)
    found = []

    def visit(node: ast.AST, function: str | None, type_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                for name in imported_names(child, module, path.name == "__init__.py"):
                    target = deepest_module(name)
                    if target is None or target == module:
                        continue
                    lines = range(child.lineno - 1, child.end_lineno + 1)
                    found.append(
                        Import(
                            importer=module,
                            target=target,
                            path=path,
                            line=child.lineno,
                            deferred=function is not None,
                            type_only=type_only,
                            commented=any(line in comments for line in lines),
                            in_ready=function == "ready" and path.name == "apps.py",
                        )
                    )
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, function or child.name, type_only)
            elif isinstance(child, ast.If) and is_type_checking(child):
                visit(child, function, True)
            else:
                visit(child, function, type_only)

    visit(ast.parse(source), None, False)
    return found


@cache
def imports_of(module: str) -> tuple[Import, ...]:
    path = modules()[module]
    return tuple(read_imports(module, path, path.read_text(encoding="utf-8")))


@cache
def project_imports() -> tuple[Import, ...]:
    return tuple(item for module in modules() for item in imports_of(module))


def room(module: str) -> str:
    """``scoran.lib``, an app's name, or ``scoran`` for the rest of the kernel."""
    if module == "scoran.lib" or module.startswith("scoran.lib."):
        return "scoran.lib"
    return module.split(".")[0]


def is_models_module(module: str) -> bool:
    parts = module.split(".")
    return len(parts) >= 2 and parts[1] in {"models", "querysets"}


def is_leaf(module: str, visiting: frozenset[str] = frozenset()) -> bool:
    """Imports nothing of the project but scoran.lib and other leaves (a module in an
    import cycle is no leaf)."""
    if room(module) == "scoran.lib":
        return True
    if module in visiting:
        return False
    return all(is_leaf(item.target, visiting | {module}) for item in imports_of(module))


def assert_none(problems: dict[str, str]) -> None:
    """Fails listing the violations not in the allowlist, one per line."""
    lines = [message for key, message in sorted(problems.items()) if key not in ALLOWED]
    if lines:
        pytest.fail("\n".join([f"{len(lines)} violation(s):", *lines]), pytrace=False)


# Rules 1 to 4 and 6, each giving {key: message}.


def dependency_violations(imports: Iterable[Import]) -> dict[str, str]:
    problems = {}
    for item in imports:
        source, target = room(item.importer), room(item.target)
        if source not in LAYERS or source == target:
            continue
        if target == "scoran" and item.target in KERNEL_FOR_APPS and source != "scoran.lib":
            continue
        if target not in LAYERS or LAYERS.index(target) > LAYERS.index(source):
            problems[f"dependencies: {item.key}"] = (
                f"{item.where()}: {item.importer} imports {item.target}, but {source} may "
                f"import only {', '.join(LAYERS[: LAYERS.index(source)]) or 'nothing'} "
                f"(and itself)"
            )
    return problems


def kernel_violations(imports: Iterable[Import]) -> dict[str, str]:
    problems = {}
    for item in imports:
        if room(item.importer) != "scoran" or item.importer in KERNEL_NAMING_APPS:
            continue
        if room(item.target) != "scoran" and room(item.target) != "scoran.lib":
            problems[f"kernel: {item.key}"] = (
                f"{item.where()}: {item.importer} imports the app module {item.target}; in "
                f"scoran/ only {', '.join(sorted(KERNEL_NAMING_APPS))} name apps"
            )
    return problems


def models_violations(imports: Iterable[Import]) -> dict[str, str]:
    problems = {}
    for item in imports:
        if not is_models_module(item.importer):
            continue
        if not is_models_module(item.target) and not is_leaf(item.target):
            problems[f"models: {item.key}"] = (
                f"{item.where()}: the models module {item.importer} imports {item.target}, "
                "which is neither models nor a leaf module"
            )
    return problems


def deferred_import_violations(imports: Iterable[Import]) -> dict[str, str]:
    problems = {}
    for item in imports:
        if item.deferred and not item.in_ready and not item.commented and not item.type_only:
            problems[f"deferred: {item.key}"] = (
                f"{item.where()}: {item.importer} imports {item.target} inside a function "
                "without a comment saying why (move it to the top, or explain the cycle)"
            )
    return problems


def import_cycles(imports: Iterable[Import]) -> dict[str, str]:
    """One shortest cycle per strongly connected group of modules (module-level imports)."""
    graph, where = {}, {}
    for item in imports:
        graph.setdefault(item.importer, set())
        graph.setdefault(item.target, set())
        if not item.deferred and not item.type_only:
            graph[item.importer].add(item.target)
            where.setdefault((item.importer, item.target), item.where())
    problems = {}
    for group in strongly_connected(graph):
        cycle = shortest_cycle(graph, min(group), group)
        steps = ", ".join(where[step] for step in itertools.pairwise(cycle))
        problems["cycle: " + " -> ".join(cycle)] = f"import cycle {' -> '.join(cycle)} (at {steps})"
    return problems


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Groups of modules that reach one another, with a loop (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                connect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def shortest_cycle(graph: dict[str, set[str]], start: str, group: set[str]) -> list[str]:
    paths = {start: [start]}
    queue = [start]
    for node in queue:
        for successor in sorted(graph[node] & group):
            if successor == start:
                return [*paths[node], start]
            if successor not in paths:
                paths[successor] = [*paths[node], successor]
                queue.append(successor)
    raise AssertionError(f"{start} is in no cycle")


# Rule 7.


def python_files() -> Iterator[tuple[str, str]]:
    """(path from the root, text) of every Python file outside the skipped directories."""
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not name.startswith((".", "__")) and name not in SKIPPED_DIRECTORIES
        )
        for name in sorted(files):
            if name.endswith(".py"):
                path = Path(directory) / name
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def long_functions(files: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Functions over the limit in ``files`` (relative path, text) without their reason."""
    problems = {}
    for relative, source in files:
        for name, node in functions(ast.parse(source)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES and "Long because" not in (
                ast.get_docstring(node) or ""
            ):
                problems[f"long: {relative}::{name}"] = (
                    f"{relative}:{node.lineno}: {name} has {length} lines (at most "
                    f"{MAX_FUNCTION_LINES}, or a docstring saying 'Long because …')"
                )
    return problems


def functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef]]:
    """Every function with its dotted name inside its module (``Class.method.inner``)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, node
            yield from functions(node, f"{name}.")
        else:
            yield from functions(node, prefix)


def current_violations() -> dict[str, dict[str, str]]:
    imports = project_imports()
    return {
        "dependencies": dependency_violations(imports),
        "kernel": kernel_violations(imports),
        "models": models_violations(imports),
        "deferred imports": deferred_import_violations(imports),
        "cycles": import_cycles(imports),
        "long functions": long_functions(python_files()),
    }


def test_dependencies_point_one_way():
    assert_none(dependency_violations(project_imports()))


def test_the_kernel_names_apps_only_in_urls_settings_and_celery():
    assert_none(kernel_violations(project_imports()))


def test_models_import_only_models_and_leaf_modules():
    assert_none(models_violations(project_imports()))


def test_imports_inside_functions_say_why():
    assert_none(deferred_import_violations(project_imports()))


def test_no_import_cycle_between_files():
    assert_none(import_cycles(project_imports()))


def test_no_function_over_60_lines_unless_its_docstring_says_why():
    assert_none(long_functions(python_files()))


def test_the_allowlist_holds_only_current_violations():
    current = set().union(*current_violations().values())
    fixed = sorted(ALLOWED - current)
    if fixed:
        pytest.fail("\n".join(["Fixed (or renamed): remove from ALLOWED", *fixed]), pytrace=False)


# The checker itself, on code written for the purpose: each rule finds what it must.

SAMPLE = """\
from typing import TYPE_CHECKING

from . import loader
from .models import Axis

if TYPE_CHECKING:
    from observatories.models import Commune


def f():
    # Deferred: a module-level import would close a cycle.
    from .querysets import AxisQuerySet
    from directory.models import User
"""


def sample_imports(module: str = "strategy.sample", source: str = SAMPLE) -> list[Import]:
    path = ROOT / Path(*module.split(".")).with_suffix(".py")
    return read_imports(module, path, source)


def test_the_reader_resolves_relative_imports_and_sees_where_each_import_runs():
    found = {
        (item.target, item.deferred, item.type_only, item.commented) for item in sample_imports()
    }
    assert found == {
        ("strategy.loader", False, False, False),
        ("strategy.models", False, False, False),
        ("observatories.models", False, True, False),
        ("strategy.querysets", True, False, True),
        ("directory.models", True, False, False),
    }


def test_each_rule_finds_its_violations_in_a_sample():
    imports = sample_imports()
    assert set(dependency_violations(imports)) == {
        "dependencies: strategy.sample -> observatories.models",  # type-only ones count
        "dependencies: strategy.sample -> directory.models",
    }
    assert set(deferred_import_violations(imports)) == {
        "deferred: strategy.sample -> directory.models"
    }
    kernel = sample_imports("scoran.sample", "from portal import views\nfrom .lib import text\n")
    assert set(kernel_violations(kernel)) == {"kernel: scoran.sample -> portal.views"}
    library = sample_imports(
        "scoran.lib.sample", "from . import text\nfrom scoran import env\nimport strategy.models\n"
    )
    assert set(dependency_violations(library)) == {
        "dependencies: scoran.lib.sample -> scoran.env",
        "dependencies: scoran.lib.sample -> strategy.models",
    }
    models = sample_imports(
        "directory.models.sample",
        "from directory.validators import validate_siren\nfrom directory.places import views\n",
    )
    assert set(models_violations(models)) == {
        "models: directory.models.sample -> directory.places.views"
    }


def edge(importer: str, target: str, *, deferred: bool = False) -> Import:
    path = ROOT / Path(*importer.split(".")).with_suffix(".py")
    return Import(importer, target, path, 1, deferred, False, False, False)


def test_a_cycle_is_reported_once_from_its_first_module_and_deferred_imports_break_none():
    imports = [
        edge("strategy.b", "strategy.c"),
        edge("strategy.c", "strategy.a"),
        edge("strategy.a", "strategy.b"),
        edge("strategy.c", "strategy.models"),
        edge("strategy.models", "strategy.querysets"),
        edge("strategy.querysets", "strategy.models", deferred=True),
    ]
    assert list(import_cycles(imports)) == [
        "cycle: strategy.a -> strategy.b -> strategy.c -> strategy.a"
    ]


def test_a_long_function_passes_only_when_its_docstring_says_why():
    def function(name: str, lines: int, docstring: str = "") -> str:
        body = [f'    """{docstring}"""'] if docstring else []
        body += ["    x = 1"] * (lines - 1 - len(body))
        return "\n".join([f"def {name}():", *body, ""])

    source = "\n".join(
        [
            function("at_the_limit", MAX_FUNCTION_LINES),
            function("over", MAX_FUNCTION_LINES + 1),
            function("explained", MAX_FUNCTION_LINES + 1, "Long because it is a table."),
            "class K:",
            textwrap.indent(function("method", MAX_FUNCTION_LINES + 1), "    "),
        ]
    )
    assert list(long_functions([("strategy/sample.py", source)])) == [
        "long: strategy/sample.py::over",
        "long: strategy/sample.py::K.method",
    ]
