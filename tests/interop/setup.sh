#!/usr/bin/env bash
# Prepares the interop clients that do not come from Debian: kafkajs, installed with `npm ci` from
# the committed package-lock.json into tests/interop/kafkajs/node_modules.
#
# Idempotent and quiet: when node_modules already matches the lock file (a stamp holds the lock's
# sha256) it does nothing and prints nothing. npm's output is shown only if the install fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here/kafkajs"
lock="$dir/package-lock.json"
stamp="$dir/node_modules/.gregor-lock.sha256"

if ! command -v npm >/dev/null 2>&1; then
  echo "interop setup: npm is missing (run 'make deps' or install nodejs/npm)" >&2
  exit 1
fi

want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$dir/node_modules/kafkajs/package.json" ]; then
  exit 0
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
  echo "interop setup: 'npm ci' in $dir failed:" >&2
  cat "$log" >&2
  exit 1
fi
echo "$want" >"$stamp"
echo "interop setup: installed kafkajs into $dir/node_modules"
