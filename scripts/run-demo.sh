#!/bin/sh
# Demo mode: migrate, load the demo content, then run the web server with a
# Celery worker (and its beat scheduler) beside it. Ctrl-C stops everything.
set -eu
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py setup_demo
.venv/bin/celery -A scoran worker --beat --loglevel INFO --concurrency 2 &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
$PY manage.py runserver 127.0.0.1:8000
