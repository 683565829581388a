#!/usr/bin/env bash
# Sets up a fresh clone: npm packages, the embedded FerretDB build, the mini-program and the committee
# console. Idempotent and cached — each step is skipped when its inputs have not changed since it last ran.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache/bin

need() { command -v "$1" >/dev/null 2>&1 || { echo "setup: '$1' is required but not installed ($2)" >&2; exit 1; }; }
need node "Node.js 20"
need go "Go 1.24 or newer, for the embedded FerretDB"
node -e 'process.exit(+process.versions.node.split(".")[0] === 20 ? 0 : 1)' \
  || { echo "setup: Node.js 20 is required (found $(node --version))" >&2; exit 1; }

stamp() { cat "$@" | sha256sum | cut -c1-16; }

# npm packages, from the lock file.
npm_stamp=$(stamp package-lock.json)
if [ ! -d node_modules ] || [ "$(cat .cache/npm.stamp 2>/dev/null)" != "$npm_stamp" ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_stamp" > .cache/npm.stamp
fi

# The embedded database: tools/ferretdb pins FerretDB v1.24.2 in go.mod/go.sum.
fdb_stamp=$( (cat tools/ferretdb/go.mod tools/ferretdb/go.sum tools/ferretdb/*.go; go version) | sha256sum | cut -c1-16)
if [ ! -x .cache/bin/jiati-ferretdb ] || [ "$(cat .cache/ferretdb.stamp 2>/dev/null)" != "$fdb_stamp" ]; then
  echo "setup: building the embedded FerretDB (first time: a minute or two)"
  (cd tools/ferretdb && go build -trimpath -tags ferretdb_no_postgresql -o ../../.cache/bin/jiati-ferretdb .)
  echo "$fdb_stamp" > .cache/ferretdb.stamp
fi
# The resident's mini-program, built into miniprogram-stub/dist/ (what WeChat DevTools opens), for the
# API at JIATI_MINIPROGRAM_API (default: src/config.ts's).
mp_stamp=$( (find miniprogram-stub/src -type f | sort | xargs cat; cat scripts/build-miniprogram.ts; echo "${JIATI_MINIPROGRAM_API:-}") | sha256sum | cut -c1-16)
# Its stamp lives in dist/ itself: the build empties dist/, so a stamp there always describes it.
if [ "$(cat miniprogram-stub/dist/.stamp 2>/dev/null)" != "$mp_stamp" ]; then
  echo "setup: building the mini-program"
  node --import tsx scripts/build-miniprogram.ts
  echo "$mp_stamp" > miniprogram-stub/dist/.stamp
fi
# The committee console (console/ → console/dist/, served at /console/): rebuilt when its sources,
# the lock file or Node changed.
bash scripts/build-console.sh
echo "setup: ready"
