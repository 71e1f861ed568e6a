"""`python -m scoran.embedded -- CMD`: real servers for a command, stopped after it."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from scoran.embedded import postgres_url

BASE_DIR = Path(__file__).resolve().parents[2]

# The command proves both servers answer over their sockets, says so, then waits.
PROBE = """
import os, sys, time, psycopg, redis
with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
    conn.execute("CREATE TABLE IF NOT EXISTS kept (n int)")
    conn.execute("INSERT INTO kept VALUES (1)")
    count = conn.execute("SELECT count(*) FROM kept").fetchone()[0]
assert redis.Redis.from_url(os.environ["REDIS_URL"]).ping()
print("ready", count, flush=True)
if sys.argv[1:] == ["wait"]:
    time.sleep(120)
"""


@pytest.fixture
def data_dir():
    # Not under pytest's private tmp: PostgreSQL runs as another user and must reach it.
    (BASE_DIR / ".data").mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="test-embedded-", dir=BASE_DIR / ".data"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def without_servers(data_dir: Path) -> dict[str, str]:
    """This environment without the servers' variables, the data kept in ``data_dir``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SECRET_KEY_FILE"}
    }
    env["SCORAN_DATA_DIR"] = str(data_dir)
    return env


def launcher(data_dir: Path, *args: str, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scoran.embedded", "--", sys.executable, "-c", PROBE, *args],
        cwd=BASE_DIR,
        env=without_servers(data_dir),
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


def servers_running(data_dir: Path) -> bool:
    return (data_dir / "postgres" / "postmaster.pid").exists() or (
        data_dir / "redis" / "redis.sock"
    ).exists()


def test_sigterm_reaches_the_command_and_both_servers_are_stopped(data_dir):
    process = launcher(data_dir, "wait")
    assert process.stdout.readline().split() == ["ready", "1"]
    assert servers_running(data_dir)

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) != 0  # the command was ended by the signal
    process.stdout.close()
    deadline = time.monotonic() + 10
    while servers_running(data_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not servers_running(data_dir)
    assert json.loads((data_dir / "postgres" / ".handle_pids.json").read_text()) == []


def test_data_is_kept_between_runs_and_the_secret_key_is_private(data_dir):
    for expected in ("1", "2"):
        process = launcher(data_dir)
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0
        assert out.split() == ["ready", expected]
    assert not servers_running(data_dir)
    key = data_dir / "secret_key"
    assert len(key.read_text()) >= 50
    assert key.stat().st_mode & 0o777 == 0o600


def test_each_server_says_in_one_line_where_it_answers(data_dir):
    # The first run creates the database cluster: pgserver would log initdb's whole output.
    process = launcher(data_dir, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert out.split() == ["ready", "1"]
    assert err.splitlines() == [
        f"scoran.embedded: PostgreSQL ready at {postgres_url(data_dir / 'postgres')}",
        f"scoran.embedded: Redis ready at unix://{data_dir / 'redis' / 'redis.sock'}",
    ]
    # A development cluster does not wait for the disk at each commit (tests, demo).
    tuned = (data_dir / "postgres" / "postgresql.auto.conf").read_text()
    for line in ("fsync = 'off'", "synchronous_commit = 'off'", "full_page_writes = 'off'"):
        assert line in tuned


def needs_the_project_venv() -> None:
    """The Makefile and the demo script run the project's ``.venv`` (``make`` makes it)."""
    if not shutil.which("make") or not (BASE_DIR / ".venv" / "bin" / "python").exists():
        pytest.skip("needs make and the project's .venv")


def make(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``make`` in the repository, trusting the installed virtualenv (never reinstalling),
    without the flags of a ``make`` that runs these tests."""
    needs_the_project_venv()
    env = {key: value for key, value in env.items() if key not in {"MAKEFLAGS", "MFLAGS"}}
    return subprocess.run(
        ["make", "--silent", "--old-file=.venv/.installed", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_make_manage_runs_a_management_command_on_the_embedded_servers(data_dir):
    result = make("manage", "ARGS=showmigrations strategy", env=without_servers(data_dir))
    assert result.returncode == 0, result.stderr
    # The command read the embedded database: its migrations are listed, none applied.
    assert "[ ] 0002_load_strategy" in result.stdout
    assert (data_dir / "postgres" / "PG_VERSION").exists()


def test_make_run_refuses_a_taken_port_at_once_and_names_another():
    needs_the_project_venv()
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            ["sh", "scripts/run-demo.sh"],
            cwd=BASE_DIR,
            env={**os.environ, "PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 1
    # Nothing was migrated nor started: the one line is the refusal.
    assert result.stderr.splitlines() == [
        f"Le port {port} est déjà pris : lancez par exemple « make run PORT={port + 1} »."
    ]
    assert result.stdout == ""
