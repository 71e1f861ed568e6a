#!/bin/sh
# The whole suite, on the servers given by DATABASE_URL / REDIS_URL.
#
# It runs in parallel (pytest-xdist): one worker per core, two at most (TEST_WORKERS
# to change it), each taking runs of tests in pytest-django's order (--dist load,
# xdist's default); tests/parallel.py keeps each worker's Redis database, test database
# and media apart. Serial when the arguments name only test
# files or tests (file.py, file.py::test), when they say -n (e.g. -n 0) or
# -p no:xdist, or with --pdb: starting the workers would cost more than it saves.
set -eu
PY=.venv/bin/python
$PY manage.py collectstatic --noinput --verbosity 0

workers=${TEST_WORKERS:-$(nproc)}
[ -n "${TEST_WORKERS:-}" ] || [ "$workers" -le 2 ] || workers=2
files=0
folders=0
for arg in "$@"; do
    case $arg in
        -n | -n* | --numprocesses* | no:xdist | -pno:xdist | --pdb | --trace) workers=given ;;
    esac
    path=${arg%%::*}
    if [ -d "$path" ]; then
        folders=$((folders + 1))
    elif [ -f "$path" ]; then
        files=$((files + 1))
    fi
done
if [ "$files" -gt 0 ] && [ "$folders" -eq 0 ]; then
    workers=given
fi
case $workers in
    given | 0 | 1) exec $PY -m pytest "$@" ;;
    *) exec $PY -m pytest -n "$workers" "$@" ;;
esac
