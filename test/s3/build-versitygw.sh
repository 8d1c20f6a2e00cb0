#!/usr/bin/env bash
# Builds versitygw (an Apache-2.0 S3-compatible gateway with a posix backend) from the Go module
# proxy, for the tests of the S3 object store: a real S3 wire protocol (conditional writes,
# multipart, ListObjectsV2) with no Docker and no cloud account.
#
# The binary lands in ${FLUSS_CACHE_DIR:-$HOME/.cache/fluss-ts}/versitygw-<version>/bin. Idempotent:
# an existing binary is kept, so a warm run takes well under a second. Cold: 2-5 min on 2 cores.
set -euo pipefail

VERSITYGW_VERSION=1.8.0

CACHE_ROOT=${FLUSS_CACHE_DIR:-$HOME/.cache/fluss-ts}
CACHE_DIR=$CACHE_ROOT/versitygw-$VERSITYGW_VERSION
BIN_DIR=$CACHE_DIR/bin

log() { printf '[versitygw-build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
trap 'fail "line $LINENO: command exited with status $?"' ERR

if [[ -x "$BIN_DIR/versitygw" ]]; then log "versitygw v$VERSITYGW_VERSION present, skipping"; exit 0; fi
command -v go >/dev/null || fail "go is not on PATH (need Go >= 1.25 for versitygw $VERSITYGW_VERSION)"
mkdir -p "$BIN_DIR"
# One build at a time per cache (parallel test files, CI retries): the others wait, then skip.
exec 9>"$CACHE_DIR/.build.lock"
if ! flock -n 9; then
  log "another build holds $CACHE_DIR/.build.lock; waiting for it"
  flock 9
fi
if [[ -x "$BIN_DIR/versitygw" ]]; then log "versitygw built by the lock holder"; exit 0; fi

start=$(date +%s)
log "building versitygw v$VERSITYGW_VERSION into $BIN_DIR (minutes on a cold Go cache)"
# go install writes the binary only once linking succeeded, so an interrupted build leaves nothing.
(cd "$CACHE_DIR" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOBIN="$BIN_DIR" \
  go install -trimpath -ldflags "-s -w" "github.com/versity/versitygw/cmd/versitygw@v$VERSITYGW_VERSION")
[[ -x "$BIN_DIR/versitygw" ]] || fail "versitygw was not produced"
log "done in $(($(date +%s) - start)) s: $BIN_DIR/versitygw"
