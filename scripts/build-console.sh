#!/usr/bin/env bash
# Builds the committee console (console/ → console/dist/, served by the app at /console/) when its
# sources, the npm lock file or Node changed since the last build. The stamp lives in the output
# folder itself, so a build belongs to the very sources beside it. Called by setup and, before it
# drives the console, by the browser test (test/web/console.test.ts): a no-op when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=$( (cd console && find . -path ./dist -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum
  sha256sum ../package-lock.json
  node --version) | sha256sum | cut -c1-16)
if [ ! -f console/dist/index.html ] || [ "$(cat console/dist/.stamp 2>/dev/null)" != "$stamp" ]; then
  echo "setup: building the committee console"
  node node_modules/vite/bin/vite.js build --config console/vite.config.ts --logLevel warn
  echo "$stamp" > console/dist/.stamp
fi
