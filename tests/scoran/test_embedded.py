"""`python -m scoran.embedded -- CMD`: real servers for a command, stopped after it."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

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


def launcher(data_dir: Path, *args: str) -> subprocess.Popen:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SECRET_KEY_FILE"}
    }
    env["SCORAN_DATA_DIR"] = str(data_dir)
    return subprocess.Popen(
        [sys.executable, "-m", "scoran.embedded", "--", sys.executable, "-c", PROBE, *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
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
