"""Security headers on every response, and production settings that pass the deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse, reverse_lazy

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]

# URL names, plus two addresses that are not views of ours.
PAGES = [
    "portal:home",
    "strategy:overview",
    "strategy:indicators",
    "projects:list",
    "portal:health",
    "admin:login",
]
OTHER_ADDRESSES = ["/robots.txt", "/page-qui-n-existe-pas/"]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("url", [reverse_lazy(name) for name in PAGES] + OTHER_ADDRESSES)
def test_every_response_carries_a_strict_csp_and_security_headers(client, url):
    response = client.get(url, secure=True)
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "geolocation=()" in response["Permissions-Policy"]


def test_no_page_sets_a_cookie_for_an_anonymous_visitor(client):
    for name in ("portal:home", "strategy:overview", "strategy:indicators"):
        assert not client.get(reverse(name), secure=True).cookies


def run_manage(*args: str, **env_changes: str | None) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with this environment, changed as asked
    (a value of None removes the variable)."""
    return _run_python("manage.py", *args, **env_changes)


def read_settings(code: str, **env_changes: str | None) -> subprocess.CompletedProcess:
    """Run ``code`` after importing the settings module (as ``s``) in a fresh process,
    the environment changed as in ``run_manage``: a few times faster than a
    ``manage.py`` command, which sets Django up first."""
    return _run_python("-c", f"import scoran.settings as s\n{code}", **env_changes)


def _run_python(*args: str, **env_changes: str | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG=None,
        SECURE_SSL_REDIRECT=None,
        DJANGO_ALLOW_ASYNC_UNSAFE=None,
        SECRET_KEY_FILE=None,
        SECRET_KEY="x" * 20 + "-production-secret-key-of-sufficient-length-0123456789",
        ALLOWED_HOSTS="scoran.example.fr",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", DEBUG=None, SECRET_KEY_FILE=None, SECRET_KEY="short")
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_a_malformed_boolean_setting_stops_the_start():
    result = run_manage("check", DEBUG="peut-être")
    assert result.returncode != 0
    assert "is not a boolean" in result.stderr


def test_a_malformed_number_setting_stops_the_start():
    result = run_manage("check", IMPORT_MAX_REJECT_RATE="cinq pour cent")
    assert result.returncode != 0
    assert "IMPORT_MAX_REJECT_RATE='cinq pour cent' is not a number" in result.stderr
