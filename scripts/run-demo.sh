#!/bin/sh
# Demo mode: migrate, load the demo content, then run the web server with a
# Celery worker (and its beat scheduler) beside it. Ctrl-C stops everything.
# PORT (default 8000) is the web server's port: `make run PORT=8001` when 8000 is taken.
set -eu
PY=.venv/bin/python
PORT=${PORT:-8000}
case $PORT in
    '' | *[!0-9]*) echo "PORT=$PORT n'est pas un numéro de port (par exemple : make run PORT=8001)." >&2; exit 1 ;;
esac
# Refuse a taken port now, before migrating and starting the worker for nothing.
if ! $PY -c 'import socket, sys; socket.create_server(("127.0.0.1", int(sys.argv[1]))).close()' "$PORT" 2>/dev/null; then
    echo "Le port $PORT est déjà pris : lancez par exemple « make run PORT=$((PORT + 1)) »." >&2
    exit 1
fi
# Links in the demo's e-mails point to this server.
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
$PY manage.py migrate --noinput
$PY manage.py setup_demo
.venv/bin/celery -A scoran worker --beat --loglevel INFO --concurrency 2 &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
$PY manage.py runserver "127.0.0.1:$PORT"
