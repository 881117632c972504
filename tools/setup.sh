#!/usr/bin/env bash
# Installs the project's own toolchain under tools/ (nothing system-wide):
# anvil, forge and cast (npm builds of Foundry), solc-js and OpenZeppelin.
# Idempotent and quick when everything is already in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
stamp=node_modules/.otr-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: installing npm toolchain (anvil, forge, cast, solc, openzeppelin)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  cp package-lock.json "$stamp"
fi
mkdir -p bin
for tool in anvil forge cast; do
  target="$here/node_modules/@foundry-rs/$tool-linux-amd64/bin/$tool"
  chmod +x "$target"
  ln -sf "$target" "bin/$tool"
done
