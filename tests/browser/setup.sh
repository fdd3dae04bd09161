#!/bin/bash
# tests/browser/setup.sh [--node-only] - what the browser tests need:
# Debian's Chromium (/usr/bin/chromium), Node.js with npm, and
# tests/browser/node_modules (playwright-core, exactly the version of
# package-lock.json, from the npm registry: `npm ci`).  Idempotent and quiet
# when everything is there; exit 1, with the reason on stderr, when
# something cannot be had (the browser test then fails, it never skips).
# playwright-core never downloads a browser here: the tests launch
# /usr/bin/chromium.
set -u
cd "$(dirname "$0")" || exit 1
# Tests running side by side (tests/run.sh) may all call this at once: one
# installs, the others wait and then find everything there.
exec 9<setup.sh && flock 9
export DEBIAN_FRONTEND=noninteractive
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
updated=
apt_install() {
    if [ -z "$updated" ]; then $SUDO apt-get update -qq >/dev/null 2>&1; updated=1; fi
    $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
}
if ! command -v node >/dev/null; then
    echo "setup: installing nodejs and npm" >&2
    apt_install nodejs npm || { echo "setup: cannot install nodejs" >&2; exit 1; }
fi
[ "${1-}" = --node-only ] && exit 0
if ! command -v npm >/dev/null; then
    echo "setup: installing npm" >&2
    apt_install npm || { echo "setup: cannot install npm" >&2; exit 1; }
fi
if [ ! -x /usr/bin/chromium ]; then
    echo "setup: installing chromium" >&2
    apt_install chromium || { echo "setup: cannot install chromium" >&2; exit 1; }
fi
# node_modules is current when every package of the lock is installed at
# the locked version
current() {
    node -e '
const fs = require("fs");
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
for (const [p, v] of Object.entries(lock.packages)) {
    if (!p) continue;
    const got = JSON.parse(fs.readFileSync(p + "/package.json", "utf8")).version;
    if (got !== v.version) process.exit(1);
}' 2>/dev/null
}
if ! current; then
    echo "setup: npm ci in tests/browser" >&2
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >"${TMPDIR:-/tmp}/hocba-npm-ci.log" 2>&1 ||
        { cat "${TMPDIR:-/tmp}/hocba-npm-ci.log" >&2; echo "setup: npm ci failed" >&2; exit 1; }
    rm -f "${TMPDIR:-/tmp}/hocba-npm-ci.log"
    current || { echo "setup: node_modules does not match package-lock.json after npm ci" >&2; exit 1; }
fi
exit 0
