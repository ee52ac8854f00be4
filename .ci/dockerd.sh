#!/usr/bin/env bash
# Sourced by .ci/run: starts dockerd only when no daemon answers, and stops only the one it started.
if docker info >/dev/null 2>&1; then
  echo "docker: a daemon already answers; using it"
else
  echo "docker: starting dockerd"
  dockerd >/tmp/facecraft-ci-dockerd.log 2>&1 &
  FACECRAFT_CI_DOCKERD_PID=$!
  stop_ci_dockerd() {
    echo "docker: stopping the dockerd this run started (pid $FACECRAFT_CI_DOCKERD_PID)"
    kill "$FACECRAFT_CI_DOCKERD_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$FACECRAFT_CI_DOCKERD_PID" 2>/dev/null || return 0; sleep 1; done
  }
  trap stop_ci_dockerd EXIT
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "docker: dockerd did not come up"; tail -20 /tmp/facecraft-ci-dockerd.log; exit 1; }
fi
