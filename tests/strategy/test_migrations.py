"""The strategy's data migrations run frozen code, so the live loader may change."""

import ast
from pathlib import Path

import strategy

MIGRATIONS = Path(strategy.__file__).resolve().parent / "migrations"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, by its absolute name (relative imports resolved)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            package = ["strategy", "migrations"][: 3 - node.level] if node.level else []
            module = ".".join([*package, *filter(None, [node.module])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_no_strategy_migration_imports_the_live_loader():
    files = sorted(MIGRATIONS.glob("*.py"))
    assert MIGRATIONS / "0002_load_strategy.py" in files
    importers = [path.name for path in files if "strategy.loader" in imported_modules(path)]
    assert importers == []


def test_the_migration_that_loads_the_strategy_runs_the_frozen_loader():
    migration = imported_modules(MIGRATIONS / "0002_load_strategy.py")
    assert "strategy.migrations._frozen_loader_0002.load_strategy" in migration
    # The frozen copy imports nothing of the project either.
    frozen = imported_modules(MIGRATIONS / "_frozen_loader_0002.py")
    assert not [name for name in frozen if name.split(".")[0] in {"strategy", "scoran"}]
