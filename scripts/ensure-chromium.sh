#!/bin/sh
# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
# Install it when missing and we are allowed to; otherwise say how.
set -eu
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
    echo "WARNING: /usr/bin/chromium is missing: browser tests will be skipped" \
         "(install it with: sudo apt-get install chromium)." >&2
fi
