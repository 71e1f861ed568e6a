"""Page load under load: the commune page against a static file of similar size,
both served by the same gunicorn with production settings, on loopback.

    python bench/bench_pages.py [--database-url URL] [--redis-url URL] [--duration 15]

Target (issue 3): the commune page answers at p95 within 15 times the p95 of the static
file. Steps: create the database if missing and fill it with the demo data
(`setup_demo`: territories and invented eligibility figures), `collectstatic`, start
gunicorn with DEBUG=0 (hashed static files served by WhiteNoise), warm up, run `wrk`
for the given duration on each URL, print both p95 and their ratio. Exits 1 when the
target is missed. Needs `wrk` (Debian: `apt-get install wrk`). On demand, not a test.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
COMMUNE_PAGE = "/observatoire/communes/21231/"
TARGET_RATIO = 15

# wrk's --latency table stops at 90 % and 99 %: this script prints the 95th percentile.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("p50_us=%d\\np95_us=%d\\np99_us=%d\\nrequests=%d\\nerrors=%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"database {name} created")


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
        return response.read()


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit code {server.returncode})")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def static_file_like(size: int) -> tuple[str, int]:
    """The hashed static file (as WhiteNoise serves it) whose size is nearest ``size``."""
    root = BASE_DIR / "staticfiles"
    manifest = json.loads((root / "staticfiles.json").read_text(encoding="utf-8"))
    candidates = [
        (abs((root / hashed).stat().st_size - size), hashed, (root / hashed).stat().st_size)
        for hashed in manifest["paths"].values()
        if not hashed.startswith("admin/")
    ]
    _, hashed, found = min(candidates)
    return "/static/" + hashed, found


def run_wrk(url: str, *, duration: int, threads: int, connections: int, script: str) -> dict:
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = dict(re.findall(r"^(\w+)=(\d+)$", result.stdout, flags=re.M))
    return {name: int(value) for name, value in figures.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/scoran_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=3, help="as in the Dockerfile")
    parser.add_argument("--duration", type=int, default=15, help="seconds per URL")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing (Debian: apt-get install wrk)", file=sys.stderr)
        return 2

    ensure_database(options.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "REDIS_URL": options.redis_url,
        "CACHE_KEY_PREFIX": "bench",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    demo = {**env, "DEBUG": "1"}  # setup_demo refuses to run in production mode
    production = {**env, "DEBUG": "0"}
    print("setting up the demo data (migrate, territories, eligibility figures)…")
    manage(demo, "migrate", "--noinput", "--verbosity", "0")
    manage(demo, "setup_demo")
    manage(production, "collectstatic", "--noinput", "--verbosity", "0")

    origin = f"http://127.0.0.1:{options.port}"
    server = subprocess.Popen(
        [str(GUNICORN), "scoran.wsgi", "--bind", f"127.0.0.1:{options.port}",
         "--workers", str(options.workers), "--log-level", "warning"],
        cwd=BASE_DIR,
        env=production,
    )  # fmt: skip
    try:
        wait_until_up(origin + COMMUNE_PAGE, server)
        page_size = len(fetch(origin + COMMUNE_PAGE))
        static_url, static_size = static_file_like(page_size)
        for url in (COMMUNE_PAGE, static_url):  # warm up: connections, template caches
            for _ in range(20):
                fetch(origin + url)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_REPORT)
        wrk = {
            "duration": options.duration,
            "threads": options.threads,
            "connections": options.connections,
            "script": script.name,
        }
        print(
            f"wrk: {options.duration} s per URL, {options.threads} threads, "
            f"{options.connections} connections; gunicorn: {options.workers} workers; "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} before the runs"
        )
        page = run_wrk(origin + COMMUNE_PAGE, **wrk)
        static = run_wrk(origin + static_url, **wrk)
        os.unlink(script.name)
    finally:
        server.terminate()
        server.wait(timeout=30)

    for label, url, size, figures in (
        ("commune page", COMMUNE_PAGE, page_size, page),
        ("static file ", static_url, static_size, static),
    ):
        print(
            f"{label} {url} ({size / 1024:.1f} KiB): p50 {figures['p50_us'] / 1000:.2f} ms, "
            f"p95 {figures['p95_us'] / 1000:.2f} ms, p99 {figures['p99_us'] / 1000:.2f} ms, "
            f"{figures['requests'] / options.duration:.0f} req/s, {figures['errors']} errors"
        )
    ratio = page["p95_us"] / static["p95_us"]
    verdict = "OK" if ratio <= TARGET_RATIO and not page["errors"] else "MISSED"
    print(f"p95 ratio page/static: {ratio:.1f} (target ≤ {TARGET_RATIO}) → {verdict}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
