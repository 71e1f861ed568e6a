"""The commune's territory page under load, rendered at every request (page cache
off), against a static file of similar size, both served by the same gunicorn with
production settings, on loopback, measured side by side in one run.

    python bench/bench_territory.py [--database-url URL] [--redis-url URL] [--rounds 3]

Target (issue 13): ``/territoires/communes/21231/`` (Dijon, the demo's data: figures,
places, organisations, projects, aides, events…), uncached, answers at p95 within 15
times the p95 of the static file. Steps: create the database if missing, migrate and
load the demo (``setup_demo``), ``collectstatic``, start gunicorn with ``DEBUG=0`` and
``OBSERVATORY_PAGE_CACHE_SECONDS=0``, warm up, then alternate rounds on the page and
on the static file (so that both meet the same load on a shared machine), each round
``--connections`` keep-alive connections in as many processes for ``--seconds``, and
print p50, p95 and p99 of each and the p95 ratio. Exits 1 when the target is missed.
Needs no ``wrk``: the load comes from this script's processes. On demand, not a test.
"""

import argparse
import http.client
import multiprocessing
import os
import secrets
import subprocess
import sys
import time

from bench_pages import (
    BASE_DIR,
    GUNICORN,
    ensure_database,
    fetch,
    manage,
    static_file_like,
    wait_until_up,
)

TERRITORY_PAGE = "/territoires/communes/21231/"
TARGET_RATIO = 15


def _load(arguments) -> list[float]:
    """One connection's latencies (seconds) for ``seconds`` of back-to-back GETs."""
    port, path, seconds = arguments
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        latencies.append(time.perf_counter() - start)
    connection.close()
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(pool, port: int, path: str, *, connections: int, seconds: float) -> list[float]:
    rounds = pool.map(_load, [(port, path, seconds)] * connections)
    return [latency for latencies in rounds for latency in latencies]


def report(label: str, path: str, size: int, latencies: list[float], seconds: float) -> float:
    p95 = percentile(latencies, 0.95)
    print(
        f"{label} {path} ({size / 1024:.1f} KiB): p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms, "
        f"{len(latencies) / seconds:.0f} req/s"
    )
    return p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/scoran_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=3, help="as in the Dockerfile")
    parser.add_argument("--rounds", type=int, default=3, help="alternate rounds per URL")
    parser.add_argument("--seconds", type=float, default=5, help="seconds per round")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--skip-setup", action="store_true", help="the demo is loaded")
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="figures from the page cache (what visitors get), the sections still live",
    )
    options = parser.parse_args()

    ensure_database(options.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "REDIS_URL": options.redis_url,
        "CACHE_KEY_PREFIX": "bench-territory",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        # The page rendered at every request, unless asked otherwise.
        "OBSERVATORY_PAGE_CACHE_SECONDS": "900" if options.page_cache else "0",
    }
    demo = {**env, "DEBUG": "1"}  # setup_demo refuses to run in production mode
    production = {**env, "DEBUG": "0"}
    if not options.skip_setup:
        print("setting up the demo data (migrate, setup_demo)…")
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
        wait_until_up(origin + TERRITORY_PAGE, server)
        page_size = len(fetch(origin + TERRITORY_PAGE))
        static_path, static_size = static_file_like(page_size)
        for path in (TERRITORY_PAGE, static_path):  # warm up: connections, template caches
            for _ in range(20):
                fetch(origin + path)
        print(
            f"{options.rounds} alternate rounds of {options.seconds:g} s per URL, "
            f"{options.connections} connections; gunicorn: {options.workers} workers; "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} before the runs"
        )
        page, static = [], []
        with multiprocessing.Pool(options.connections) as pool:
            for _ in range(options.rounds):
                load = {"connections": options.connections, "seconds": options.seconds}
                page += measure(pool, options.port, TERRITORY_PAGE, **load)
                static += measure(pool, options.port, static_path, **load)
    finally:
        server.terminate()
        server.wait(timeout=30)

    seconds = options.rounds * options.seconds
    label = "territory page (figures cached)" if options.page_cache else "territory page (uncached)"
    page_p95 = report(label, TERRITORY_PAGE, page_size, page, seconds)
    static_p95 = report("static file".ljust(len(label)), static_path, static_size, static, seconds)
    ratio = page_p95 / static_p95
    verdict = "OK" if ratio <= TARGET_RATIO else "MISSED"
    print(f"p95 ratio page/static: {ratio:.1f} (target ≤ {TARGET_RATIO}) → {verdict}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
