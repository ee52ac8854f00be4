#!/usr/bin/env bash
# Creates local stand-ins for the base images our Dockerfiles name, only when they are absent,
# so that a machine that can reach a registry (or already has them) uses the real ones.
# This machine cannot reach Docker Hub; it builds them from Debian packages and the npm registry.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have debian:bookworm-slim; then
  echo "base images: building a local debian:bookworm-slim with mmdebstrap"
  # Trimmed like the official slim image: no docs, man pages, locales or apt lists.
  mmdebstrap --quiet --variant=minbase --include=ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/*' \
    bookworm - | docker import - debian:bookworm-slim
fi

if ! have node:24-bookworm-slim; then
  echo "base images: building a local node:24-bookworm-slim stand-in"
  node_bin=$("$here/node24.sh")
  ctx=$(mktemp -d)
  mkdir -p "$ctx/usr/local/bin" "$ctx/usr/local/lib/node_modules" "$ctx/usr/local/include"
  cp -a "$node_bin/../bin/node" "$ctx/usr/local/bin/node"
  cp -a "$node_bin/../lib/node_modules/npm" "$ctx/usr/local/lib/node_modules/npm"
  cp -a "$node_bin/../include/node" "$ctx/usr/local/include/node"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ctx/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ctx/usr/local/bin/npx"
  # Like the official image: a `node` user with uid/gid 1000, node and npm on PATH.
  cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM debian:bookworm-slim
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
COPY usr/ /usr/
ENV NODE_VERSION=24.21.0
CMD ["node"]
DOCKERFILE
  docker build --quiet -t node:24-bookworm-slim "$ctx"
  rm -rf "$ctx"
fi
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^(debian:bookworm-slim|node:24-bookworm-slim) '
