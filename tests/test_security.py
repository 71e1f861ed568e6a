"""Security headers on every response, and production settings that pass the deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse, reverse_lazy

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent

# URL names, plus two addresses that are not views of ours.
PAGES = [
    "portal:home",
    "strategy:overview",
    "strategy:indicators",
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


def test_production_settings_pass_the_deploy_checks():
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECRET_KEY_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        SECRET_KEY="x" * 20 + "-production-secret-key-of-sufficient-length-0123456789",
        ALLOWED_HOSTS="scoran.example.fr",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_short_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY_FILE"}}
    env["SECRET_KEY"] = "short"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_a_malformed_boolean_setting_stops_the_start():
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DEBUG"] = "peut-être"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "is not a boolean" in result.stderr
