"""Consistency of the project as a whole."""

import ast
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

OUR_APPS = ["strategy", "directory", "observatories", "portal"]
ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
README_MAX_LINES = 50  # one screen: what the portal is, the two commands, where to go next


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    # Exits with SystemExit(1) when a migration would be created.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_migrations_of_each_app_are_linear():
    graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    for app in OUR_APPS:
        leaves = [name for label, name in graph.leaf_nodes() if label == app]
        assert len(leaves) <= 1, f"{app} has several migration heads: {leaves}"


def test_an_undefined_template_variable_fails_the_tests():
    from django.template import engines

    template = engines["django"].from_string("{{ nothing_here }}")
    with pytest.raises(AssertionError, match="nothing_here"):
        template.render({})


def environment_variables() -> set[str]:
    """The variables ``scoran/settings.py`` reads through the typed readers of ``scoran/env.py``."""
    tree = ast.parse((ROOT / "scoran" / "settings.py").read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.startswith("env_")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_every_environment_variable_is_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert "DATABASE_URL" in environment_variables()
    assert sorted(name for name in environment_variables() if f"`{name}`" not in documented) == []


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def headings(page: Path) -> list[str]:
    return [anchor(line) for line in re.findall(r"^#+ (.+)$", page.read_text("utf-8"), re.M)]


def test_links_between_the_readme_and_the_docs_lead_somewhere():
    broken = []
    for page in [ROOT / "README.md", ROOT / "bench" / "README.md", *DOCS]:
        text = page.read_text(encoding="utf-8")
        for target, fragment in re.findall(r"\]\(([^)#\s]*)(?:#([^)\s]*))?\)", text):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            path = (page.parent / target).resolve() if target else page
            if not path.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target} does not exist")
            elif fragment and fragment not in headings(path):
                broken.append(f"{page.relative_to(ROOT)}: {target}#{fragment}, no such heading")
    assert broken == []


def test_the_readme_holds_on_one_screen_and_leads_to_every_doc():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= README_MAX_LINES
    assert "make run" in readme
    assert "make test" in readme
    assert DOCS
    assert [page.name for page in DOCS if f"(docs/{page.name})" not in readme] == []


def test_every_scheduled_job_names_a_task_that_exists(settings):
    """Jobs are declared in code (CELERY_BEAT_SCHEDULE) by task name: a task moved to
    a feature folder keeps its jobs running only if the name follows."""
    from scoran.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled - set(app.tasks) == set()
