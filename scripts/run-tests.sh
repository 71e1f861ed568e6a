#!/bin/sh
# The whole suite, on the servers given by DATABASE_URL / REDIS_URL.
set -eu
PY=.venv/bin/python
$PY manage.py collectstatic --noinput --verbosity 0
exec $PY -m pytest "$@"
